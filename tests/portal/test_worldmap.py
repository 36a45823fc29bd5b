"""The offline SVG world map: vendored shapes, projection, escaping and a CSP-safe output."""

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from ciudadglobal.portal.worldmap import (
    CITY_RADIUS,
    HEIGHT,
    WIDTH,
    MapCity,
    MapCountry,
    city_radius,
    country_shapes,
    intensity_class,
    intensity_classes,
    project,
    render_world_map,
)

SVG = "{http://www.w3.org/2000/svg}"
NUMBER_PAIR = re.compile(r"(-?[\d.]+),(-?[\d.]+)")


def render(countries=(), cities=(), title="Map", description="Partners"):
    return render_world_map(
        countries=list(countries), cities=list(cities), title=title, description=description
    )


def subpaths(d):
    """The rings of a path as lists of (x, y) points."""
    return [[(float(x), float(y)) for x, y in NUMBER_PAIR.findall(ring)] for ring in d.split("M")]


def links(svg):
    """Map each link's href to its <title> text."""
    root = ET.fromstring(svg)
    return {a.get("href"): a.find(f"{SVG}title").text for a in root.iter(f"{SVG}a")}


def test_shapes_cover_the_world_with_iso_codes():
    shapes = country_shapes()
    codes = [shape.code for shape in shapes if shape.code]
    assert len(set(codes)) == len(codes) >= 170
    assert {"MX", "FR", "JP", "RU", "US", "FJ", "AQ"} <= set(codes)
    assert all(shape.d.startswith("M") for shape in shapes)
    assert {"Kosovo", "N. Cyprus"} <= {shape.name for shape in shapes if shape.code is None}


def test_projection_centre_and_bounds():
    assert project(0, 0) == pytest.approx((WIDTH / 2, HEIGHT / 2))
    corners = [project(lon, lat) for lon in (-180, 180) for lat in (-90, 0, 90)]
    points = [p for shape in country_shapes() for ring in subpaths(shape.d) for p in ring]
    for x, y in corners + points:
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
    assert project(-99.1, 19.4)[0] < project(2.35, 48.9)[0] < project(139.7, 35.7)[0]
    assert project(2.35, 48.9)[1] < project(139.7, 35.7)[1] < project(-99.1, 19.4)[1]


def test_no_shape_draws_a_line_across_the_map():
    """Fiji, Chukotka and Antarctica cross ±180°: only the flat pole line may be that long."""
    pole_y = project(0, -90)[1]
    for shape in country_shapes():
        for ring in subpaths(shape.d):
            for (x1, y1), (x2, y2) in pairwise(ring):
                if abs(x2 - x1) > WIDTH / 5:
                    assert y1 == y2 == pytest.approx(pole_y, abs=0.1), shape.name


def test_country_with_value_is_linked_and_others_are_not():
    svg = render(
        [
            MapCountry("MX", "México", 12, "/es/paises/mx/"),
            MapCountry("FR", "Francia", 0, "/es/paises/fr/"),
            MapCountry("JP", "Japón", 3, None),
            MapCountry("US", "Estados Unidos", 5, "javascript:alert(1)"),
        ]
    )
    assert links(svg) == {"/es/paises/mx/": "México: 12"}
    assert svg.count("wm-country wm-c") == 3  # Mexico, Japan and the US are still shaded
    assert "javascript" not in svg
    assert 'role="group"' in svg and 'role="img"' not in svg
    assert 'aria-labelledby="worldmap-title"' in svg


def test_every_text_is_escaped():
    evil = "<script>alert(1)</script>"
    svg = render(
        [MapCountry("MX", evil, 1, "/x/?a=1&b=2")],
        [MapCity(evil, 19.4, -99.1, 1, "/c/")],
        title=evil,
        description=evil,
    )
    assert "<script" not in svg
    assert svg.count("&lt;script&gt;") == 4
    assert "/x/?a=1&amp;b=2" in svg
    ET.fromstring(svg)  # well-formed XML


def test_no_inline_style_or_event_handler():
    svg = render(
        [MapCountry("MX", "México", 3, "/mx/"), MapCountry("RU", "Rusia", 1, "/ru/")],
        [MapCity("Tokio", 35.7, 139.7, 2, "/tokio/")],
    )
    assert not re.search(r"\sstyle\s*=", svg, re.IGNORECASE)
    assert not re.search(r"\son\w+\s*=", svg, re.IGNORECASE)
    assert "<script" not in svg


def test_cities_largest_first_with_growing_radius():
    cities = [
        MapCity("Tokio", 35.7, 139.7, 7, "/tokio/"),
        MapCity("Ciudad de México", 19.4, -99.1, 40, "/cdmx/"),
        MapCity("París", 48.9, 2.35, 12, None),
    ]
    root = ET.fromstring(render(cities=cities))
    titles = [g.find(f"{SVG}title").text for g in root if g.find(f"{SVG}circle") is not None]
    assert titles == ["Ciudad de México: 40", "París: 12", "Tokio: 7"]
    radii = [float(c.get("r")) for c in root.iter(f"{SVG}circle")]
    assert radii == sorted(radii, reverse=True)
    cx, cy = (float(root.find(f"{SVG}a/{SVG}circle").get(k)) for k in ("cx", "cy"))
    assert (cx, cy) == pytest.approx(project(-99.1, 19.4), abs=0.1)
    steps = [city_radius(value, 100) for value in range(101)]
    assert steps == sorted(steps)
    assert steps[0] == CITY_RADIUS[0] and steps[-1] == CITY_RADIUS[1]


@pytest.mark.parametrize(
    ("values", "count"),
    [
        (list(range(1, 101)), 5),
        ([1, 1, 1, 1, 1, 1, 2, 50], 3),  # equal values never split: fewer classes
        ([3], 1),
        ([0, 5, 5, 9, 200, 1, 17, 17, 40, 2], 5),
    ],
)
def test_intensity_classes_are_monotonic_and_cover_the_range(values, count):
    classes = intensity_classes(values)
    positive = [value for value in values if value > 0]
    assert len(classes) == count
    assert classes[0][0] == min(positive) and classes[-1][1] == max(positive)
    for (low, high), (next_low, _) in pairwise(classes):
        assert low <= high and next_low == high + 1
    shades = [intensity_class(value, classes) for value in sorted(positive)]
    assert shades == sorted(shades) and shades[0] == 1 and shades[-1] == len(classes)
    assert intensity_class(0, classes) == 0


def test_no_values_no_classes():
    assert intensity_classes([]) == intensity_classes([0, -1]) == []
    assert "<a " not in render()
