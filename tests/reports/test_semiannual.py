"""Every figure of the semiannual report equals a count made here, independently, over the
registry of the ``registry`` fixture (known answers), and internal records never count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.translation import gettext

from ciudadglobal.reports.models import BenefitEvaluation, Semester
from ciudadglobal.reports.semiannual import build_semiannual, months_after, months_before
from tests import factories as f

pytestmark = pytest.mark.django_db

H1 = Semester(2018, 1)


def labels(figure) -> set[str]:
    return {record.label for record in figure.records}


def test_semesters_and_month_arithmetic():
    assert (H1.start.isoformat(), H1.end.isoformat()) == ("2018-01-01", "2018-06-30")
    h2 = Semester(2018, 2)
    assert (h2.start.isoformat(), h2.end.isoformat()) == ("2018-07-01", "2018-12-31")
    assert months_before(H1.end, 12).isoformat() == "2017-07-01"
    assert months_after(H1.end, 6).isoformat() == "2018-12-31"
    assert months_after(h2.end, 6).isoformat() == "2019-06-30"


def test_agreement_figures(registry):
    report = build_semiannual(registry.government, H1)
    a = registry.agreements
    assert labels(report.figure("agreements-signed")) == {str(a["new"])}
    assert labels(report.figure("agreements-in-force")) == {
        str(a["new"]),
        str(a["active"]),
        str(a["dormant"]),
    }
    assert labels(report.figure("agreements-expiring")) == {str(a["new"])}
    assert labels(report.figure("agreements-dormant")) == {str(a["new"]), str(a["dormant"])}
    for figure in report.figures():
        assert figure.value == len(figure.records) or figure.unit


def test_activity_figures_by_kind_theme_region_and_department(registry):
    report = build_semiannual(registry.government, H1)
    act = registry.activities
    assert labels(report.figure("activities")) == {
        str(act["trip"]),
        str(act["visit"]),
        str(act["forum"]),
    }
    assert report.figure("activities-kind-official_trip").value == 1
    assert report.figure("activities-kind-incoming_visit").value == 1
    assert report.figure("activities-kind-forum").value == 1
    culture, water = registry.themes["culture"], registry.themes["water"]
    assert report.figure(f"activities-theme-{culture.pk}").value == 2
    assert report.figure(f"activities-theme-{water.pk}").value == 1
    assert labels(report.figure("activities-theme-none")) == {str(act["forum"])}
    assert labels(report.figure("activities-region-europe")) == {str(act["trip"])}
    assert labels(report.figure("activities-region-asia")) == {str(act["visit"])}
    assert labels(report.figure("activities-region-none")) == {str(act["forum"])}
    cgai, sedema = registry.departments["cgai"], registry.departments["sedema"]
    assert report.figure(f"activities-department-{cgai.pk}").value == 2
    assert report.figure(f"activities-department-{sedema.pk}").value == 1
    assert report.figure("activities-department-none").value == 1
    # each figure links to the explorer with the filters that list its records
    url = report.figure(f"activities-department-{cgai.pk}").explore_url
    assert url.endswith(f"?year_from=2018&year_to=2018&department={cgai.pk}")


def test_projects_funds_networks_awards_participation_and_flags(registry):
    report = build_semiannual(registry.government, H1)
    projects = report.figure("projects")
    assert projects.value == 1 and next(iter(labels(projects))).startswith("Proyecto AL-LAs")
    assert report.figure("funds-EUR").value == Decimal("102500.50")
    assert report.figure("funds-USD").value == Decimal("5000.00")
    assert len(report.figure("funds-EUR").records) == 2
    positions = report.figure("network-positions")
    assert positions.value == 1 and "Copresidencia" in next(iter(labels(positions)))
    assert report.figure("awards").value == 2
    assert report.figure("awards-result-won").value == 1
    assert report.figure("awards-result-mention").value == 1
    participation = report.figure("participation-figures")
    assert participation.value == 1
    assert labels(participation) == {"Encuesta FICA 2018 · Sí"}
    assert labels(report.figure("quality-flags-open")) == {"Cifras contradictorias"}


def test_internal_and_unpublished_records_and_other_governments_never_appear(registry):
    report = build_semiannual(registry.government, H1)
    named = {record.label for figure in report.figures() for record in figure.records}
    text = " ".join(named)
    for hidden in (
        "Convenio reservado",
        "Convenio en revisión",
        "Acuerdo de Bogotá",
        "Gira reservada",
        "Proyecto reservado",
        "Vocalía reservada",
        "Premio reservado",
        "Problema reservado",
    ):
        assert hidden not in text


def test_both_evaluations_of_every_agreement_in_force_or_not_evaluated(registry):
    a = registry.agreements
    f_eval = {
        "year": 2018,
        "half": 1,
        "rating": 4,
        "narrative": "Intercambios útiles.",
        "status": "final",
    }
    BenefitEvaluation.objects.create(agreement=a["new"], evaluator="government", **f_eval)
    BenefitEvaluation.objects.create(
        agreement=a["new"], evaluator="congress", **{**f_eval, "rating": 2}
    )
    BenefitEvaluation.objects.create(
        agreement=a["active"], evaluator="congress", **{**f_eval, "status": "draft"}
    )
    BenefitEvaluation.objects.create(  # another semester: not this report's
        agreement=a["dormant"], evaluator="government", **{**f_eval, "half": 2}
    )
    report = build_semiannual(registry.government, H1)
    assert labels(report.figure("evaluated-government")) == {str(a["new"])}
    assert labels(report.figure("evaluated-congress")) == {str(a["new"])}
    table = next(t for s in report.sections for t in s.tables if t.id == "table-evaluations")
    rows = {row[0].text: [cell.text for cell in row[1:]] for row in table.rows}
    assert set(rows) == {str(a["new"]), str(a["active"]), str(a["dormant"])}
    government, congress = rows[str(a["new"])]
    assert government.startswith("4 ·") and "Intercambios útiles." in government
    assert congress.startswith("2 ·")
    not_evaluated = [gettext("Not evaluated")] * 2
    assert rows[str(a["active"])] == not_evaluated  # a draft is not reported
    assert rows[str(a["dormant"])] == not_evaluated


def test_a_record_of_another_semester_or_government_does_not_count(registry, other_government):
    f.ActivityFactory(home_government=other_government, start="2018-03", visibility="public")
    report = build_semiannual(registry.government, Semester(2018, 2))
    assert report.figure("agreements-signed").value == 0
    # a record dated only "2018" counts in both semesters
    assert {r.label for r in report.figure("activities").records} == {
        str(registry.activities["forum"])
    }


def test_indicators_against_their_targets_only_public_ones(registry):
    public = f.IndicatorFactory(
        home_government=registry.government, code="INT-1", name="Convenios vigentes"
    )
    f.ObservationFactory(indicator=public, value=57)
    f.IndicatorFactory(
        home_government=registry.government,
        code="INT-9",
        name="Indicador reservado",
        visibility="internal",
    )
    report = build_semiannual(registry.government, H1)
    section = next(s for s in report.sections if s.id == "indicators")
    table = next(t for t in section.tables if t.id == "table-indicators")
    names = [row[0].text for row in table.rows]
    assert names == ["INT-1 · Convenios vigentes"]
    assert table.rows[0][0].url.endswith(f"/cdmx/indicators/{public.pk}/")
    assert table.rows[0][3].text.startswith("57")
