"""``manage.py import_records <entity> <file> --government <slug> [--dry-run]``"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.imports.entities import ENTITIES
from ciudadglobal.imports.reading import read_table
from ciudadglobal.imports.rows import import_table
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = (
        "Import agreements, activities, actors or projects from a CSV or XLSX file into a home "
        "government: all rows or none. With --dry-run, only report what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("entity", choices=sorted(ENTITIES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--government", required=True, help="slug of the home government")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--user", help="username recorded in the history as the author")

    def handle(self, *args, entity, file, government, dry_run, user, verbosity, **options):
        home = HomeGovernment.objects.filter(slug=government).first()
        if home is None:
            raise CommandError(f"no home government {government!r}")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"no user {user!r}")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            table = read_table(file.read_bytes(), file.name)
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}") from None
        total = len(table.rows)

        def progress(done: int) -> None:
            if verbosity > 1 and (done % 500 == 0 or done == total):
                self.stderr.write(f"{done}/{total} rows")

        outcome = import_table(
            ENTITIES[entity],
            home,
            table,
            user=author,
            reason=f"import_records {file.name}",
            commit=not dry_run,
            progress=progress,
        )
        for error in outcome.errors:
            column = f" {error['column']}" if error["column"] else ""
            self.stderr.write(f"{file.name}: row {error['row']}{column}: {error['message']}")
        counts = outcome.counts
        summary = (
            f"{counts['create']} to create, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {counts['error']} rows with errors"
        )
        if outcome.errors:
            raise CommandError(f"nothing imported: {summary}")
        if verbosity > 1:
            for row in outcome.rows:
                if row.changes:
                    changes = ", ".join(row.changes)
                    self.stdout.write(f"row {row.row}: {row.action} {row.label}: {changes}")
        self.stdout.write(("dry run, nothing written: " if dry_run else "imported: ") + summary)
