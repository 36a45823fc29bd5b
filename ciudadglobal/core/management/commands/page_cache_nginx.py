"""``manage.py page_cache_nginx``: the nginx configuration that serves the page cache."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ciudadglobal.core import pagecache


class Command(BaseCommand):
    help = (
        "Print the nginx configuration (for its http block) that answers public requests from "
        "the page cache (PAGE_CACHE_DIR) and passes the rest to Django, with the same security "
        "headers as Django's responses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="80", help="nginx 'listen' value")
        parser.add_argument("--upstream", default="127.0.0.1:8000", help="Django's address")
        parser.add_argument(
            "--forwarded-proto",
            default="$scheme",
            help="X-Forwarded-Proto sent to Django ('https' when TLS ends before nginx)",
        )

    def handle(self, *args, listen, upstream, forwarded_proto, **options):
        root = pagecache.directory()
        if root is None:
            raise CommandError("PAGE_CACHE_DIR is not set")
        self.stdout.write(
            pagecache.nginx_config(
                root, listen=listen, upstream=upstream, forwarded_proto=forwarded_proto
            )
        )
