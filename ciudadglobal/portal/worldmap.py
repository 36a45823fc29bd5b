"""Offline, server-rendered SVG world map for the public portal.

Natural Earth 1:110m countries (``data/SOURCES.md``) in the Equal Earth projection. No tile
server, no JavaScript, no inline styles or handlers (a strict CSP holds): colours live in
``static/portal/worldmap.css``.
"""

from __future__ import annotations

import html
import json
import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_countries import countries as iso_countries

GEOJSON_PATH = Path(__file__).parent / "data" / "countries-110m.geojson"
CLASS_COUNT = 5
CITY_RADIUS = (3.0, 14.0)  # smallest and largest circle, in viewBox units
WIDTH = 1000.0
PADDING = 2.0  # keeps strokes along the edge of the world inside the viewBox

Ring = list[tuple[float, float]]

# Equal Earth projection: B. Šavrič, T. Patterson, B. Jenny (2018), "The Equal Earth map
# projection", International Journal of Geographical Information Science 33(3): 454-465,
# doi:10.1080/13658816.2018.1504949. Equal-area, so country sizes compare honestly.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees onto the Equal Earth plane of the unit sphere (y grows northwards)."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * math.radians(lon) * math.cos(theta)) / (
        3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)
    )
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return x, y


_SCALE = (WIDTH / 2 - PADDING) / _equal_earth(180, 0)[0]
HEIGHT = round(2 * (_equal_earth(0, 90)[1] * _SCALE + PADDING), 1)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to viewBox coordinates: (0, 0) is the centre, north is up."""
    x, y = _equal_earth(lon, lat)
    return WIDTH / 2 + x * _SCALE, HEIGHT / 2 - y * _SCALE


def _clip(ring: Ring) -> Ring:
    """Clip a ring to -180 <= lon <= 180 (Sutherland-Hodgman, one meridian at a time)."""
    for side in (-1, 1):  # the western edge (lon >= -180), then the eastern one (lon <= 180)
        edge, clipped = 180.0 * side, []
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (side * x1 <= 180) != (side * x2 <= 180):
                clipped.append((edge, y1 + (y2 - y1) * (edge - x1) / (x2 - x1)))
            if side * x2 <= 180:
                clipped.append((x2, y2))
        ring = clipped
    return ring


def _split_at_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring that crosses the ±180° meridian into pieces that each stay on the map.

    world-atlas is *not* cut for flat maps: Fiji and Chukotka (Russia) jump from +180 to -180
    and Antarctica wraps round the pole, which a plain path would draw as stripes across the
    world. The ring is unwrapped into continuous longitudes, closed along the pole when it
    encircles one, and clipped to [-180, 180] once per 360° shift.
    """
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        lon += 360 * round((unwrapped[-1][0] - lon) / 360)
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:  # goes round a pole (Antarctica)
        pole = math.copysign(90.0, sum(lat for _, lat in ring))
        unwrapped += [(unwrapped[-1][0], pole), (unwrapped[0][0], pole)]
    if all(-180 <= lon <= 180 for lon, _ in unwrapped):
        return [unwrapped]
    pieces = [_clip([(lon + shift, lat) for lon, lat in unwrapped]) for shift in (-360, 0, 360)]
    return [piece for piece in pieces if piece and len({lon for lon, _ in piece}) > 1]


def _ring_path(ring: Ring) -> str:
    """Return the SVG path data of one ring, in viewBox units to 0.1, without repeated points."""
    points: list[str] = []
    for lon, lat in ring:
        x, y = project(lon, lat)
        point = f"{x:.1f},{y:.1f}"
        if not points or points[-1] != point:
            points.append(point)
    return f"M{' '.join(points)}Z" if len(points) > 2 else ""


# Outline of the whole world (the ±180° meridians), drawn first as the ocean.
_SPHERE = _ring_path([(180 * side, lat * side) for side in (1, -1) for lat in range(-90, 91, 5)])


@dataclass(frozen=True)
class CountryShape:
    """One Natural Earth feature: ISO alpha-2 code (None for Kosovo, N. Cyprus, Somaliland)."""

    code: str | None
    name: str
    d: str


@cache
def country_shapes() -> tuple[CountryShape, ...]:
    """Load the vendored GeoJSON once and precompute every country's SVG path."""
    with GEOJSON_PATH.open(encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    shapes = []
    for feature in features:
        kind, polygons = feature["geometry"]["type"], feature["geometry"]["coordinates"]
        polygons = [polygons] if kind == "Polygon" else polygons
        # Holes are plain extra rings: the CSS fills with `fill-rule: evenodd`.
        d = "".join(
            _ring_path(piece)
            for polygon in polygons
            for ring in polygon
            for piece in _split_at_antimeridian(ring)
        )
        numeric = feature.get("id")
        code = iso_countries.alpha2(int(numeric)) if numeric else ""
        shapes.append(CountryShape(code or None, feature["properties"]["name"], d))
    return tuple(shapes)


@dataclass(frozen=True)
class MapCountry:
    """A country to shade: ISO alpha-2 code, display name, count and optional link."""

    code: str
    name: str
    value: int
    url: str | None


@dataclass(frozen=True)
class MapCity:
    """A city to mark with a circle sized by its count."""

    name: str
    latitude: float
    longitude: float
    value: int
    url: str | None


def intensity_classes(values: Iterable[int]) -> list[tuple[int, int]]:
    """Split the positive values into at most five quantile classes, as (min, max) pairs.

    Each class holds about as many values as the others, which keeps skewed counts (many
    countries with 1, a few with 40) readable. Equal values never go to two classes, so data
    with fewer distinct values gets fewer classes. The ranges are contiguous integers from the
    smallest value to the largest; class *i* (from 1) is drawn with the CSS class ``wm-c<i>``,
    so a template legend can loop over this list with ``forloop.counter``.
    """
    data = sorted(value for value in values if value > 0)
    count = min(CLASS_COUNT, len(set(data)))
    classes: list[tuple[int, int]] = []
    for i in range(1, count + 1):
        low = classes[-1][1] + 1 if classes else data[0]
        if low > data[-1]:
            break
        high = max(data[math.ceil(i * len(data) / count) - 1], data[bisect_left(data, low)])
        classes.append((low, high))
    return classes


def intensity_class(value: int, classes: Sequence[tuple[int, int]]) -> int:
    """Return the 1-based class of ``value`` among ``classes``, or 0 when it gets no shade."""
    if value <= 0 or not classes:
        return 0
    return min(bisect_left([high for _, high in classes], value), len(classes) - 1) + 1


def city_radius(value: int, largest: int) -> float:
    """Radius growing with the square root of ``value`` (circle area ~ value), bounded."""
    low, high = CITY_RADIUS
    return low + (high - low) * math.sqrt(max(value, 0) / largest) if largest > 0 else low


_CIRCLE = '<circle class="wm-city" cx="{}" cy="{}" r="{}"/>'


def _item(url: str | None, label: str, shape: SafeString) -> SafeString:
    """Wrap a shape in a link named by its ``<title>``, or give it the title alone.

    Only relative and http(s) URLs become links: never ``javascript:`` or ``data:``. Written
    out rather than with ``format_html`` (the same escaping, ``html.escape``), which costs
    more than the rest of the drawing for the thousands of cities of a large network.
    """
    title = f"<title>{html.escape(str(label))}</title>{shape}"
    if url and urlsplit(url).scheme in ("", "http", "https"):
        return SafeString(f'<a href="{html.escape(str(url))}">{title}</a>')
    return SafeString(f"<g>{title}</g>")


def render_world_map(
    *,
    countries: list[MapCountry],
    cities: list[MapCity],
    title: str,
    description: str,
    id_prefix: str = "worldmap",
) -> SafeString:
    """Render the map as an inline ``<svg>`` element; every text is escaped.

    All countries are drawn in a neutral fill; those with a positive value are shaded
    (``wm-c1``…``wm-c5``, see :func:`intensity_classes`), named by a ``<title>`` and linked
    when they have a URL, after the others so their outline stays on top. Cities come last,
    largest first so small circles stay clickable. ``id_prefix`` must be unique on the page.
    """
    classes = intensity_classes(country.value for country in countries)
    by_code = {country.code.upper(): country for country in countries if country.value > 0}
    plain = [format_html('<path class="wm-sphere" d="{}"/>', _SPHERE)]
    shaded = []
    for shape in country_shapes():
        if (country := by_code.get(shape.code or "")) is None:
            plain.append(format_html('<path class="wm-country" d="{}"/>', shape.d))
            continue
        shade = intensity_class(country.value, classes)
        path = format_html('<path class="wm-country wm-c{}" d="{}"/>', shade, shape.d)
        shaded.append(_item(country.url, f"{country.name}: {country.value}", path))
    largest = max((city.value for city in cities), default=0)
    for city in sorted(cities, key=lambda city: (-city.value, city.name)):
        x, y = project(city.longitude, city.latitude)
        r = city_radius(city.value, largest)
        circle = SafeString(_CIRCLE.format(f"{x:.1f}", f"{y:.1f}", f"{r:.1f}"))  # numbers only
        shaded.append(_item(city.url, f"{city.name}: {city.value}", circle))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="wm-map" viewBox="{box}" role="group" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc"><title id="{id}-title">'
        '{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        box=f"0 0 {WIDTH:g} {HEIGHT:g}",
        id=id_prefix,
        title=title,
        desc=description,
        body=SafeString("".join(plain + shaded)),  # each part escaped already
    )
