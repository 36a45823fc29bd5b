"""Charts of the public portal: the chart functions, their SVG, the figures page and the CSVs
(``portal/charts.py``, ``portal/views/charts.py``)."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ciudadglobal.activities.models import ActivityKind
from ciudadglobal.actors.models import ActorKind
from ciudadglobal.awards.models import AwardResult
from ciudadglobal.places.models import Place, PlaceKind
from ciudadglobal.places.regions import Region
from ciudadglobal.portal import charts
from ciudadglobal.portal.charts import (
    CHARTS,
    activities_by_year,
    agreements_by_region,
    agreements_by_theme,
    awards_by_category,
    awards_by_result,
    build_chart,
    guests_by_country,
    render_bar_chart,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "public"
INTERNAL = "internal"
SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(charts.__file__).parent / "static" / "portal" / "charts.css"

# ---------------------------------------------------------------------------------------------
# Data


def country(code: str) -> Place:
    return Place.objects.get_or_create(kind=PlaceKind.COUNTRY, country=code)[0]


def partner(government, name, code, kind=ActorKind.FOREIGN_LOCAL_GOVERNMENT, **kwargs):
    place = f.CityFactory(name=name, country=code) if code else None
    return f.ActorFactory(
        home_government=government,
        kind=kind,
        name=name,
        place=place,
        country=code,
        visibility=PUBLIC,
        **kwargs,
    )


def agreement(government, signed, parties=(), themes=(), visibility=PUBLIC, **kwargs):
    record = f.AgreementFactory(
        home_government=government, signed=signed, visibility=visibility, **kwargs
    )
    for actor in parties:
        f.AgreementPartyFactory(agreement=record, actor=actor)
    record.themes.set(themes)
    return record


def activity(government, kind, start, places=(), counterparts=(), visibility=PUBLIC):
    record = f.ActivityFactory(
        home_government=government, kind=kind, start=start, visibility=visibility
    )
    record.places.set(places)
    record.counterparts.set(counterparts)
    return record


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Mexico City's public records, plus an internal record of each kind and public records of
    Bogotá that no chart of Mexico City may count; built once for the module, rolled back after.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        government = f.HomeGovernmentFactory(name="Ciudad de México", slug="cdmx")
        other_government = f.HomeGovernmentFactory(name="Bogotá", slug="bogota", country="CO")
        populate(government, other_government)
        yield government
        transaction.set_rollback(True)


def populate(government, other_government) -> None:
    culture = f.ThemeFactory(home_government=government, name="Cultura", name_en="Culture")
    environment = f.ThemeFactory(
        home_government=government, name="Medio ambiente", name_en="Environment"
    )
    paris = partner(government, "París", "FR")
    madrid = partner(government, "Madrid", "ES")
    tokyo = partner(government, "Tokio", "JP")
    los_angeles = partner(government, "Los Ángeles", "US")
    bogota = partner(government, "Bogotá", "CO")
    cairo = partner(government, "El Cairo", "EG")
    unesco = partner(government, "UNESCO", "", ActorKind.INTERNATIONAL_ORGANIZATION)
    mexico = partner(government, "Gobierno de México", "MX", ActorKind.NATIONAL_GOVERNMENT)
    department = f.DepartmentFactory(home_government=government, name="Cultura CDMX")

    agreement(government, "2014", [paris, madrid], [culture])  # Europe once
    agreement(government, "2016-05", [tokyo, los_angeles], [culture, environment])
    agreement(government, "2015", [unesco, mexico])  # no foreign party in a region
    agreement(government, "2017-03-02", themes=[environment])  # no party at all
    agreement(government, "2013", [department, bogota])
    agreement(government, "2016", [cairo], [culture], visibility=INTERNAL)

    activity(government, ActivityKind.OFFICIAL_TRIP, "2014-05")
    activity(government, ActivityKind.OFFICIAL_TRIP, "2014")
    activity(government, ActivityKind.EVENT_HOSTED, "2014-09-12")
    activity(government, ActivityKind.INCOMING_VISIT, "2015-03", places=[country("ES")])
    activity(
        government,
        ActivityKind.INCOMING_VISIT,
        "2015",
        places=[country("FR")],
        counterparts=[paris],  # France, once
    )
    activity(
        government,
        ActivityKind.INCOMING_VISIT,
        "2016-01",
        places=[country("ES"), country("PT")],  # a visit from two countries
    )
    activity(government, ActivityKind.INCOMING_VISIT, "2016")  # country not given
    activity(
        government,
        ActivityKind.INCOMING_VISIT,
        "2017",
        places=[f.CityFactory(name="Ciudad de México", country="MX")],  # the home country
    )
    activity(government, ActivityKind.FORUM, None)
    activity(government, ActivityKind.INCOMING_VISIT, "2015", [country("JP")], visibility=INTERNAL)

    f.AwardFactory(
        home_government=government,
        result=AwardResult.WON,
        category="Movilidad",
        category_en="Mobility",
        date="2016",
        visibility=PUBLIC,
    )
    f.AwardFactory(
        home_government=government,
        result=AwardResult.WON,
        category="Movilidad ",
        date="2017",
        visibility=PUBLIC,
    )
    f.AwardFactory(
        home_government=government,
        result=AwardResult.HONOURABLE_MENTION,
        date="2016",
        visibility=PUBLIC,
    )
    f.AwardFactory(
        home_government=government,
        result=AwardResult.CANDIDATE,
        category="Cultura",
        category_en="Culture",
        date="2015",
        visibility=PUBLIC,
    )
    f.AwardFactory(
        home_government=government,
        result=AwardResult.FINALIST,
        category="Secreta",
        date="2016",
        visibility=INTERNAL,
    )

    # Bogotá's public records: a region, a theme, a country, a kind, a category and a result
    # Mexico City has none of.
    nairobi = partner(other_government, "Nairobi", "KE")
    water = f.ThemeFactory(home_government=other_government, name="Agua")
    agreement(other_government, "2016", [nairobi], [water])
    activity(other_government, ActivityKind.CAMPAIGN, "2015", [country("IT")])
    activity(other_government, ActivityKind.INCOMING_VISIT, "2015", [country("IT")])
    f.AwardFactory(
        home_government=other_government,
        result=AwardResult.FINALIST,
        category="Agua",
        date="2016",
        visibility=PUBLIC,
    )


@pytest.fixture
def lima(db):
    """A government with no record yet."""
    return f.HomeGovernmentFactory(name="Lima", slug="lima", country="PE")


def counts(rows) -> dict[str, int | tuple[int, ...]]:
    """{label: value} for one-series rows, {label: values} for several."""
    return {row.label: row.values[0] if len(row.values) == 1 else row.values for row in rows}


def test_agreements_by_region_counts_each_region_of_the_foreign_parties_once(world):
    rows = agreements_by_region(world)
    assert counts(rows) == {
        "Europa": 1,
        "Asia": 1,
        "América del Norte": 1,
        "América Latina y el Caribe": 1,
        "África": 0,
        "Medio Oriente": 0,
        "Oceanía": 0,
        _("No region (international organizations only)"): 2,
    }
    assert [row.key for row in rows if row.total][:4] == [
        "north_america",
        "latin_america_caribbean",
        "asia",
        "europe",
    ]  # largest first, then alphabetically (accents ignored)
    assert rows[-1].key == ""
    assert {row.key for row in rows} - {""} == set(Region)


def test_agreements_by_theme(world):
    rows = agreements_by_theme(world)
    assert counts(rows) == {"Cultura": 2, "Medio ambiente": 2, _("No theme"): 2}
    assert rows[-1].key == ""
    with translation.override("en"):
        assert [row.label for row in agreements_by_theme(world)] == [
            "Culture",
            "Environment",
            "No theme",
        ]


def test_activities_by_year_gives_one_value_per_kind(world):
    kinds = list(ActivityKind)

    def values(**per_kind):
        return tuple(per_kind.get(kind.value, 0) for kind in kinds)

    rows = activities_by_year(world)
    assert [row.label for row in rows] == ["2014", "2015", "2016", "2017", _("Date not known")]
    assert counts(rows) == {
        "2014": values(official_trip=2, event_hosted=1),
        "2015": values(incoming_visit=2),
        "2016": values(incoming_visit=2),
        "2017": values(incoming_visit=1),
        _("Date not known"): values(forum=1),
    }


def test_guests_by_country(world):
    rows = guests_by_country(world)
    assert counts(rows) == {
        "España": 2,
        "Francia": 1,
        "Portugal": 1,
        _("Country not given"): 2,  # no place, and a place in the home country
    }
    assert [row.key for row in rows] == ["ES", "FR", "PT", ""]
    with translation.override("en"):
        assert [row.label for row in guests_by_country(world)][:3] == [
            "Spain",
            "France",
            "Portugal",
        ]


def test_awards_by_category_and_result(world):
    assert counts(awards_by_category(world)) == {
        "Movilidad": 2,
        "Cultura": 1,
        _("No category given"): 1,
    }
    with translation.override("en"):
        assert [row.label for row in awards_by_category(world)] == [
            "Mobility",
            "Culture",
            "No category given",
        ]
    rows = awards_by_result(world)
    assert [row.key for row in rows] == list(AwardResult)
    assert [row.total for row in rows] == [1, 0, 1, 2]  # candidate, finalist, mention, won
    assert [row.label for row in rows] == [str(result.label) for result in AwardResult]


def test_a_period_counts_only_dated_records_within_it(world):
    period = {"year_from": 2014, "year_to": 2016}
    assert {r.key: r.total for r in agreements_by_region(world, **period) if r.total} == {
        "europe": 1,
        "asia": 1,
        "north_america": 1,
        "": 1,
    }
    assert counts(agreements_by_theme(world, **period)) == {
        "Cultura": 2,
        "Medio ambiente": 1,
        _("No theme"): 1,
    }
    assert [row.label for row in activities_by_year(world, **period)] == ["2014", "2015", "2016"]
    assert [row.label for row in activities_by_year(world, year_from=2016)] == ["2016", "2017"]
    assert [row.label for row in activities_by_year(world, year_to=2014)] == ["2014"]
    assert counts(guests_by_country(world, year_from=2016)) == {
        "España": 1,
        "Portugal": 1,
        _("Country not given"): 2,
    }
    assert counts(awards_by_category(world, year_to=2016)) == {
        "Movilidad": 1,
        "Cultura": 1,
        _("No category given"): 1,
    }
    assert [row.total for row in awards_by_result(world, year_from=2017)] == [0, 0, 0, 1]


def test_nothing_to_chart(lima):
    for chart in CHARTS.values():
        rows = chart.rows(lima)
        assert all(row.total == 0 for row in rows)
        data = build_chart(chart, lima)
        assert data.lines() == [[row.label, 0] for row in data.rows]


def test_the_registry_names_every_chart_by_slug():
    assert list(CHARTS) == [
        "agreements-by-region",
        "agreements-by-theme",
        "activities-by-year",
        "guests-by-country",
        "awards-by-category",
        "awards-by-result",
    ]
    assert all(chart.slug == slug for slug, chart in CHARTS.items())


def test_build_chart_keeps_only_the_kinds_with_records_and_adds_a_total(world):
    data = build_chart(CHARTS["activities-by-year"], world, year_from=2014, year_to=2015)
    assert [series.key for series in data.series] == [
        "official_trip",
        "incoming_visit",
        "event_hosted",
    ]
    assert [series.colour for series in data.series] == [1, 2, 3]  # the kind keeps its colour
    assert data.header() == [
        _("Year"),
        str(ActivityKind.OFFICIAL_TRIP.label),
        str(ActivityKind.INCOMING_VISIT.label),
        str(ActivityKind.EVENT_HOSTED.label),
        _("Total"),
    ]
    assert data.lines() == [["2014", 2, 0, 1, 3], ["2015", 0, 2, 0, 2]]


def test_rows_link_to_the_explorer_of_their_records_with_the_period(world, monkeypatch):
    monkeypatch.setattr(charts, "portal_url", lambda name, slug: f"/{slug}/{name}/")
    data = build_chart(CHARTS["agreements-by-region"], world, year_from=2014)
    urls = {row.key: row.url for row in data.rows}
    assert urls["europe"] == "/cdmx/agreement-list/?year_from=2014&region=europe"
    assert urls[""] == ""  # the "no region" row lists nothing
    guests = build_chart(CHARTS["guests-by-country"], world)
    assert guests.rows[0].url == "/cdmx/activity-list/?kind=incoming_visit&country=ES"
    years = build_chart(CHARTS["activities-by-year"], world)
    assert years.rows[0].url == "/cdmx/activity-list/?year_from=2014&year_to=2014"
    assert all(not row.url for row in build_chart(CHARTS["awards-by-category"], world).rows)


def test_rows_have_no_link_when_the_explorer_is_not_served(world, monkeypatch):
    def missing(name, slug):
        raise NoReverseMatch(name)

    monkeypatch.setattr(charts, "portal_url", missing)
    assert all(not row.url for row in build_chart(CHARTS["awards-by-result"], world).rows)


# ---------------------------------------------------------------------------------------------
# SVG


def test_svg_is_an_image_named_by_its_title_with_every_bar_labelled(world):
    data = build_chart(CHARTS["agreements-by-theme"], world)
    svg = ET.fromstring(str(render_bar_chart(data)))
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    assert svg.find(f"{SVG}title").get("id") == title_id == "chart-agreements-by-theme-title"
    assert svg.find(f"{SVG}title").text == _("Agreements by theme")
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert "Cultura: 2" in desc.text
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    values = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert labels == ["Cultura", "Medio ambiente", _("No theme")]
    assert values == ["2", "2", "2"]
    widths = {float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")}
    assert len(widths) == 1  # equal counts, equal bars


def test_svg_is_csp_safe_and_escapes_labels(lima):
    theme = f.ThemeFactory(home_government=lima, name='<script>alert("x")</script>')
    agreement(lima, "2014", themes=[theme])
    text = str(render_bar_chart(build_chart(CHARTS["agreements-by-theme"], lima)))
    assert "<script" not in text
    assert "&lt;script&gt;" in text
    assert "style=" not in text
    assert not re.search(r"\son\w+=", text)  # no event handlers
    ET.fromstring(text)  # well-formed


def test_stacked_svg_draws_one_segment_per_kind_in_the_order_of_the_legend(world):
    with translation.override("en"):
        data = build_chart(CHARTS["activities-by-year"], world)
        svg = ET.fromstring(str(data.svg))
        trip = str(ActivityKind.OFFICIAL_TRIP.label)
    rects = list(svg.iter(f"{SVG}rect"))
    assert [rect.get("class") for rect in rects[:2]] == ["chart-bar chart-s1", "chart-bar chart-s3"]
    assert rects[0].find(f"{SVG}title").text == f"2014 · {trip}: 2"
    assert float(rects[0].get("x")) + float(rects[0].get("width")) == pytest.approx(
        float(rects[1].get("x")), abs=0.11
    )
    totals = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert totals == ["3", "2", "2", "1", "1"]
    assert "Stacked" in svg.find(f"{SVG}desc").text


def test_bar_colours_contrast_with_the_page():
    """WCAG 1.4.11 asks 3:1 for bars; 4.5:1 keeps the white values inside segments legible."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    fills = re.findall(r"\.chart-s(\d+) \{ fill: #([0-9a-f]{6});", CSS.read_text())
    assert [int(n) for n, _ in fills] == list(range(1, len(ActivityKind) + 1))
    for _n, colour in fills:
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, colour


# ---------------------------------------------------------------------------------------------
# The page and the CSV


class TableParser(HTMLParser):
    """Every <table> of a page: its caption and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(response) -> dict[str, list[list[str]]]:
    parser = TableParser()
    parser.feed(response.content.decode())
    return {table["caption"].strip(): table["rows"] for table in parser.tables}


def figures_url(government, language="es", query=""):
    with translation.override(language):
        return reverse("portal:charts", kwargs={"government": government.slug}) + query


def csv_url(government, chart, language="es", query=""):
    with translation.override(language):
        address = reverse(
            "portal:chart-csv", kwargs={"government": government.slug, "chart": chart}
        )
    return address + query


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_urls():
    assert figures_url(f.HomeGovernmentFactory.build(slug="cdmx")) == "/cdmx/figures/"
    assert figures_url(f.HomeGovernmentFactory.build(slug="cdmx"), "en") == "/en/cdmx/figures/"
    assert (
        csv_url(f.HomeGovernmentFactory.build(slug="cdmx"), "agreements-by-region")
        == "/cdmx/figures/agreements-by-region.csv"
    )


def caption(slug: str, language: str = "es") -> str:
    with translation.override(language):
        return str(CHARTS[slug].title)


@pytest.mark.parametrize(("language", "europe"), [("es", "Europa"), ("en", "Europe")])
def test_the_page_shows_every_chart_with_its_table_and_csv_link(client, world, language, europe):
    response = client.get(figures_url(world, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1>") == 1
    assert html.count('role="img"') == len(CHARTS)
    for slug in CHARTS:
        assert f'id="chart-{slug}"' in html
        assert f'aria-labelledby="chart-{slug}-title"' in html
        assert f'href="{csv_url(world, slug, language)}"' in html
    assert "style=" not in html and "<script" not in html
    tables = page_tables(response)
    assert [europe, "1"] in tables[caption("agreements-by-region", language)]
    assert '<th scope="col"' in html and '<th scope="row"' in html


def test_internal_and_other_governments_records_are_nowhere(client, world):
    response = client.get(figures_url(world))
    html = response.content.decode()
    # Internal: an agreement in Egypt, a guest from Japan, an award in "Secreta" (finalist).
    # Bogotá: an agreement in Kenya on "Agua", a campaign and a guest from Italy, a finalist.
    for hidden in ("Secreta", "Agua", "Italia", "Japón", "Kenia", "Egipto"):
        assert hidden not in html, hidden
    tables = page_tables(response)
    assert [str(Region.AFRICA.label), "0"] in tables[caption("agreements-by-region")]
    assert [str(AwardResult.FINALIST.label), "0"] in tables[caption("awards-by-result")]
    header = tables[caption("activities-by-year")][0]
    assert str(ActivityKind.CAMPAIGN.label) not in header
    for slug in CHARTS:
        text = client.get(csv_url(world, slug)).content.decode()
        for hidden in ("Secreta", "Agua", "Italia", "Japón"):
            assert hidden not in text, (slug, hidden)


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_csv_matches_the_table_on_the_page(client, world, language):
    query = "?year_from=2014&year_to=2016"
    tables = page_tables(client.get(figures_url(world, language, query)))
    for slug, chart in CHARTS.items():
        response = client.get(csv_url(world, slug, language, query))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="cdmx-{slug}-2014-2016.csv"'
        )
        with translation.override(language):
            title = str(chart.title)
        assert read_csv(response) == tables[title], slug
        assert (
            len(tables[title])
            == len(build_chart(chart, world, year_from=2014, year_to=2016).rows) + 1
        )


def test_csv_header_is_in_the_active_language(client, world):
    spanish = read_csv(client.get(csv_url(world, "activities-by-year")))
    english = read_csv(client.get(csv_url(world, "activities-by-year", "en")))
    with translation.override("es"):
        assert spanish[0][1] == str(ActivityKind.OFFICIAL_TRIP.label)
    assert english[0] == [
        "Year",
        "Official trip abroad",
        "Incoming visit or distinguished guest",
        "Event hosted",
        "Forum or workshop",
        "Total",
    ]
    assert english[1] == ["2014", "2", "0", "1", "0", "3"]
    assert english[-1] == ["Date not known", "0", "0", "0", "1", "1"]


def test_unknown_chart_or_government_is_404(client, world):
    assert client.get(csv_url(world, "agreements-by-mood")).status_code == 404
    assert client.get("/nowhere/figures/").status_code == 404
    assert client.get("/nowhere/figures/agreements-by-region.csv").status_code == 404


def test_the_period_filters_the_page_and_its_links(client, world):
    response = client.get(figures_url(world, query="?year_from=2015&year_to=2015"))
    html = response.content.decode()
    assert 'value="2015"' in html
    assert f'href="{csv_url(world, "awards-by-result")}?year_from=2015&amp;year_to=2015"' in html
    rows = page_tables(response)[caption("activities-by-year")]
    assert [row[0] for row in rows[1:]] == ["2015"]


@pytest.mark.parametrize(
    "query", ["?year_from=2017&year_to=2014", "?year_from=twenty", "?year_to=99999"]
)
def test_an_invalid_period_is_reported_and_ignored(client, world, query):
    response = client.get(figures_url(world, query=query))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    rows = page_tables(response)[caption("activities-by-year")]
    assert [row[0] for row in rows[1:]][-1] == _("Date not known")  # every year, undated too
    csv_rows = read_csv(client.get(csv_url(world, "activities-by-year", query=query)))
    assert csv_rows == rows


def test_queries_do_not_grow_with_the_records(client, lima):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(count, start):
        theme = f.ThemeFactory(home_government=lima)
        for n in range(count):
            place = country(["ES", "FR", "JP", "BR", "KE"][n % 5])
            visit = activity(lima, ActivityKind.INCOMING_VISIT, start, [place])
            visit.themes.add(theme)
            agreement(lima, start, [partner(lima, f"Socia {start} {n}", "FR")], [theme])
            f.AwardFactory(home_government=lima, category=f"Cat {n}", date=start, visibility=PUBLIC)

    add(1, "2014")
    few = (queries(figures_url(lima)), queries(csv_url(lima, "guests-by-country")))
    add(10, "2015")
    many = (queries(figures_url(lima)), queries(csv_url(lima, "guests-by-country")))
    assert few == many
    assert many[0] <= 1 + len(CHARTS)  # the government, then one query per chart
    assert many[1] <= 2
