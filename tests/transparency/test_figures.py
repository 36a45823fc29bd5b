"""Published figures beside the registry's own counts; quality flags and their resolution."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ciudadglobal.transparency.models import FlagStatus, PublishedFigure
from ciudadglobal.transparency.queries import validate_registry_query
from ciudadglobal.transparency.services import flag_record_resolution
from tests import factories as f

pytestmark = pytest.mark.django_db

TWINNINGS = {"model": "agreements.agreement", "filter": {"kind": "twinning"}}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([], "must be a mapping"),
        ({"model": "agreements.nothing"}, "Name a registry model"),
        ({"model": "auth.user"}, "is not part of a registry"),
        ({**TWINNINGS, "group_by": "kind"}, "Unknown keys"),
        ({"model": "agreements.agreement", "filter": {"colour": "red"}}, "does not work"),
        ({"model": "agreements.agreement", "filter": ["kind"]}, "mapping of lookups"),
        ({**TWINNINGS, "sum": "colour"}, "does not work"),
    ],
)
def test_a_bad_registry_query_is_refused(spec, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        validate_registry_query(spec)


def test_the_registry_counts_only_its_own_government_and_public_records(
    government, other_government
):
    f.AgreementFactory.create_batch(
        2, home_government=government, kind="twinning", visibility="public"
    )
    f.AgreementFactory(home_government=government, kind="twinning", visibility="internal")
    f.AgreementFactory(home_government=government, kind="framework")
    f.AgreementFactory(home_government=other_government, kind="twinning")
    figure = f.PublishedFigureFactory(home_government=government, registry_query=TWINNINGS)
    assert figure.registry_count() == 3
    assert figure.registry_count(public_only=True) == 2
    assert f.PublishedFigureFactory(home_government=government).registry_count() is None


def test_sums_and_distinct_counts(government):
    project = f.ProjectFactory(home_government=government)
    f.FundingFactory(project=project, amount=1000, currency="EUR")
    f.FundingFactory(project=project, amount=500, currency="EUR")
    total = {"model": "projects.funding", "filter": {"currency": "EUR"}, "sum": "amount"}
    funders = {"model": "projects.funding", "distinct": "funder"}
    assert (
        f.PublishedFigureFactory(home_government=government, registry_query=total).registry_count()
        == 1500
    )
    assert (
        f.PublishedFigureFactory(
            home_government=government, registry_query=funders
        ).registry_count()
        == 2
    )


def test_amounts_need_a_currency_and_counts_have_none(government):
    amount = f.PublishedFigureFactory.build(home_government=government, unit="amount")
    count = f.PublishedFigureFactory.build(home_government=government, currency="EUR")
    with translation.override("en"):
        with pytest.raises(ValidationError, match="needs its currency"):
            amount.full_clean()
        with pytest.raises(ValidationError, match="Only amounts of money"):
            count.full_clean()


def test_resolving_a_flag_stamps_who_and_when_and_reopening_clears_it(government, user):
    flag = f.QualityFlagFactory(home_government=government)
    flag.status, flag.resolution = FlagStatus.RESOLVED, "Checked against the 2017 report."
    flag.full_clean()
    flag_record_resolution(flag, user=user, was_resolved=False)
    assert flag.resolved_by == user and flag.resolved_at is not None
    stamped = flag.resolved_at
    flag_record_resolution(flag, user=None, was_resolved=True)  # saved again, still resolved
    assert (flag.resolved_by, flag.resolved_at) == (user, stamped)
    flag.status = FlagStatus.OPEN
    flag_record_resolution(flag, user=user, was_resolved=True)
    assert flag.resolved_by is None and flag.resolved_at is None


def test_a_flag_is_resolved_only_with_an_explanation(government):
    flag = f.QualityFlagFactory.build(home_government=government, status=FlagStatus.RESOLVED)
    with translation.override("en"), pytest.raises(ValidationError, match="resolved"):
        flag.full_clean()


def test_resolving_in_the_back_office_records_the_user(staff_client, staff, government):
    from tests.admin_forms import main_form_data

    flag = f.QualityFlagFactory(home_government=government)
    address = f"/admin/transparency/qualityflag/{flag.pk}/change/"
    data = main_form_data(staff_client.get(address))
    data.update(status="resolved", resolution="The map shows 16 cities; the text rounds.")
    assert staff_client.post(address, data).status_code == 302
    flag.refresh_from_db()
    assert flag.status == "resolved" and flag.resolved_by == staff
    assert PublishedFigure.objects.count() == 0
