"""The annual indicators report: the indicators against their targets and the
internationalization index for a year, with the year's figures from the registry that feed
them (the same section builders as the semiannual report, over the whole year)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ciudadglobal.tenants.models import HomeGovernment

from .content import ReportContent
from .semiannual import Builder, Progress, _noop, method_notes


def build_annual_indicators(
    government: HomeGovernment, year: int, *, progress: Progress = _noop
) -> ReportContent:
    builder = Builder(government, date(year, 1, 1), date(year, 12, 31))
    sections = []
    progress(_("Indicators"))
    sections.append(builder.indicators_section())
    progress(_("Agreements"))
    sections.append(builder.agreements_section()[0])
    for label, build in (
        (_("Activities"), builder.activities_section),
        (_("Projects and funds"), builder.projects_section),
        (_("City networks"), builder.networks_section),
        (_("Awards and recognitions"), builder.awards_section),
    ):
        progress(label)
        sections.append(build())
    progress(_("Participation and data quality"))
    sections.append(builder.participation_section())
    sections.append(builder.quality_section())
    return ReportContent(
        government=government,
        title=_("Annual indicators report · %(year)s") % {"year": year},
        subtitle=_(
            "The indicators of the international action against their targets, the "
            "internationalization index and the year's figures from the registry."
        ),
        period_start=builder.start,
        period_end=builder.end,
        computed_on=timezone.localdate(),
        sections=sections,
        method=method_notes(),
    )
