"""Map an IATI 2.03 activity file into a home government's registry.

What maps where (IATI element → registry):

* ``iati-identifier`` → ``Project.iati_identifier``: the key. A project of the government with
  that identifier is updated; otherwise one is created.
* ``reporting-org`` → ``Project.reporting_org`` (an organization) and ``reporting_org_ref``.
* ``title``, ``description`` (general, type 1) → ``title``/``title_en``,
  ``description``/``description_en``: the Spanish narrative (``xml:lang="es"``) and the English
  one. A narrative without ``xml:lang`` has the activity's language. A text published in English
  only is stored in both fields (the Spanish field may not be empty); the exporter writes such a
  text once, as English. A text in another language only fills the primary field.
* ``participating-org`` → ``ProjectParticipant`` (role, ``ref`` and type as published) with an
  organization of the registry: the one with the same name (either language, ignoring case),
  else the only one already published with the same ``ref``, else a new one. A ``ref`` the file
  gives to several differently named organizations (USAID uses ``XM-DAC-63000`` for a dozen
  partners) identifies none of them and is not used for matching.
* ``activity-status`` → ``status``; ``activity-date`` types 1–4 → ``planned_start``, ``start``,
  ``planned_end``, ``end`` (full days, kept as days).
* ``recipient-country`` (of the activity or of its transactions) → the project's country places.
* ``sector`` → ``ProjectSector``. Sectors published on transactions instead become the project's
  sectors, each weighted by the value of the disbursements and expenditures that carry it (of
  all transactions when there are none).
* ``tag`` vocabulary 2 (SDG goals) → ``sdg_goals``; vocabulary 3 (SDG targets) → ``sdg_targets``.
* ``budget`` → ``ProjectBudget``; ``transaction`` → ``ProjectTransaction``, its provider and
  receiver linked to an organization already in the registry (by the same rule, never created)
  or else kept by name; ``related-activity`` → ``RelatedActivity``.

Everything else is reported, element by element, with counts (``ImportReport.unmapped``): the
report is computed by walking the file, so it lists whatever was not read, not a list kept by hand.

The import is all or nothing (one database transaction; every error names the activity, the
element's path and its line) and idempotent: rows whose values already match are not saved, so a
second import of the same file writes nothing. A later import makes what IATI carries match the
file again; what it does not carry (themes, departments, agreements, results, cities and regions)
is left as staff set it. Visibility and source are set when a project or an organization is
created; later imports leave them too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from ciudadglobal.core.models import Source, Visibility
from ciudadglobal.tenants.models import HomeGovernment

from .codelists import activities_schema
from .reader import Reader, activity_label
from .writer import Writer


class IatiImportError(Exception):
    """Nothing was imported; ``errors`` says why, one line per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    activities: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    actors_created: int = 0
    dry_run: bool = False
    #: Element or attribute path → how many of them the registry did not keep.
    unmapped: Counter = field(default_factory=Counter)
    #: What was kept in another form than IATI's, with counts.
    converted: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        summary = _(
            "%(activities)s activities: %(created)s projects created, %(updated)s updated, "
            "%(unchanged)s unchanged; %(actors)s organizations created"
        ) % {
            "activities": self.activities,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "actors": self.actors_created,
        }
        if self.dry_run:
            summary += " " + _("(dry run: nothing was saved)")
        lines = [summary]
        for title, counts in (
            (_("kept in another form"), self.converted),
            (_("not imported"), self.unmapped),
        ):
            if counts:
                lines.append(f"{title}:")
                lines.extend(f"{count:>7}  {path}" for path, count in sorted(counts.items()))
        return "\n".join(lines)


def import_activities(
    government: HomeGovernment,
    xml_bytes: bytes,
    *,
    dry_run: bool = False,
    visibility: str = Visibility.INTERNAL,
    source_title: str = "",
) -> ImportReport:
    """Import every activity of an IATI 2.03 file into ``government``'s registry, or nothing.

    New projects and organizations get ``visibility``; with ``source_title`` they cite that
    source (created when missing). Raises ``IatiImportError`` listing every problem."""
    root = _parse(xml_bytes)
    report = ImportReport(dry_run=dry_run)
    reader = Reader(report)
    activities = [reader.activity(element) for element in root.iterfind("iati-activity")]
    report.activities = len(activities)
    seen: dict[str, int] = {}
    for data in activities:
        if data.identifier and data.identifier in seen:
            reader.error(
                data.element,
                data.identifier,
                _("the identifier is also used at line %(line)s") % {"line": seen[data.identifier]},
            )
        seen.setdefault(data.identifier, data.element.sourceline)
    if reader.errors:
        raise IatiImportError(reader.errors)

    with transaction.atomic():
        source = None
        if source_title:
            source, _created = Source.objects.get_or_create(
                home_government=government, title=source_title
            )
        writer = Writer(government, reader, activities, visibility=visibility, source=source)
        for data in activities:
            writer.write(data)
            reader.leftovers(data.element)
        if not reader.errors:
            writer.save_children()
        if reader.errors or dry_run:
            transaction.set_rollback(True)
    if reader.errors:
        raise IatiImportError(reader.errors)
    return report


def _parse(xml_bytes: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml_bytes, parser)
    except etree.XMLSyntaxError as error:
        message = _("line %(line)s: not well-formed XML: %(error)s")
        raise IatiImportError([message % {"line": error.lineno, "error": error.msg}]) from None
    if root.tag != "iati-activities":
        raise IatiImportError(
            [
                _("line %(line)s: the root element is %(tag)s, not iati-activities")
                % {"line": root.sourceline, "tag": root.tag}
            ]
        )
    schema = activities_schema()
    if not schema.validate(root):
        prefix = _("not valid IATI 2.03")
        raise IatiImportError([f"{prefix}: {_locate(root, error)}" for error in schema.error_log])
    return root


_ACTIVITY_IN_PATH = re.compile(r"^/iati-activities/iati-activity(?:\[(\d+)\])?")


def _locate(root: etree._Element, error) -> str:
    """A schema error with the activity it is in, its path and its line."""
    where = f"line {error.line}: {error.path}: {error.message}"
    match = _ACTIVITY_IN_PATH.match(error.path or "")
    if not match:
        return where
    activity = root.findall("iati-activity")[int(match[1] or 1) - 1]
    identifier = (activity.findtext("iati-identifier") or "").strip()
    return f"{activity_label(identifier)}: {where}"
