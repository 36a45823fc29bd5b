from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ciudadglobal.projects.iati import export_result
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = "Write a home government's public projects as IATI 2.03 activity XML."

    def add_arguments(self, parser):
        parser.add_argument("--government", required=True, help="the home government's slug")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
        parser.add_argument(
            "--reporting-org-ref",
            default="",
            help="the government's IATI organization identifier, for projects without their own",
        )

    def handle(self, *args, government, output, reporting_org_ref, **options):
        home = HomeGovernment.objects.filter(slug=government).first()
        if home is None:
            raise CommandError(
                _("no home government with the slug %(slug)r") % {"slug": government}
            )
        result = export_result(home, reporting_org_ref=reporting_org_ref)
        for project, reason in result.skipped:
            self.stderr.write(
                _("not exported: %(project)s (id %(id)s): %(reason)s")
                % {"project": project, "id": project.pk, "reason": reason}
            )
        if output is None:
            self.stdout.write(result.xml.decode(), ending="")
            return
        output.write_bytes(result.xml)
        self.stderr.write(
            _("%(file)s: %(count)s activities") % {"file": output, "count": len(result.identifiers)}
        )
