import pytest
from django.core.exceptions import ValidationError

from ciudadglobal.agreements.selectors import agreement_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def moscow(agreement_factory, government):
    """Moscú 2014 y 2016, and a hypothetical 2019 replacement."""
    first = agreement_factory(home_government=government, title="Moscú", signed="2014")
    second = agreement_factory(
        home_government=government,
        title="Moscú (renovación)",
        signed="2016",
        renews=first,
        renewal_kind="renewal",
    )
    third = agreement_factory(
        home_government=government,
        title="Moscú (sustitución)",
        signed="2019",
        renews=second,
        renewal_kind="replacement",
    )
    return first, second, third


def test_chain_is_the_same_from_any_link(moscow):
    for agreement in moscow:
        assert agreement_chain(agreement) == list(moscow)


def test_an_agreement_alone_is_its_own_chain(agreement):
    assert agreement_chain(agreement) == [agreement]


def test_a_cycle_is_refused(moscow):
    first, _second, third = moscow
    first.renews = third
    first.renewal_kind = "renewal"
    with pytest.raises(ValidationError) as error:
        first.full_clean()
    assert error.value.error_dict["renews"][0].code == "renewal_cycle"


def test_a_renewal_cannot_predate_the_original(agreement_factory, government):
    original = agreement_factory(home_government=government, signed="2016")
    renewal = agreement_factory.build(
        home_government=government, signed="2015", renews=original, renewal_kind="renewal"
    )
    with pytest.raises(ValidationError) as error:
        renewal.full_clean()
    assert error.value.error_dict["signed"][0].code == "renewal_before_original"


def test_renewal_kind_goes_with_renews(agreement_factory, government):
    original = agreement_factory(home_government=government)
    orphan_kind = agreement_factory.build(home_government=government, renewal_kind="renewal")
    with pytest.raises(ValidationError):
        orphan_kind.full_clean()
    missing_kind = agreement_factory.build(home_government=government, renews=original)
    with pytest.raises(ValidationError):
        missing_kind.full_clean()


def test_an_agreement_is_renewed_at_most_once(moscow, agreement_factory, government):
    first = moscow[0]
    second_renewal = agreement_factory.build(
        home_government=government, signed="2017", renews=first, renewal_kind="renewal"
    )
    with pytest.raises(ValidationError):
        second_renewal.full_clean()
