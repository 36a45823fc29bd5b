"""What every registry record shares: its home government, provenance, visibility, history
and revision number.

The home-government scope lives here and only here: ``TenantQuerySet.for_government`` follows
each model's ``tenant_path`` (``"home_government"`` for top-level records,
``"agreement__home_government"`` for an agreement's commitments, and so on).
"""

from __future__ import annotations

from concurrency.fields import AutoIncVersionField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .partialdates import PartialDateField


class TenantQuerySet(models.QuerySet):
    def for_government(self, government) -> TenantQuerySet:
        """Only the rows that belong to ``government`` (none when it is None)."""
        if government is None:
            return self.none()
        return self.filter(**{self.model.tenant_path: government})

    def published(self) -> TenantQuerySet:
        """Only what the public may see: public, published records, and their rows.

        This is the one definition the portal, its counts, maps and feeds rely on."""
        path = self.model.tenant_path.removesuffix("home_government").removesuffix("__")
        return self.filter(published_q(path))


def published_q(path: str = "") -> models.Q:
    """``published()`` as a condition on the record reached through ``path`` (``"actor"``,
    ``"person"``…; empty for the rows' own fields): public and published."""
    prefix = f"{path}__" if path else ""
    return models.Q(
        **{f"{prefix}visibility": Visibility.PUBLIC, f"{prefix}state": WorkflowState.PUBLISHED}
    )


def is_published(obj) -> bool:
    """``published()`` for one loaded record: public and published."""
    return obj.visibility == Visibility.PUBLIC and obj.state == WorkflowState.PUBLISHED


def government_id_of(obj: models.Model) -> int | None:
    """The id of the home government a tenant-owned object belongs to, following its path."""
    *hops, last = obj.tenant_path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def is_tenant_owned(model: type[models.Model]) -> bool:
    return hasattr(model, "tenant_path")


class TenantChild(models.Model):
    """A row that belongs to a registry record (a party, a participant, a position…) and,
    through it, to its home government. Subclasses set ``tenant_path``."""

    history = HistoricalRecords(inherit=True)
    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class WorkflowState(models.TextChoices):
    """Where a record stands in review (ciudadglobal.workflow moves it; nothing else does)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")


class TenantOwned(models.Model):
    """A row that belongs to exactly one home government."""

    tenant_path = "home_government"

    home_government = models.ForeignKey(
        "tenants.HomeGovernment",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("home government"),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic locking: saving a stale copy raises instead of overwriting someone's work."""

    version = AutoIncVersionField(verbose_name=_("revision"))

    class Meta:
        abstract = True


class Source(TenantOwned, Versioned):
    """A document records cite: a book, a report, an official gazette, a web page."""

    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author or publisher"), max_length=300, blank=True)
    published = PartialDateField(_("published"))
    url = models.URLField(_("URL"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "title"], name="core_source_unique_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EveryManyToMany:
    """The names of a model's own many-to-many fields, read by django-simple-history so that a
    change of themes, places or SDG targets is kept in the history like any other field."""

    def __get__(self, instance, owner) -> list[str]:
        return [field.name for field in owner._meta.local_many_to_many]


class RegistryRecord(TenantOwned, Versioned):
    """A top-level registry record: scoped, cited, public or internal, versioned, historied."""

    _history_m2m_fields = EveryManyToMany()

    #: The field naming the department that owns the record (a foreign key or a many-to-many
    #: to actors.Department), or None for records only the coordinating office keeps.
    department_path: str | None = None

    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility,
        default=Visibility.INTERNAL,
        help_text=_("Public records may appear on the portal; internal ones never do."),
    )
    state = models.CharField(
        _("review state"),
        max_length=10,
        choices=WorkflowState,
        default=WorkflowState.DRAFT,
        editable=False,
        db_index=True,
        help_text=_("Changed only by submitting, publishing or returning the record."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    source_page = models.CharField(
        _("page"),
        max_length=30,
        blank=True,
        help_text=_("Page or pages of the source: 112, 45–47."),
    )
    source_line = models.PositiveIntegerField(
        _("line"), null=True, blank=True, help_text=_("Line of the source's text file.")
    )
    source_url = models.URLField(
        _("source URL"), max_length=500, blank=True, help_text=_("Where this fact can be checked.")
    )
    dataset_key = models.CharField(
        _("dataset key"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Stable identifier of the record in the data file it was loaded from."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["home_government", "dataset_key"],
                condition=~models.Q(dataset_key=""),
                name="%(app_label)s_%(class)s_unique_dataset_key",
            )
        ]


def localized(obj: object, field: str) -> str:
    """The English form of ``field`` when English is active and one exists, else the primary."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
