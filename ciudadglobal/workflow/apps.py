from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "ciudadglobal.workflow"
    verbose_name = _("review workflow")
    default_auto_field = "django.db.models.BigAutoField"
