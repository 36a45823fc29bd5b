"""Actors (organizations) and people, after Popolo: organization, person, post, membership."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ciudadglobal.core.models import (
    RegistryRecord,
    TenantChild,
    TenantQuerySet,
    Versioned,
    localized,
)
from ciudadglobal.core.partialdates import PartialDateField, period_constraint
from ciudadglobal.core.validators import field_error


class ActorKind(models.TextChoices):
    HOME_GOVERNMENT = "home_government", _("Home government")
    HOME_DEPARTMENT = "home_department", _("Home department or agency")
    BOROUGH = "borough", _("Borough")
    FOREIGN_LOCAL_GOVERNMENT = "foreign_local", _("Foreign local government")
    FOREIGN_REGIONAL_GOVERNMENT = "foreign_regional", _("Foreign regional government")
    NATIONAL_GOVERNMENT = "national_government", _("National government or ministry")
    EMBASSY = "embassy", _("Embassy or consulate")
    INTERNATIONAL_ORGANIZATION = "international_org", _("International organization")
    CITY_NETWORK = "city_network", _("City network")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organization")
    ACADEMIC = "academic", _("Academic institution")
    COMPANY = "company", _("Company")
    FOUNDATION = "foundation", _("Foundation")


#: The kinds that make up the home government itself: its departments and boroughs.
DEPARTMENT_KINDS = (ActorKind.HOME_DEPARTMENT, ActorKind.BOROUGH)
#: The kinds that are the home government or part of it: never a partner abroad.
HOME_KINDS = frozenset({ActorKind.HOME_GOVERNMENT, *DEPARTMENT_KINDS})


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class ActorQuerySet(TenantQuerySet):
    def departments(self) -> ActorQuerySet:
        return self.filter(kind__in=DEPARTMENT_KINDS)

    def foreign(self) -> ActorQuerySet:
        return self.exclude(kind__in=HOME_KINDS)


class Actor(RegistryRecord):
    """An organization the home government works with, or one of its own departments."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
        help_text=_("An embassy belongs to its country's government; a UN agency to the UN."),
    )
    country = CountryField(_("country"), blank=True)
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("place"),
        help_text=_("The city or region it governs or is based in."),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    themes = models.ManyToManyField(
        "taxonomy.Theme",
        blank=True,
        related_name="actors",
        verbose_name=_("themes"),
        help_text=_("For a city network: its thematic areas."),
    )
    dissolved = PartialDateField(_("dissolved"))

    objects = ActorQuerySet.as_manager()

    class Meta(RegistryRecord.Meta):
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            *RegistryRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["home_government", "kind", "name"], name="actors_actor_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["home_government", "kind"])]

    def __str__(self) -> str:
        name = localized(self, "name")
        return f"{name} ({self.acronym})" if self.acronym else name

    def get_absolute_url(self) -> str:
        return reverse("admin:actors_actor_change", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.place_id and not self.country:
            self.country = self.place.country  # implied by the place; stored for filters
        if self.place_id and self.country and self.place.country != self.country:
            errors["place"] = _("The place is in another country than the actor.")
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                errors["parent"] = _("An organization cannot belong to itself.")
                break
            ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors, code="invalid")


class DepartmentManager(models.Manager.from_queryset(ActorQuerySet)):
    def get_queryset(self) -> ActorQuerySet:
        return super().get_queryset().departments()


class Department(Actor):
    """A department, agency or borough of the home government (an Actor of those kinds)."""

    objects = DepartmentManager()

    class Meta:
        proxy = True
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def get_absolute_url(self) -> str:
        return reverse("admin:actors_department_change", args=[self.pk])


class Person(RegistryRecord):
    """A person: a guest, a signatory, a liaison, a mission participant."""

    name = models.CharField(_("full name"), max_length=200)
    honorific_prefix = models.CharField(
        _("honorific"), max_length=60, blank=True, help_text=_("Dr., Mtra., Sir…")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, default=Gender.UNKNOWN)
    nationality = CountryField(_("nationality"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    biography = models.TextField(_("biography"), blank=True)

    class Meta(RegistryRecord.Meta):
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["home_government", "name"])]
        constraints = RegistryRecord.Meta.constraints

    def __str__(self) -> str:
        return f"{self.honorific_prefix} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("admin:actors_person_change", args=[self.pk])


class Post(Versioned, TenantChild):
    """A position in an organization that people hold in turn (Head of Government, Mayor)."""

    tenant_path = "organization__home_government"

    organization = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="posts", verbose_name=_("organization")
    )
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)

    class Meta:
        ordering = ["organization__name", "label"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["organization", "label"], name="actors_post_unique")
        ]

    def __str__(self) -> str:
        return f"{localized(self, 'label')} · {self.organization}"


class Membership(Versioned, TenantChild):
    """A person's membership of an organization, in a post or a role, over a period."""

    tenant_path = "person__home_government"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("post"),
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("When there is no post: liaison…")
    )
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))

    class Meta:
        ordering = ["person__name", "-start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [period_constraint("start", "end", "actors_membership_period")]

    def __str__(self) -> str:
        what = self.post.label if self.post_id else self.role
        return f"{self.person} · {what} · {self.organization}"

    def clean(self) -> None:
        if self.post_id and self.post.organization_id != self.organization_id:
            raise field_error(
                "post", _("The post belongs to another organization."), "post_mismatch"
            )
        if not self.post_id and not self.role:
            raise ValidationError(
                _("Give the post the person held or describe their role."), code="no_role"
            )
