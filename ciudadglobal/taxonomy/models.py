"""Themes (each home government's own taxonomy) and the official SDG framework."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ciudadglobal.core.models import TenantOwned, Versioned, localized
from ciudadglobal.core.validators import field_error


class Theme(TenantOwned, Versioned):
    """A theme of international action (environment, culture, mobility…), possibly nested."""

    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("broader theme"),
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "name"], name="taxonomy_theme_unique_name"
            )
        ]

    def __str__(self) -> str:
        name = localized(self, "name")
        return f"{self.parent} › {name}" if self.parent_id else name

    def clean(self) -> None:

        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise field_error("parent", _("A theme cannot be nested inside itself."), "cycle")
            ancestor = ancestor.parent


class SdgText(models.Model):
    """Official wording in Spanish and English; shown in the active language."""

    title_es = models.TextField(_("title in Spanish"), blank=True)
    title_en = models.TextField(_("title in English"))

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        if (get_language() or "es").startswith("es") and self.title_es:
            return self.title_es
        return self.title_en


class SdgGoal(SdgText):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_es = models.CharField(_("short name in Spanish"), max_length=120)
    short_en = models.CharField(_("short name in English"), max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self) -> str:
        short = self.short_es if (get_language() or "es").startswith("es") else self.short_en
        sdg = _("SDG")
        return f"{sdg} {self.number}: {short}"


class SdgTarget(SdgText):
    goal = models.ForeignKey(
        SdgGoal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal")
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    sort_key = models.CharField(max_length=20, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class SpanishWording(models.TextChoices):
    CURRENT = "current", _("Official Spanish wording of the current framework")
    EARLIER = "earlier", _("Spanish wording of the 2020 framework; the English wording changed")
    MISSING = "missing", _("No official Spanish wording published yet")


class SdgIndicator(SdgText):
    target = models.ForeignKey(
        SdgTarget, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("target")
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    unsd_code = models.CharField(
        _("UNSD code"), max_length=12, blank=True, help_text=_("Repeated indicators share one.")
    )
    spanish_wording = models.CharField(
        _("Spanish wording"), max_length=10, choices=SpanishWording, default=SpanishWording.CURRENT
    )
    sort_key = models.CharField(max_length=20, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG indicator")
        verbose_name_plural = _("SDG indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        """Spanish only where it translates the current wording; otherwise the official English
        (an outdated Spanish text may describe another measure, as for 11.c.1)."""
        if self.spanish_wording != SpanishWording.CURRENT:
            return self.title_en
        return super().title


def sdg_sort_key(code: str) -> str:
    """'11.a.1' → '11.9a.01': 1.2 before 1.10, numbered targets before lettered ones."""
    parts = code.split(".")
    return ".".join(part.zfill(2) if part.isdigit() else f"9{part}" for part in parts)
