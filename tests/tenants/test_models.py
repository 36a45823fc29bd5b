import pytest
from django.core.exceptions import ValidationError

from ciudadglobal.tenants.models import StaffMembership

pytestmark = pytest.mark.django_db


def test_a_staff_member_works_in_a_department_of_their_own_government(
    user, government, other_government, department_factory
):
    theirs = department_factory(home_government=other_government)
    membership = StaffMembership(user=user, home_government=government, department=theirs)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.error_dict["department"][0].code == "department_elsewhere"
    membership.department = department_factory(home_government=government)
    membership.full_clean()
