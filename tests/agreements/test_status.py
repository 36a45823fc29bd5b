"""Agreement status is derived from dates and lifecycle steps, as of a given day."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ciudadglobal.agreements.models import Agreement, AgreementStatus, LifecyclePhase

pytestmark = pytest.mark.django_db

ON = date(2016, 6, 15)


def status(agreement, on=ON):
    return Agreement.objects.with_status(on).get(pk=agreement.pk).status


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({}, AgreementStatus.NEGOTIATION),
        ({"signed": "2014"}, AgreementStatus.IN_FORCE),
        ({"signed": "2016-06-15"}, AgreementStatus.IN_FORCE),
        ({"signed": "2016-06-16"}, AgreementStatus.NEGOTIATION),
        ({"signed": "2016-06"}, AgreementStatus.IN_FORCE),  # June 2016 has begun
        ({"signed": "2016-03", "in_force_from": "2016-09"}, AgreementStatus.SIGNED),
        ({"signed": "2014", "in_force_from": "2015"}, AgreementStatus.IN_FORCE),
        ({"signed": "2014", "expires": "2016"}, AgreementStatus.IN_FORCE),  # 2016 not over
        ({"signed": "2014", "expires": "2016-05"}, AgreementStatus.EXPIRED),
        ({"signed": "2014", "expires": "2016-06-14"}, AgreementStatus.EXPIRED),
        ({"signed": "2014", "expires": "2016-06-15"}, AgreementStatus.IN_FORCE),
        ({"signed": "2014", "expires": "2015"}, AgreementStatus.EXPIRED),
        ({"signed": "2014", "terminated": "2016"}, AgreementStatus.TERMINATED),
        ({"signed": "2014", "terminated": "2017"}, AgreementStatus.IN_FORCE),
        ({"signed": "2014", "expires": "2015", "terminated": "2015"}, AgreementStatus.TERMINATED),
        ({"signed_date_unknown": True}, AgreementStatus.IN_FORCE),
        ({"signed_date_unknown": True, "in_force_from": "2017"}, AgreementStatus.SIGNED),
        ({"signed_date_unknown": True, "expires": "2015"}, AgreementStatus.EXPIRED),
    ],
)
def test_status_from_dates(agreement_factory, dates, expected):
    agreement = agreement_factory(**{"signed": None, **dates})
    assert status(agreement) == expected


def test_status_changes_with_the_day(agreement_factory):
    agreement = agreement_factory(signed="2014-04", expires="2016")
    assert status(agreement, date(2014, 3, 31)) == AgreementStatus.NEGOTIATION
    assert status(agreement, date(2014, 4, 1)) == AgreementStatus.IN_FORCE
    assert status(agreement, date(2016, 12, 31)) == AgreementStatus.IN_FORCE
    assert status(agreement, date(2017, 1, 1)) == AgreementStatus.EXPIRED


def test_lifecycle_steps_before_entry_into_force(
    agreement_factory, agreement_step_factory, lifecycle_step_factory
):
    review = lifecycle_step_factory(phase=LifecyclePhase.NATIONAL_REVIEW, name="Dictamen SRE")
    registration = lifecycle_step_factory(
        phase=LifecyclePhase.REGISTRATION,
        name="Registro SRE",
        home_government=review.home_government,
    )
    agreement = agreement_factory(home_government=review.home_government, signed=None)
    assert status(agreement) == AgreementStatus.NEGOTIATION

    agreement_step_factory(agreement=agreement, step=review, date="2016-01")
    assert status(agreement) == AgreementStatus.NATIONAL_REVIEW

    agreement.signed = "2016-03"
    agreement.in_force_from = "2016-10"
    agreement.save()
    assert status(agreement) == AgreementStatus.SIGNED

    agreement_step_factory(agreement=agreement, step=registration, date="2016-05")
    assert status(agreement) == AgreementStatus.REGISTERED
    assert status(agreement, date(2016, 10, 1)) == AgreementStatus.IN_FORCE


def test_renewed_once_the_renewal_is_signed(agreement_factory):
    original = agreement_factory(signed="2014")
    renewal = agreement_factory(
        home_government=original.home_government,
        signed="2016-09",
        renews=original,
        renewal_kind="renewal",
    )
    assert status(original, date(2016, 8, 31)) == AgreementStatus.IN_FORCE
    assert status(original, date(2016, 9, 1)) == AgreementStatus.RENEWED
    assert status(renewal, date(2016, 9, 1)) == AgreementStatus.IN_FORCE


def test_in_force_selector_counts_in_the_database(agreement_factory, government):
    agreement_factory(home_government=government, signed="2014")
    agreement_factory(home_government=government, signed="2014", expires="2015")
    agreement_factory(home_government=government, signed=None)
    assert Agreement.objects.for_government(government).in_force(ON).count() == 1


def test_a_date_of_signature_and_unknown_date_exclude_each_other(agreement_factory):
    agreement = agreement_factory.build(signed="2014", signed_date_unknown=True)
    with translation.override("en"), pytest.raises(ValidationError, match="mark it as unknown"):
        agreement.full_clean()


def test_for_the_public_only_a_published_renewal_counts(agreement_factory):
    original = agreement_factory(signed="2014", visibility="public")
    agreement_factory(
        home_government=original.home_government,
        signed="2016",
        renews=original,
        renewal_kind="renewal",
        visibility="internal",
    )
    assert status(original) == AgreementStatus.RENEWED
    public_status = Agreement.objects.with_status(ON, public=True).get(pk=original.pk).status
    assert public_status == AgreementStatus.IN_FORCE
