import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_ensure_admin_creates_one_administrator_and_says_how_to_log_in(capsys, government):
    call_command("ensure_admin", url="http://127.0.0.1:8000/admin/")
    call_command("ensure_admin", url="http://127.0.0.1:8000/admin/")
    admin = get_user_model().objects.get(is_superuser=True)
    assert admin.username == "admin"
    assert admin.check_password("ciudad-global")
    assert [m.home_government for m in admin.staff_memberships.all()] == [government]
    out = capsys.readouterr().out
    assert out.count("Created the local administrator.") == 1
    assert "http://127.0.0.1:8000/admin/" in out and "Log in as: admin" in out


def test_ensure_admin_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("ensure_admin")
    assert not get_user_model().objects.exists()
