"""Mexico City, first semester of 2018: every figure of the report equals a count made here
over the loaded dataset, in plain Python over plain ORM rows, and the published PDF and DOCX
carry the same figures as the HTML."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from ciudadglobal.activities.models import Activity
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award
from ciudadglobal.networks.models import NetworkPosition
from ciudadglobal.projects.models import Funding, Project
from ciudadglobal.reports.models import Semester
from ciudadglobal.reports.semiannual import build_semiannual
from ciudadglobal.transparency.models import QualityFlag

pytestmark = pytest.mark.django_db

START, END = date(2018, 1, 1), date(2018, 6, 30)
PUBLIC = {"visibility": "public", "state": "published"}


def overlaps(value) -> bool:
    return value is not None and value.first_day <= END and value.last_day >= START


def under_way(begin, finish) -> bool:
    return (
        begin is not None
        and begin.first_day <= END
        and (finish is None or finish.last_day >= START)
    )


def in_force(agreement, renewals) -> bool:
    if agreement.terminated and agreement.terminated.has_begun(END):
        return False
    if any(r.signed and r.signed.has_begun(END) for r in renewals.get(agreement.pk, [])):
        return False
    if agreement.expires and agreement.expires.has_ended(END):
        return False
    if agreement.in_force_from:
        return agreement.in_force_from.has_begun(END)
    return (
        bool(agreement.signed and agreement.signed.has_begun(END)) or agreement.signed_date_unknown
    )


@pytest.fixture(scope="module")
def report(cdmx, django_db_blocker):
    with django_db_blocker.unblock():
        return build_semiannual(cdmx, Semester(2018, 1))


def test_agreements(cdmx, report):
    agreements = list(Agreement.objects.filter(home_government=cdmx, **PUBLIC))
    renewals: dict[int, list] = {}
    for agreement in agreements:
        if agreement.renews_id:
            renewals.setdefault(agreement.renews_id, []).append(agreement)
    signed = [a for a in agreements if overlaps(a.signed)]
    current = [a for a in agreements if in_force(a, renewals)]
    assert report.figure("agreements-signed").value == len(signed)
    assert report.figure("agreements-in-force").value == len(current) > 0
    linked = {
        pk
        for start, pk in Activity.objects.filter(home_government=cdmx, **PUBLIC)
        .exclude(agreements=None)
        .values_list("start", "agreements")
        if start and start.first_day <= END and start.last_day >= date(2017, 7, 1)
    }
    assert report.figure("agreements-dormant").value == sum(
        1 for a in current if a.pk not in linked
    )
    expiring = [
        a
        for a in current
        if a.expires
        and a.expires.last_day >= date(2018, 7, 1)
        and a.expires.first_day <= date(2018, 12, 31)
    ]
    assert report.figure("agreements-expiring").value == len(expiring)


def test_activities_by_kind_and_department(cdmx, report):
    activities = [
        a
        for a in Activity.objects.filter(home_government=cdmx, **PUBLIC).prefetch_related(
            "departments"
        )
        if overlaps(a.start)
    ]
    assert report.figure("activities").value == len(activities) > 0
    for kind, count in Counter(a.kind for a in activities).items():
        assert report.figure(f"activities-kind-{kind}").value == count
    departments = Counter(d.pk for a in activities for d in a.departments.all())
    for pk, count in departments.items():
        assert report.figure(f"activities-department-{pk}").value == count
    assert report.figure("activities-department-none").value == sum(
        1 for a in activities if not a.departments.all()
    )


def test_projects_funds_positions_awards_and_flags(cdmx, report):
    projects = [
        p
        for p in Project.objects.filter(home_government=cdmx, **PUBLIC)
        if under_way(p.start, p.end)
    ]
    assert report.figure("projects").value == len(projects)
    totals: Counter = Counter()
    for funding in Funding.objects.filter(project__in=projects):
        totals[funding.currency] += funding.amount
    for currency, total in totals.items():
        assert report.figure(f"funds-{currency}").value == Decimal(total)
    positions = [
        p
        for p in NetworkPosition.objects.filter(
            membership__home_government=cdmx,
            membership__visibility="public",
            membership__state="published",
        )
        if under_way(p.start, p.end)
    ]
    assert report.figure("network-positions").value == len(positions) > 0
    awards = [a for a in Award.objects.filter(home_government=cdmx, **PUBLIC) if overlaps(a.date)]
    assert report.figure("awards").value == len(awards) > 0
    for result, count in Counter(a.result for a in awards).items():
        assert report.figure(f"awards-result-{result}").value == count
    flags = QualityFlag.objects.filter(home_government=cdmx, status="open", **PUBLIC).count()
    assert report.figure("quality-flags-open").value == flags


def test_the_pdf_and_docx_of_mexico_city_carry_the_html_figures(cdmx, report):
    from ciudadglobal.reports.render import render_body, render_docx, render_pdf

    from .test_services import docx_text, html_text, pdf_text

    html = render_body(report)
    pdf = render_pdf(report, html)
    texts = (html_text(html), pdf_text(pdf.data), docx_text(render_docx(report)))
    for figure in report.figures():
        for text in texts:
            assert f"{figure.label}: {figure.display}" in text, figure.id
    assert pdf.pages > 5
    print(f"\nCDMX 2018 H1: {pdf.pages} PDF pages")
