from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ciudadglobal.coordination.digest import send_alert_digests
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = "E-mail each home government's alerts to its coordinating-office staff."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Compute the alerts as of this day (YYYY-MM-DD).")
        parser.add_argument("--government", help="Only this home government (its short name).")
        parser.add_argument("--url", default="", help="The workspace address to link to.")

    def handle(self, *args, date=None, government=None, url="", **options):
        on = _parse_date(date) if date else timezone.localdate()
        governments = HomeGovernment.objects.all()
        if government:
            governments = governments.filter(slug=government)
            if not governments.exists():
                raise CommandError(f"No home government has the short name {government!r}.")
        for slug, count in send_alert_digests(on, governments, base_url=url).items():
            self.stdout.write(f"{slug}: {count} message(s) sent")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}.") from error
