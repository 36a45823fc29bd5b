"""The transparency page: published figures beside the registry's counts, and the data-quality
flags (``portal/views/transparency.py``)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ciudadglobal.agreements.models import AgreementKind
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.portal.views.transparency import (
    Comparison,
    FigureRow,
    format_period,
    format_source,
    format_value,
)
from ciudadglobal.transparency.models import FigureUnit, FlagKind, FlagStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "public"
INTERNAL = "internal"
TWINNINGS = {"model": "agreements.agreement", "filter": {"kind": AgreementKind.TWINNING}}
GROUP = "Hermanamientos firmados"


def figure(government, label, value, visibility=PUBLIC, **kwargs):
    kwargs.setdefault("group", GROUP)
    return f.PublishedFigureFactory(
        home_government=government,
        label=label,
        value=value,
        visibility=visibility,
        source_line=kwargs.pop("source_line", 636),
        **kwargs,
    )


@pytest.fixture
def world(government, other_government):
    """Two public twinnings and an internal one; figures that match, differ or are not
    itemized; flags open and resolved; and what the public must not see."""
    for visibility in (PUBLIC, PUBLIC, INTERNAL):
        f.AgreementFactory(
            home_government=government, kind=AgreementKind.TWINNING, visibility=visibility
        )
    source = f.SourceFactory(home_government=government, title="CDMX Global")
    total = figure(
        government,
        "Total",
        2,
        group_en="Twinnings signed",
        label_en="Total",
        registry_query=TWINNINGS,
        source=source,
    )
    stated = figure(
        government,
        "Según el mapa",
        3,
        group_en="Twinnings signed",
        label_en="According to the map",
        registry_query=TWINNINGS,
        source=source,
        source_page="45",
    )
    women = figure(
        government,
        "Mujeres",
        Decimal("45.5"),
        group="Encuesta FICA",
        group_en="FICA survey",
        label_en="Women",
        unit=FigureUnit.PERCENT,
        period_start="2018",
        period_end="2018",
        source=source,
        source_line=4435,
    )
    funds = figure(
        government,
        "",
        2000000,
        group="Apoyo de la Unión Europea",
        unit=FigureUnit.AMOUNT,
        currency="EUR",
        period_start="2013",
        source=source,
        source_line=1609,
    )
    secret = figure(
        government, "Cifra interna", 7, visibility=INTERNAL, group="Grupo interno", source=source
    )
    figure(
        other_government, "Cifra de Bogotá", 9, group="Grupo de Bogotá", registry_query=TWINNINGS
    )

    open_flag = f.QualityFlagFactory(
        home_government=government,
        title="El mapa cuenta tres hermanamientos",
        title_en="The map counts three twinnings",
        description="El texto lista dos.",
        description_en="The text lists two.",
        kind=FlagKind.CONTRADICTION,
        source_lines="636-646",
        visibility=PUBLIC,
    )
    open_flag.figures.set([stated, secret])
    resolved = f.QualityFlagFactory(
        home_government=government,
        title="Fecha de la encuesta",
        kind=FlagKind.AMBIGUITY,
        status=FlagStatus.RESOLVED,
        resolution="Se confirmó con la CGAI: 2018.",
        resolved_at=timezone.now(),
        visibility=PUBLIC,
    )
    resolved.figures.set([women])
    f.QualityFlagFactory(home_government=government, title="Bandera interna", visibility=INTERNAL)
    f.QualityFlagFactory(
        home_government=other_government, title="Bandera de Bogotá", visibility=PUBLIC
    )
    government.figures = {"total": total, "stated": stated, "women": women, "funds": funds}
    return government


def transparency_url(government, language="es", query=""):
    with translation.override(language):
        return reverse("portal:transparency", kwargs={"government": government.slug}) + query


def figure_row(html: str, figure) -> str:
    """The HTML of the table row of ``figure``."""
    match = re.search(rf'<tr id="figure-{figure.pk}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {figure}"
    return " ".join(match.group(1).split())


def label(comparison: Comparison, language="es") -> str:
    with translation.override(language):
        return str(comparison.label)


def test_url():
    assert transparency_url(f.HomeGovernmentFactory.build(slug="cdmx")) == "/cdmx/transparency/"
    assert transparency_url(f.HomeGovernmentFactory.build(slug="cdmx"), "en") == (
        "/en/cdmx/transparency/"
    )


def test_published_values_beside_the_registry_counts(client, world):
    response = client.get(transparency_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert '<th scope="rowgroup" colspan="6">Hermanamientos firmados</th>' in html

    total = figure_row(html, world.figures["total"])
    assert '<td class="number">2</td> <td class="number">2</td>' in total
    assert label(Comparison.MATCHES) in total

    stated = figure_row(html, world.figures["stated"])  # the internal twinning is not counted
    assert '<td class="number">3</td> <td class="number">2</td>' in stated
    assert f"{label(Comparison.DIFFERS)} (−1)" in stated
    assert format_source(world.figures["stated"]) in stated
    assert "El mapa cuenta tres hermanamientos" in stated  # its open flag, linked

    women = figure_row(html, world.figures["women"])
    assert "45,5 %" in women  # figure_row() turns the no-break space into a space
    assert label(Comparison.NOT_ITEMIZED) in women
    assert "2018" in women

    funds = figure_row(html, world.figures["funds"])
    assert "2.000.000,00 €" in funds
    assert "2013" in funds


def test_groups_follow_their_source_and_a_single_source_is_named_once(client, world):
    html = client.get(transparency_url(world)).content.decode()
    groups = re.findall(r'<th scope="rowgroup" colspan="6">(.*?)</th>', html)
    assert groups == ["Hermanamientos firmados", "Apoyo de la Unión Europea", "Encuesta FICA"]
    assert html.count("CDMX Global") == 1


def test_english(client, world):
    response = client.get(transparency_url(world, "en"))
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Twinnings signed" in html and "According to the map" in html
    assert "45.5%" in figure_row(html, world.figures["women"])
    assert "€2,000,000.00" in figure_row(html, world.figures["funds"])
    assert "The map counts three twinnings" in html and "The text lists two." in html
    assert f"{label(Comparison.DIFFERS, 'en')} (−1)" in figure_row(html, world.figures["stated"])
    assert "Matches" in html and "Differs" in html and "Not itemized" in html


def test_internal_and_other_governments_figures_and_flags_are_absent(client, world):
    html = client.get(transparency_url(world)).content.decode()
    for hidden in ("Cifra interna", "Grupo interno", "Bandera interna", "Bogotá"):
        assert hidden not in html, hidden
    assert html.count('<tr id="figure-') == 4


def test_flags_open_then_resolved_in_a_details(client, world):
    html = client.get(transparency_url(world)).content.decode()
    open_part, resolved_part = html.split("<details", 1)
    assert "El mapa cuenta tres hermanamientos" in open_part
    assert "El texto lista dos." in open_part
    assert "636-646" in open_part
    assert str(FlagKind.CONTRADICTION.label) in open_part
    stated = world.figures["stated"]
    assert f'href="/cdmx/transparency/#figure-{stated.pk}"' in open_part  # its public figure only
    assert "Fecha de la encuesta" in resolved_part
    assert "Se confirmó con la CGAI: 2018." in resolved_part
    assert f'href="/cdmx/transparency/#figure-{world.figures["women"].pk}"' in resolved_part
    assert "Fecha de la encuesta" not in open_part


@pytest.mark.parametrize(
    ("comparison", "shown"),
    [("matches", {"total"}), ("differs", {"stated"}), ("not_itemized", {"women", "funds"})],
)
def test_filter_by_comparison(client, world, comparison, shown):
    html = client.get(transparency_url(world, query=f"?comparison={comparison}")).content.decode()
    rows = {key for key, fig in world.figures.items() if f'<tr id="figure-{fig.pk}">' in html}
    assert rows == shown
    assert f'href="?comparison={comparison}" aria-current="true"' in html


def test_an_unknown_comparison_shows_everything(client, world):
    html = client.get(transparency_url(world, query="?comparison=maybe")).content.decode()
    assert html.count('<tr id="figure-') == 4


def test_unknown_government_is_404(client, db):
    assert client.get("/nowhere/transparency/").status_code == 404


def test_query_count_is_bounded(client, government):
    """4 queries (government, flags, the flags' figures, the figures), plus one per figure the
    registry itemizes — however many figures and flags there are."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(transparency_url(government)).status_code == 200
        return len(captured)

    def add(count: int, itemized: bool) -> None:
        for n in range(count):
            fig = figure(
                government, f"Cifra {n}", n, registry_query=TWINNINGS if itemized else None
            )
            flag = f.QualityFlagFactory(home_government=government, visibility=PUBLIC)
            flag.figures.add(fig)

    add(1, itemized=False)
    few = queries()
    add(10, itemized=False)
    assert queries() == few
    assert few <= 4
    add(3, itemized=True)
    assert queries() == few + 3


def test_comparison_of_a_row():
    fig = f.PublishedFigureFactory.build(value=Decimal("17.0000"))
    assert FigureRow(fig, 17).comparison == Comparison.MATCHES
    assert FigureRow(fig, Decimal("17")).comparison == Comparison.MATCHES
    assert FigureRow(fig, 16).comparison == Comparison.DIFFERS
    assert FigureRow(fig, 16).difference == "−1"
    assert FigureRow(fig, 20).difference == "+3"
    assert FigureRow(fig, None).comparison == Comparison.NOT_ITEMIZED
    assert FigureRow(fig, None).registry_value == ""


def test_formats():
    with translation.override("es"):
        assert format_value(Decimal("5366.0000"), FigureUnit.COUNT) == "5.366"
        assert format_value(Decimal("19.5"), FigureUnit.COUNT) == "19,5"
        assert format_value(Decimal("50.0000"), FigureUnit.PERCENT) == "50\xa0%"  # a no-break space
        assert format_period(PartialDate(2013), PartialDate(2017)) == "2013–2017"
        assert format_period(PartialDate(2018), PartialDate(2018)) == "2018"
        since = _("from %(date)s") % {"date": "mayo de 2014"}
        assert format_period(PartialDate(2014, 5), None) == since
        assert format_period(None, None) == ""
    with translation.override("en"):
        assert format_value(Decimal("5366.0000"), FigureUnit.COUNT) == "5,366"
        assert format_value(Decimal("2000000"), FigureUnit.AMOUNT, "MXN") == "MX$2,000,000.00"
        assert format_period(None, PartialDate(2016)) == "until 2016"
        assert format_source(f.PublishedFigureFactory.build(source_page="45", source_line=636)) == (
            "p. 45, line 636"
        )
