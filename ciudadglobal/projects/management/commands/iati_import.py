from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ciudadglobal.core.models import Visibility
from ciudadglobal.projects.iati import IatiImportError, import_activities
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = (
        "Import the activities of an IATI 2.03 XML file as a home government's projects: all or "
        "nothing, keyed by iati-identifier (importing the same file again changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="an iati-activities XML file")
        parser.add_argument("--government", required=True, help="the home government's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but save nothing"
        )
        parser.add_argument(
            "--public",
            action="store_true",
            help="make the projects and organizations it creates public (default: internal)",
        )

    def handle(self, *args, file, government, dry_run, public, **options):
        home = HomeGovernment.objects.filter(slug=government).first()
        if home is None:
            raise CommandError(
                _("no home government with the slug %(slug)r") % {"slug": government}
            )
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            report = import_activities(
                home,
                data,
                dry_run=dry_run,
                visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
                source_title=f"IATI: {file.name}",
            )
        except IatiImportError as error:
            message = _("%(file)s: nothing was imported; fix these %(count)s errors first:") % {
                "file": file,
                "count": len(error.errors),
            }
            raise CommandError(f"{message}\n{error}") from None
        self.stdout.write(f"{file}: {report}")
