from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ciudadglobal.core"
    verbose_name = _("Sources")

    def ready(self) -> None:
        from django.contrib import admin
        from django.db.backends.signals import connection_created

        from . import pagecache

        connection_created.connect(pagecache.install, dispatch_uid="pagecache")

        admin.site.site_header = _("Ciudad Global")
        admin.site.site_title = _("Ciudad Global back-office")
        admin.site.index_title = _("Registry of international action")
        admin.site.site_url = None
