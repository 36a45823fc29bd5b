"""The faceted filters of the portal's record explorers (django-filter).

Every explorer reads the same query parameters (see the portal guide): ``q``, ``kind``,
``status``, ``result``, ``region``, ``country``, ``theme``, ``sdg``, ``year_from``, ``year_to``
and ``department``; each ``FilterSet`` below keeps those that make sense for its records and
says where each facet lives in its model.

Options are **facets**: a drop-down lists only the values present in the government's public
records, each with the number of public records that carry it (one grouped query per facet).
A value absent from the public data but valid (a link to ``?kind=technical_mission`` when none
is published) is still accepted, shown with a count of 0, so that it filters to nothing instead
of being dropped with an error.

Years filter on one partial date per record (an agreement's signature, an activity's or a
project's start, a network's joining, an award's date) — the same date the map and the
relations use: a record dated "2014" or "2014-05" is in 2014, and a record with no date is left
out as soon as either year is set.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries as iso_countries

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import Department
from ciudadglobal.agreements.models import Agreement, AgreementKind, AgreementStatus
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.models import Visibility, localized, published_q
from ciudadglobal.core.pagecache import remembered
from ciudadglobal.core.text import fold
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.places.regions import Region, countries_in, region_of
from ciudadglobal.projects.models import Project, ProjectStatus
from ciudadglobal.taxonomy.models import Theme

from .search import search

PUBLIC = Visibility.PUBLIC
#: The filters whose options are facets (values found in the public records, counted).
FACETS = frozenset(
    ("kind", "status", "result", "region", "country", "theme", "sdg", "year_from", "year_to",
     "department")
)  # fmt: skip


class _Named:
    """Enough of a record for ``localized()``: a name and its English form."""

    def __init__(self, name: str, name_en: str = "") -> None:
        self.name, self.name_en = name, name_en or ""


class SearchInput(forms.TextInput):
    input_type = "search"


def _facet(filter_name: str, label, empty_label):
    return django_filters.ChoiceFilter(
        label=label, empty_label=empty_label, method=f"filter_{filter_name}"
    )


class ExplorerFilterSet(django_filters.FilterSet):
    """What every explorer shares. Subclasses set the paths below, and ``None`` for a
    parameter that does not apply to their records."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", max_length=200, widget=SearchInput
    )
    kind = _facet("choice", _("Kind"), _("All kinds"))
    status = _facet("choice", _("Status"), _("Any status"))
    result = _facet("choice", _("Result"), _("Any result"))
    region = _facet("region", _("Region"), _("All regions"))
    country = _facet("country", _("Country"), _("All countries"))
    theme = _facet("theme", _("Theme"), _("All themes"))
    sdg = _facet("sdg", _("Sustainable Development Goal"), _("All goals"))
    year_from = _facet("year_from", _("From year"), _("Any year"))
    year_to = _facet("year_to", _("To year"), _("Any year"))
    department = _facet("department", _("Department"), _("All departments"))

    #: The partial date that places a record in time.
    date_field = "start"
    #: The field (or annotation) behind ``kind``, ``status`` and ``result``: their choices.
    choice_enums: dict = {}
    #: Relations to actors whose country places a record (only public actors count)…
    actor_paths: tuple[str, ...] = ()
    #: …and to places (the shared gazetteer) that do too.
    place_paths: tuple[str, ...] = ()
    theme_path = "themes"
    sdg_path = "sdg_targets__goal__number"
    department_path = "department"
    #: Text fields searched by ``q``; the title fields rank higher.
    search_fields: tuple[str, ...] = ("title", "title_en", "description", "description_en")
    title_fields: tuple[str, ...] = ("title", "title_en")

    def __init__(self, data=None, queryset=None, *, government, request=None, facets=True):
        """Without ``facets`` (the API: no drop-downs to fill), the options are not counted:
        each filter accepts exactly the values it accepts with them, and nothing else."""
        super().__init__(data, queryset, request=request)
        self.government = government
        self.model = queryset.model
        if not facets:
            self._accept_requested_only()
            return
        options = {
            "kind": lambda: self._choice_options("kind"),
            "status": lambda: self._choice_options("status"),
            "result": lambda: self._choice_options("result"),
            "region": lambda: self._region_options(self._located),
            "country": lambda: self._country_options(self._located),
            "theme": self._theme_options,
            "sdg": self._sdg_options,
            "year_from": self._year_options,
            "year_to": self._year_options,
            "department": self._department_options,
        }
        years, unused = None, []
        #: filter → value → label (without the count), for the summary of active filters.
        self.option_labels: dict[str, dict[str, str]] = {}
        for name, filter_ in self.filters.items():
            if name not in options:
                continue
            if name in ("year_from", "year_to"):
                years = years if years is not None else self._counted("years", options[name])
                found = sorted(self._with_requested(name, years))
            else:
                found = self._with_requested(name, self._counted(name, options[name]))
            if not found:  # nothing to choose from: no control at all
                unused.append(name)
                continue
            self.option_labels[name] = {value: label for value, label, _count in found}
            filter_.extra["choices"] = [
                (value, f"{label} ({count})" if count is not None else label)
                for value, label, count in found
            ]
        for name in unused:
            del self.filters[name]

    def _accept_requested_only(self) -> None:
        """The choices of each requested facet: its value, when valid (``_with_requested``)."""
        for name in FACETS & set(self.filters):
            found = self._with_requested(name, [])  # empty: an invalid value is refused
            self.filters[name].extra["choices"] = [(value, label) for value, label, _n in found]

    # --- Options of each facet: (value, label, count) ---------------------------------------

    def _base(self) -> QuerySet:
        return self.queryset.order_by()

    def _choice_options(self, name: str) -> list[tuple[str, str, int]]:
        enum = self.choice_enums[name]
        rows = self._base().values(name).annotate(n=Count("pk"))
        counts = {row[name]: row["n"] for row in rows}
        return [(value, label, counts[value]) for value, label in enum.choices if value in counts]

    def _counted(self, name: str, compute: Callable[[], list]) -> list:
        """The options of facet ``name``, remembered until public data changes
        (``pagecache.remembered``): the same for every request on the same records."""
        if self._facets_key is None:
            return compute()
        return remembered(f"facets:{self._facets_key}:{name}", compute)

    @cached_property
    def _facets_key(self) -> str | None:
        """What the facets depend on besides public data and the day: the FilterSet, the
        language and the records (their SQL, compiled once); None when there are none."""
        try:
            records = str(self._base().query)
        except EmptyResultSet:
            return None
        key = f"{type(self).__qualname__}|{get_language()}|{records}"
        return hashlib.sha256(key.encode()).hexdigest()

    @cached_property
    def _located(self) -> set[tuple[int, str]]:
        """(record pk, country code) for every country a record is located in."""
        pairs: set[tuple[int, str]] = set()
        for path in self.actor_paths:
            rows = (
                self._base()
                .filter(published_q(path))
                .exclude(**{f"{path}__country": ""})
                .values_list("pk", f"{path}__country")
                .distinct()
            )
            pairs.update(rows)
        for path in self.place_paths:
            rows = (
                self._base()
                .filter(**{f"{path}__isnull": False})
                .values_list("pk", f"{path}__country")
                .distinct()
            )
            pairs.update(rows)
        return pairs

    def _region_options(self, located) -> list[tuple[str, str, int]]:
        regions = {(pk, region_of(code)) for pk, code in located}
        counts = Counter(region for _pk, region in regions if region is not None)
        return [(region.value, region.label, counts[region]) for region in Region if counts[region]]

    def _country_options(self, located) -> list[tuple[str, str, int]]:
        counts = Counter(code for _pk, code in located)
        options = [(code, str(iso_countries.name(code)) or code, n) for code, n in counts.items()]
        return sorted(options, key=lambda option: fold(option[1]))

    def _named_options(self, path: str, rows: Iterable[dict]) -> list[tuple[str, str, int]]:
        options = []
        for row in rows:
            label = localized(_Named(row[f"{path}__name"], row[f"{path}__name_en"]), "name")
            if row.get(f"{path}__acronym"):
                label = f"{label} ({row[f'{path}__acronym']})"
            options.append((str(row[path]), label, row["n"]))
        return sorted(options, key=lambda option: fold(option[1]))

    def _theme_options(self) -> list[tuple[str, str, int]]:
        path = self.theme_path
        rows = (
            self._base()
            .filter(**{f"{path}__isnull": False})
            .values(path, f"{path}__name", f"{path}__name_en")
            .annotate(n=Count("pk", distinct=True))
        )
        return self._named_options(path, rows)

    def _department_options(self) -> list[tuple[str, str, int]]:
        path = self.department_path
        rows = (
            self._base()
            .filter(published_q(path))
            .values(path, f"{path}__name", f"{path}__name_en", f"{path}__acronym")
            .annotate(n=Count("pk", distinct=True))
        )
        return self._named_options(path, rows)

    def _sdg_options(self) -> list[tuple[str, str, int]]:
        path = self.sdg_path
        rows = (
            self._base()
            .filter(**{f"{path}__isnull": False})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
        )
        counts = sorted((row[path], row["n"]) for row in rows)
        return [(str(goal), sdg_label(goal), n) for goal, n in counts]

    def _year_options(self) -> list[tuple[str, str, None]]:
        years = (
            self._base()
            .exclude(**{self.date_field: None})
            .annotate(year=Substr(self.date_field, 1, 4, output_field=CharField()))
            .values_list("year", flat=True)
            .distinct()
        )
        return [(year, year, None) for year in sorted(set(years))]

    def _with_requested(self, name: str, options: list) -> list:
        """Add the requested value when it is valid but absent from the public data."""
        value = str(self.data.get(name, "") or "").strip()
        if not value or any(option[0] == value for option in options):
            return options
        label = self._label_of(name, value)
        if label is None:
            return options
        count = None if name in ("year_from", "year_to") else 0
        return [*options, (value, label, count)]

    def _label_of(self, name: str, value: str) -> str | None:
        if name in self.choice_enums:
            return dict(self.choice_enums[name].choices).get(value)
        if name == "region":
            return dict(Region.choices).get(value)
        if name == "country":
            known = len(value) == 2 and value.isalpha() and value.isupper()
            return (str(iso_countries.name(value)) or None) if known else None
        if name == "sdg":
            return sdg_label(int(value)) if value.isdigit() and 1 <= int(value) <= 17 else None
        if name in ("year_from", "year_to"):
            return value if len(value) == 4 and value.isdigit() and value != "0000" else None
        if not value.isdigit():
            return None
        if name == "theme":
            theme = Theme.objects.for_government(self.government).filter(pk=value).first()
            return localized(theme, "name") if theme else None
        if name == "department":
            department = (
                Department.objects.for_government(self.government)
                .published()
                .filter(pk=value)
                .first()
            )
            return str(department) if department else None
        return None

    # --- Filtering ------------------------------------------------------------------------

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The facets first, then the text search over what is left."""
        data = dict(self.form.cleaned_data)
        q = data.pop("q", "")
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        if "q" in self.filters:
            queryset = self.filters["q"].filter(queryset, q)
        return queryset

    def _having(self, condition: Q) -> Q:
        """Records meeting ``condition`` on a many-valued relation, without duplicates."""
        return Q(pk__in=self.model._default_manager.filter(condition).values("pk"))

    def filter_q(self, queryset, name, value):
        return search(queryset, value, self.search_fields, title_fields=self.title_fields)

    def filter_choice(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def located_in(self, codes: list[str]) -> Q:
        condition = Q(pk__in=[])
        for path in self.actor_paths:
            condition |= Q(**{f"{path}__country__in": codes}) & published_q(path)
        for path in self.place_paths:
            condition |= Q(**{f"{path}__country__in": codes})
        return self._having(condition)

    def filter_region(self, queryset, name, value):
        return queryset.filter(self.located_in(countries_in(value)))

    def filter_country(self, queryset, name, value):
        return queryset.filter(self.located_in([value]))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(self._having(Q(**{self.theme_path: value})))

    def filter_sdg(self, queryset, name, value):
        return queryset.filter(self._having(Q(**{self.sdg_path: value})))

    def filter_department(self, queryset, name, value):
        return queryset.filter(self._having(Q(**{self.department_path: value})))

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lt": f"{int(value) + 1:04d}"})

    # --- Sorting (the ``sort`` parameter, outside the form: it is chosen by links) ----------

    #: sort value → label; the first is the default without a search.
    sorts: dict = {
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "title": _("Title"),
    }
    title_field = "title"

    def sort_options(self) -> dict:
        """The sorts offered: by relevance too while searching."""
        if self.searching:
            return {"relevance": _("Relevance"), **self.sorts}
        return dict(self.sorts)

    @property
    def searching(self) -> bool:
        """A search text was given and is valid (an invalid one, too long, is not applied)."""
        if "q" not in self.filters or not self.is_bound or self.form.errors.get("q"):
            return False
        return bool(str(self.form.cleaned_data.get("q") or "").strip())

    def sort_value(self, requested: str | None) -> str:
        options = self.sort_options()
        return requested if requested in options else next(iter(options))

    def ordering(self, sort: str) -> list:
        date = F(self.date_field)
        title = F(self.title_field)
        if (get_language() or "").startswith("en"):  # by the English title where there is one
            title = Coalesce(NullIf(F(f"{self.title_field}_en"), Value("")), title)
        title = title.asc()
        if sort == "relevance":
            return [F("search_rank").desc(), date.desc(nulls_last=True), title, "pk"]
        if sort == "oldest":
            return [date.asc(nulls_last=True), title, "pk"]
        if sort in ("title", "name"):
            return [title, "pk"]
        return [date.desc(nulls_last=True), title, "pk"]


def sdg_label(goal: int) -> str:
    return _("Goal %(number)s") % {"number": goal}


class AgreementFilter(ExplorerFilterSet):
    result = None
    date_field = "signed"
    choice_enums = {"kind": AgreementKind, "status": AgreementStatus}
    actor_paths = ("parties__actor",)

    class Meta:
        model = Agreement
        fields = []


class ActivityFilter(ExplorerFilterSet):
    status = None
    result = None
    choice_enums = {"kind": ActivityKind}
    actor_paths = ("counterparts",)
    place_paths = ("places",)
    department_path = "departments"
    search_fields = (*ExplorerFilterSet.search_fields, "outcomes")

    class Meta:
        model = Activity
        fields = []


class ProjectFilter(ExplorerFilterSet):
    """``status`` is the project's IATI activity status (codes 1–6)."""

    kind = None
    result = None
    choice_enums = {"status": ProjectStatus}
    actor_paths = ("participants__actor",)
    place_paths = ("places",)
    department_path = "departments"
    search_fields = (*ExplorerFilterSet.search_fields, "results")

    class Meta:
        model = Project
        fields = []


class NetworkFilter(ExplorerFilterSet):
    kind = None
    status = None
    result = None
    region = None
    country = None
    sdg = None
    date_field = "joined"
    theme_path = "network__themes"
    search_fields = (
        "network__name",
        "network__name_en",
        "network__acronym",
        "network__description",
        "network__description_en",
        "notes",
    )
    title_fields = ("network__name", "network__name_en", "network__acronym")
    sorts = {
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "name": _("Name"),
    }
    title_field = "network__name"

    class Meta:
        model = NetworkMembership
        fields = []


class AwardFilter(ExplorerFilterSet):
    kind = None
    status = None
    date_field = "date"
    choice_enums = {"result": AwardResult}
    actor_paths = ("awarding_body",)
    search_fields = (
        "name",
        "name_en",
        "category",
        "category_en",
        "programme",
        "awarding_body__name",
        "awarding_body__name_en",
        "awarding_body__acronym",
    )
    title_fields = ("name", "name_en")
    sorts = {
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "name": _("Name"),
    }
    title_field = "name"

    class Meta:
        model = Award
        fields = []
