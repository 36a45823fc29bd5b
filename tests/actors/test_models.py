import pytest
from django.core.exceptions import ValidationError

from ciudadglobal.actors.models import Actor, ActorKind, Department

pytestmark = pytest.mark.django_db


def test_the_country_comes_from_the_place(actor_factory, city):
    actor = actor_factory.build(place=city, country="")
    actor.home_government.save()
    actor.full_clean()
    assert actor.country == city.country


def test_the_place_must_be_in_the_actors_country(actor_factory, city):
    actor = actor_factory(place=city)
    actor.country = "ES"
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "place" in error.value.error_dict


def test_an_organization_cannot_belong_to_itself(actor_factory, government):
    un = actor_factory(home_government=government, kind=ActorKind.INTERNATIONAL_ORGANIZATION)
    agency = actor_factory(home_government=government, parent=un)
    un.parent = agency
    with pytest.raises(ValidationError) as error:
        un.full_clean()
    assert "parent" in error.value.error_dict


def test_departments_are_the_home_governments_own_actors(
    actor_factory, department_factory, government
):
    department_factory(home_government=government, kind=ActorKind.BOROUGH, name="Coyoacán")
    department_factory(home_government=government, name="SEDEMA")
    actor_factory(home_government=government, name="Ciudad de París")
    assert sorted(d.name for d in Department.objects.for_government(government)) == [
        "Coyoacán",
        "SEDEMA",
    ]
    assert Actor.objects.for_government(government).foreign().get().name == "Ciudad de París"


def test_a_membership_holds_a_post_of_its_organization_or_a_role(membership_factory, post_factory):
    membership = membership_factory()
    membership.post = post_factory()  # a post of another organization
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.error_dict["post"][0].code == "post_mismatch"
    membership.post = None
    membership.role = ""
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.error_dict["__all__"][0].code == "no_role"
