from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "ciudadglobal.actors"
    verbose_name = _("Actors and people")
