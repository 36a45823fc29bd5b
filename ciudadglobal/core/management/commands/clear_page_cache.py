"""``manage.py clear_page_cache``: drop every saved public page (run it on each deployment)."""

from django.core.management.base import BaseCommand

from ciudadglobal.core import pagecache


class Command(BaseCommand):
    help = (
        "Drop every public page saved for the front server. Data changes do it by themselves; "
        "a new release (templates, translations, code) needs it."
    )

    def handle(self, *args, **options):
        pagecache.invalidate()
