from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.tenants.models import HomeGovernment, StaffMembership

USERNAME = "admin"
PASSWORD = "ciudad-global"  # a local development account; the command refuses to run in production


class Command(BaseCommand):
    help = "Create a local platform administrator if there is none, and say how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, url, **options):
        if settings.PRODUCTION:
            raise CommandError("Not in production: create administrators with createsuperuser.")
        User = get_user_model()
        user = User.objects.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            user = User.objects.create_superuser(USERNAME, "admin@localhost", PASSWORD)
            self.stdout.write(self.style.SUCCESS("Created the local administrator."))
        for government in HomeGovernment.objects.exclude(staff_memberships__user=user):
            StaffMembership.objects.create(user=user, home_government=government)
        password = PASSWORD if user.username == USERNAME else "(the password you gave it)"
        self.stdout.write(
            f"\nBack-office: {url}\nLog in as: {user.get_username()}\nPassword:   {password}\n"
            "(If you changed the password, reset it with: "
            f".venv/bin/python manage.py changepassword {user.get_username()})\n"
        )
