from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "ciudadglobal.tenants"
    verbose_name = _("Home governments")
