"""One account per role for trying the platform locally (``make run``); never in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ciudadglobal.actors.models import Department
from ciudadglobal.tenants.models import HomeGovernment, Role, StaffMembership
from ciudadglobal.workflow.roles import sync_role_groups

PASSWORD = "demo-ciudad-global"  # development only: the command refuses to run in production

#: (username, role, department dataset key or None, full name)
ACCOUNTS = [
    ("oficina", Role.OFFICE, None, "Olga Oficina"),
    ("enlace-ambiente", Role.LIAISON, "sedema", "Emilio Enlace (Medio Ambiente)"),
    ("enlace-turismo", Role.LIAISON, "sectur", "Teresa Enlace (Turismo)"),
    ("revisora", Role.REVIEWER, None, "Rebeca Revisora"),
    ("congreso", Role.CONGRESS, None, "Carlos Congreso"),
    ("consejo", Role.COUNCIL, None, "Consuelo Consejo"),
    ("admin-gobierno", Role.ADMIN, None, "Adela Administradora"),
]


class Command(BaseCommand):
    help = (
        "Create (or reset) one demo account per role for the first home government, with a "
        "known password, and print how to log in. Development only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, url, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are for development only, never in production.")
        government = HomeGovernment.objects.order_by("pk").first()
        if government is None:
            raise CommandError("No home government yet: load a dataset first (load_dataset).")
        rows = []
        with transaction.atomic():
            groups = sync_role_groups()
            User = get_user_model()
            for username, role, department_key, full_name in ACCOUNTS:
                department = None
                if department_key:
                    department = (
                        Department.objects.for_government(government)
                        .filter(dataset_key=department_key)
                        .first()
                    )
                    if department is None:
                        raise CommandError(
                            f"No department {department_key!r} in {government}: load the dataset "
                            "first (load_dataset data/cdmx)."
                        )
                first, _space, last = full_name.partition(" ")
                user, _created = User.objects.update_or_create(
                    username=username,
                    defaults={
                        "first_name": first,
                        "last_name": last,
                        "email": f"{username}@demo.invalid",
                        "is_staff": True,
                        "is_active": True,
                        "is_superuser": False,
                    },
                )
                user.set_password(PASSWORD)
                user.save()
                user.groups.set([groups[role]])
                StaffMembership.objects.update_or_create(
                    user=user,
                    home_government=government,
                    defaults={"role": role, "department": department},
                )
                rows.append((username, role.label, department.name if department else "—"))
        self._print(government, rows, url)

    def _print(self, government, rows, url) -> None:
        widths = [max(len(str(row[i])) for row in [*rows, HEADER]) for i in range(3)]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write(f"\nDemo accounts for {government} — back-office: {url}")
        self.stdout.write(line.format(*HEADER))
        self.stdout.write(line.format(*("-" * width for width in widths)))
        for row in rows:
            self.stdout.write(line.format(*(str(value) for value in row)))
        self.stdout.write(f"Password for every demo account: {PASSWORD}\n")


HEADER = ("Username", "Role", "Department")
