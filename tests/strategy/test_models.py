"""Plans and their elements."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_element_belongs_to_a_part_of_the_same_plan(government):
    axis = f.PlanElementFactory(home_government=government)
    other_plan = f.PlanFactory(home_government=government)
    element = f.PlanElementFactory.build(
        home_government=government, plan=other_plan, parent=axis, kind="objective"
    )
    with translation.override("en"), pytest.raises(ValidationError, match="same plan"):
        element.full_clean()
    element.plan = axis.plan
    element.full_clean()


def test_a_plan_ends_after_it_starts(government):
    plan = f.PlanFactory.build(home_government=government, start="2018", end="2013")
    with translation.override("en"), pytest.raises(ValidationError, match="end cannot come"):
        plan.full_clean()


def test_elements_read_with_their_code(government):
    element = f.PlanElementFactory(home_government=government, code="2.3", name="Movilidad")
    assert str(element) == "2.3. Movilidad"
