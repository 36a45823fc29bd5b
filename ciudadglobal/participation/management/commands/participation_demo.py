"""``manage.py participation_demo <government-slug>``: demonstration participation content."""

from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.participation.demo import demo_create
from ciudadglobal.tenants.models import HomeGovernment


class Command(BaseCommand):
    help = "Create an open demonstration consultation, document and council (once)."

    def add_arguments(self, parser):
        parser.add_argument("government", help="the home government's slug, e.g. cdmx")

    def handle(self, *args, government, **options):
        found = HomeGovernment.objects.filter(slug=government).first()
        if found is None:
            raise CommandError(f"no home government {government!r}; load its dataset first")
        consultation = demo_create(found)
        self.stdout.write(f"Open demonstration consultation: {consultation.get_absolute_url()}")
