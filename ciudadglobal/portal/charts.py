"""Charts of a home government's public records: what each counts, and how it is drawn.

Each chart is a plain function ``f(government, *, year_from=None, year_to=None) -> list[Row]``
over the records the public may see (``selectors.public``), registered in :data:`CHARTS` by
slug; the figures page, its tables and the CSV downloads all read that registry, so they always
show the same numbers. :func:`render_bar_chart` draws a chart as an accessible, server-side SVG:
no scripts, no inline styles (colours live in ``static/portal/charts.css``), every bar labelled
with its value so that no meaning rests on colour alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries as django_countries

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import HOME_KINDS
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award, AwardResult
from ciudadglobal.core.partialdates import overlaps_q
from ciudadglobal.core.text import fold
from ciudadglobal.places.regions import Region, region_of
from ciudadglobal.tenants.models import HomeGovernment

from .links import portal_url
from .selectors import public

# Notes put inside messages built with f-strings (gettext must see the literals).
_NOTE_SAME_DATA_BELOW = gettext_lazy("The table that follows gives the same data.")

# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Series:
    """One measure of a chart (a column of its table). ``colour`` numbers its CSS class
    ``chart-s<colour>``; it stays with the series whatever other series a period leaves out."""

    key: str
    label: str
    colour: int = 1


@dataclass(frozen=True)
class Row:
    """One bar (a row of the table): a stable ``key`` ("" for the "none" row), its label and
    one value per series of the chart, in the chart's series order."""

    key: str
    label: str
    values: tuple[int, ...]
    url: str = ""

    @property
    def total(self) -> int:
        return sum(self.values)


def _period(field_name: str, year_from: int | None, year_to: int | None) -> Q:
    """Records whose partial date ``field_name`` overlaps the years (inclusive, either open);
    every record when no year is given. Records without a date fall outside any period."""
    if year_from is None and year_to is None:
        return Q()
    start = f"{year_from:04d}" if year_from is not None else None
    end = f"{year_to:04d}" if year_to is not None else None
    return overlaps_q(field_name, start, end)


def sort_key(text: str) -> str:
    """Alphabetical order that ignores case, accents and opening punctuation (¿, «)."""
    return fold(text).lstrip("¿¡«“\"' ")


def _by_count(rows: list[Row]) -> list[Row]:
    """Largest first, then alphabetically."""
    return sorted(rows, key=lambda row: (-row.total, sort_key(row.label)))


def _country_name(code: str) -> str:
    return str(django_countries.name(code)) or code


def agreements_by_region(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """Public agreements signed in the period, by the book's regions of their foreign parties.

    An agreement counts once in each region where it has a foreign party (a party not of the
    home government, outside its country); agreements without such a party located in a
    region (those with international organizations only) make the last row. Every region has
    its row, with 0 where there is none."""
    agreements = public(Agreement, government).filter(_period("signed", year_from, year_to))
    regions_of: dict[int, set[Region]] = {}
    for pk, kind, country in agreements.values_list(
        "pk", "parties__actor__kind", "parties__actor__country"
    ):
        regions = regions_of.setdefault(pk, set())  # also for an agreement without parties
        foreign = kind not in HOME_KINDS and country and country != government.country
        if foreign and (region := region_of(country)) is not None:
            regions.add(region)
    counts = Counter(region for regions in regions_of.values() for region in regions)
    rows = _by_count([Row(region.value, str(region.label), (counts[region],)) for region in Region])
    unplaced = sum(1 for regions in regions_of.values() if not regions)
    if unplaced:
        rows.append(Row("", _("No region (international organizations only)"), (unplaced,)))
    return rows


def agreements_by_theme(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """Public agreements signed in the period, by theme (an agreement counts once per theme);
    agreements without a theme make the last row."""
    english = (get_language() or "").startswith("en")
    agreements = public(Agreement, government).filter(_period("signed", year_from, year_to))
    themes: dict[int, str] = {}
    counts: Counter = Counter()
    unthemed = 0
    for _pk, theme, name, name_en in agreements.values_list(
        "pk", "themes__pk", "themes__name", "themes__name_en"
    ):
        if theme is None:
            unthemed += 1
            continue
        themes[theme] = name_en if english and name_en else name
        counts[theme] += 1
    rows = _by_count([Row(str(pk), label, (counts[pk],)) for pk, label in themes.items()])
    if unthemed:
        rows.append(Row("", _("No theme"), (unthemed,)))
    return rows


def activities_by_year(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """Public activities by the year they started and their kind (one value per
    :class:`ActivityKind`, in its order); undated activities make the last row, unless a
    period is chosen."""
    kinds = list(ActivityKind)
    activities = public(Activity, government).filter(_period("start", year_from, year_to))
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0] * len(kinds))
    for kind, start in activities.values_list("kind", "start"):
        counts[start.year if start else None][kinds.index(ActivityKind(kind))] += 1
    rows = [Row(str(year), str(year), tuple(counts[year])) for year in sorted(filter(None, counts))]
    if None in counts:
        rows.append(Row("", _("Date not known"), tuple(counts[None])))
    return rows


def guests_by_country(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """Public incoming visits (distinguished guests) in the period, by the guest's country.

    The guest's country is that of the visit's places and counterparts, other than the home
    government's own; a visit from several countries counts once in each, and visits with no
    such country make the last row."""
    visits = public(Activity, government).filter(
        _period("start", year_from, year_to), kind=ActivityKind.INCOMING_VISIT
    )
    countries_of: dict[int, set[str]] = defaultdict(set)
    for pk, *countries in visits.values_list("pk", "places__country", "counterparts__country"):
        countries_of[pk].update(c for c in countries if c and c != government.country)
    counts = Counter(code for codes in countries_of.values() for code in codes)
    rows = _by_count([Row(code, _country_name(code), (n,)) for code, n in counts.items()])
    unknown = sum(1 for codes in countries_of.values() if not codes)
    if unknown:
        rows.append(Row("", _("Country not given"), (unknown,)))
    return rows


def awards_by_category(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """Public awards and candidacies in the period, by the category they were in; those
    without a category make the last row."""
    english = (get_language() or "").startswith("en")
    awards = public(Award, government).filter(_period("date", year_from, year_to))
    labels: dict[str, str] = {}
    counts: Counter = Counter()
    for category, category_en in awards.values_list("category", "category_en"):
        category = category.strip()
        if english and category_en.strip():  # any award of the category may give its English
            labels[category] = category_en.strip()
        labels.setdefault(category, category)
        counts[category] += 1
    uncategorized = counts.pop("", 0)
    rows = _by_count([Row(key, labels[key], (n,)) for key, n in counts.items()])
    if uncategorized:
        rows.append(Row("", _("No category given"), (uncategorized,)))
    return rows


def awards_by_result(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[Row]:
    """Public awards and candidacies in the period, by result: one row per possible result,
    in the order of :class:`AwardResult`, with 0 where there is none."""
    awards = public(Award, government).filter(_period("date", year_from, year_to))
    counts = dict(awards.values_list("result").annotate(n=Count("pk")).order_by())
    return [
        Row(result.value, str(result.label), (counts.get(result.value, 0),))
        for result in AwardResult
    ]


# ---------------------------------------------------------------------------------------------
# The registry of charts


@dataclass(frozen=True)
class Chart:
    """A chart of the figures page: what it is called, what it counts and where its rows
    lead. ``link(key)`` gives the query of the explorer ``explorer`` listing a row's records."""

    slug: str
    title: Promise
    description: Promise
    row_header: Promise
    series: tuple[tuple[str, Promise], ...]
    rows: Callable[..., list[Row]]
    explorer: str = ""
    link: Callable[[str], dict[str, str]] | None = None
    stacked: bool = False


def _single(label: Promise) -> tuple[tuple[str, Promise], ...]:
    return (("count", label),)


CHARTS: dict[str, Chart] = {
    chart.slug: chart
    for chart in (
        Chart(
            "agreements-by-region",
            gettext_lazy("Agreements by region"),
            gettext_lazy(
                "Agreements by the world region of their foreign parties, by date of signature. "
                "An agreement with parties in several regions counts once in each."
            ),
            gettext_lazy("Region"),
            _single(gettext_lazy("Agreements")),
            agreements_by_region,
            "agreement-list",
            lambda key: {"region": key},
        ),
        Chart(
            "agreements-by-theme",
            gettext_lazy("Agreements by theme"),
            gettext_lazy(
                "Agreements by the themes they cover, by date of signature. An agreement on "
                "several themes counts once in each."
            ),
            gettext_lazy("Theme"),
            _single(gettext_lazy("Agreements")),
            agreements_by_theme,
            "agreement-list",
            lambda key: {"theme": key},
        ),
        Chart(
            "activities-by-year",
            gettext_lazy("Activities by year and kind"),
            gettext_lazy(
                "Trips, visits, events, missions and other activities by the year they began; "
                "each bar is divided by kind of activity, in the order of the legend."
            ),
            gettext_lazy("Year"),
            tuple((kind.value, kind.label) for kind in ActivityKind),
            activities_by_year,
            "activity-list",
            lambda key: {"year_from": key, "year_to": key},
            stacked=True,
        ),
        Chart(
            "guests-by-country",
            gettext_lazy("Distinguished guests by country"),
            gettext_lazy(
                "Incoming visits and distinguished guests received, by the country they came "
                "from, by date of the visit."
            ),
            gettext_lazy("Country"),
            _single(gettext_lazy("Visits")),
            guests_by_country,
            "activity-list",
            lambda key: {"kind": ActivityKind.INCOMING_VISIT.value, "country": key},
        ),
        Chart(
            "awards-by-category",
            gettext_lazy("Awards by category"),
            gettext_lazy(
                "Awards, mentions and candidacies by the category of the award they were in, "
                "by date."
            ),
            gettext_lazy("Category"),
            _single(gettext_lazy("Awards")),
            awards_by_category,
        ),
        Chart(
            "awards-by-result",
            gettext_lazy("Awards by result"),
            gettext_lazy("Awards won, honourable mentions, finalists and candidacies, by date."),
            gettext_lazy("Result"),
            _single(gettext_lazy("Awards")),
            awards_by_result,
            "award-list",
            lambda key: {"result": key},
        ),
    )
}


@dataclass(frozen=True)
class ChartData:
    """A chart computed for one government and period: the series that have any value, the
    rows, and what the page's table and the CSV both show (:meth:`header`, :meth:`lines`)."""

    chart: Chart
    series: list[Series]
    rows: list[Row]
    id_prefix: str = ""

    @property
    def slug(self) -> str:
        return self.chart.slug

    @property
    def title(self) -> str:
        return str(self.chart.title)

    @property
    def shows_total(self) -> bool:
        """Stacked charts add a total to their rows, and a legend to their drawing."""
        return self.chart.stacked

    def header(self) -> list[str]:
        total = [_("Total")] if self.shows_total else []
        return [str(self.chart.row_header), *(series.label for series in self.series), *total]

    def lines(self) -> list[list[str | int]]:
        """The rows as the table and the CSV show them: label, values (and total)."""
        return [
            [row.label, *row.values, *([row.total] if self.shows_total else [])]
            for row in self.rows
        ]

    @cached_property
    def svg(self) -> SafeString:
        return render_bar_chart(self)


def _explorer(chart: Chart, government: HomeGovernment) -> str:
    """The address of the explorer listing the records of a row ("" when none serves)."""
    if not (chart.explorer and chart.link):
        return ""
    try:
        return portal_url(chart.explorer, government.slug)
    except NoReverseMatch:  # an explorer this deployment does not serve
        return ""


def build_chart(
    chart: Chart,
    government: HomeGovernment,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
) -> ChartData:
    """Compute ``chart`` for ``government`` over the years given (inclusive, either open)."""
    rows = chart.rows(government, year_from=year_from, year_to=year_to)
    series = [
        Series(key, str(label), colour) for colour, (key, label) in enumerate(chart.series, start=1)
    ]
    # A kind of activity with no record in the period would only add a column of zeros.
    kept = [i for i in range(len(series)) if not chart.stacked or any(r.values[i] for r in rows)]
    explorer = _explorer(chart, government)
    years = {
        name: str(value)
        for name, value in (("year_from", year_from), ("year_to", year_to))
        if value is not None
    }
    rows = [
        replace(
            row,
            values=tuple(row.values[i] for i in kept),
            url=f"{explorer}?{urlencode({**years, **chart.link(row.key)})}"
            if explorer and row.key
            else "",
        )
        for row in rows
    ]
    return ChartData(chart, [series[i] for i in kept], rows, id_prefix=f"chart-{chart.slug}")


def build_charts(
    government: HomeGovernment, *, year_from: int | None = None, year_to: int | None = None
) -> list[ChartData]:
    return [
        build_chart(chart, government, year_from=year_from, year_to=year_to)
        for chart in CHARTS.values()
    ]


# ---------------------------------------------------------------------------------------------
# Drawing

WIDTH = 640  # viewBox units; the CSS shows the chart at most this many pixels wide
ROW_HEIGHT = 46  # a label line, then the bar
BAR_HEIGHT = 20
BAR_TOP = 22  # from the top of a row
VALUE_SPACE = 64  # room right of the longest bar for its value
PADDING = 8
LABEL_CHARS = 80  # longer labels are shortened in the drawing (the table has them whole)
SEGMENT_CHAR = 8.5  # width of a digit inside a bar, to know whether a segment's value fits


def format_number(value: int) -> str:
    """A count as the page's tables show it, in the active language's format."""
    return number_format(value)


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}…"


def describe(data: ChartData, shown: int = 6) -> str:
    """A one-paragraph text alternative: the largest rows and their values."""
    rows = sorted(data.rows, key=lambda row: -row.total) if not data.chart.stacked else data.rows
    parts = [f"{row.label}: {format_number(row.total)}" for row in rows[:shown]]
    more = len(data.rows) - shown
    if data.chart.stacked:
        intro = _("Stacked bar chart of the totals by %(what)s, divided by kind.") % {
            "what": str(data.chart.row_header).lower()
        }
    else:
        intro = _("Bar chart by %(what)s.") % {"what": str(data.chart.row_header).lower()}
    text = f"{intro} {'; '.join(parts)}"
    if more > 0:
        text += " " + _("and %(count)s more.") % {"count": more}
    else:
        text += "."
    return f"{text} {_NOTE_SAME_DATA_BELOW}"


def _segments(data: ChartData, row: Row, top: float, scale: float) -> list[SafeString]:
    parts, x = [], 1.0  # right of the baseline
    for series, value in zip(data.series, row.values, strict=True):
        if not value:
            continue
        width = value * scale
        tip = f"{row.label} · {series.label}: {format_number(value)}"
        parts.append(
            format_html(
                '<rect class="chart-bar chart-s{}" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}</title></rect>",
                series.colour,
                f"{x:.1f}",
                top,
                f"{width:.1f}",
                BAR_HEIGHT,
                tip,
            )
        )
        label = format_number(value)
        if data.shows_total and width >= SEGMENT_CHAR * len(label) + 6:
            parts.append(
                format_html(
                    '<text class="chart-inside" x="{}" y="{}">{}</text>',
                    f"{x + width / 2:.1f}",
                    top + BAR_HEIGHT / 2,
                    label,
                )
            )
        x += width
    parts.append(
        format_html(
            '<text class="chart-value" x="{}" y="{}">{}</text>',
            f"{x + 6:.1f}",
            top + BAR_HEIGHT / 2,
            format_number(row.total),
        )
    )
    return parts


def render_bar_chart(data: ChartData) -> SafeString:
    """Draw ``data`` as horizontal bars, one per row, each labelled above with its row and at
    its end with its value; a stacked chart divides each bar into segments, in the order
    of the series and labelled with their values where they fit. Every text is escaped."""
    largest = max((row.total for row in data.rows), default=0)
    scale = (WIDTH - 2 * PADDING - VALUE_SPACE) / largest if largest else 0
    body: list[SafeString] = []
    for index, row in enumerate(data.rows):
        top = PADDING + index * ROW_HEIGHT
        body.append(
            format_html(
                '<text class="chart-label" x="0" y="{}">{}</text>',
                top + BAR_TOP - 6,
                _shorten(row.label),
            )
        )
        body.append(  # the baseline, so that a bar of 0 still shows where it would start
            format_html(
                '<line class="chart-axis" x1="0.5" y1="{}" x2="0.5" y2="{}"/>',
                top + BAR_TOP - 2,
                top + BAR_TOP + BAR_HEIGHT + 2,
            )
        )
        body.extend(_segments(data, row, top + BAR_TOP, scale))
    height = 2 * PADDING + len(data.rows) * ROW_HEIGHT
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc"><title id="{id}-title">{}</title>'
        '<desc id="{id}-desc">{}</desc><g class="chart-plot">{}</g></svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        data.title,
        describe(data),
        format_html_join("", "{}", ((part,) for part in body)),
        id=data.id_prefix,
    )
