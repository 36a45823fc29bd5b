"""Reading an IATI activity into plain values, and keeping count of what was not read.

The mapping itself is described in ``importer``. The reader marks every element and attribute it
uses; ``Reader.leftovers`` then walks the activity and counts the rest by path, so the import
report lists whatever the registry did not keep, not a list kept by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from lxml import etree

from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.taxonomy.models import SdgGoal, SdgTarget

from ..models import OrganisationType, SectorVocabulary, TransactionType
from .codelists import SECTOR_CODELISTS, sector_name

# Notes put inside messages built with f-strings (gettext must see the literals).
_NOTE_REPEATED = gettext_lazy("repeated")
_NOTE_REPEATED_OR_UNKNOWN = gettext_lazy("repeated or unknown")
_NOTE_NOT_AN_ISO_3166_CODE = gettext_lazy("not an ISO 3166 code")
_NOTE_PROJECT_COUNTRY = gettext_lazy("project country")
_NOTE_UNKNOWN_VOCABULARY = gettext_lazy("unknown vocabulary")
_NOTE_CODE_NOT_IN_THE_IATI_LIST = gettext_lazy("code not in the IATI list")
_NOTE_PROJECT_SECTOR_WEIGHTED_BY_VALUE = gettext_lazy("project sector, weighted by value")

if TYPE_CHECKING:
    from .importer import ImportReport

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
SPENDING = {TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE}
DATE_FIELDS = {"1": "planned_start", "2": "start", "3": "planned_end", "4": "end"}


def activity_label(identifier: str) -> str:
    if not identifier:
        return _("activity (no identifier)")
    return _("activity %(identifier)s") % {"identifier": identifier}


@dataclass
class Org:
    ref: str
    name: str
    name_en: str
    type: str
    element: etree._Element


@dataclass
class Row:
    """The values of one registry row and the elements they were read from (for errors)."""

    values: dict
    element: etree._Element
    sources: dict = field(default_factory=dict)


@dataclass
class ActivityData:
    element: etree._Element
    identifier: str
    project: Row
    reporting_org: Org | None = None
    participants: list[tuple[Org, str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    goals: list[int] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    sectors: list[Row] = field(default_factory=list)
    budgets: list[Row] = field(default_factory=list)
    transactions: list[tuple[Row, Org | None, Org | None]] = field(default_factory=list)
    related: list[Row] = field(default_factory=list)


class Reader:
    """Reads activities into plain values, remembering which nodes it used."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.errors: list[str] = []
        self.taken: set = set()
        self.taken_attributes: set = set()
        self.skipped: set = set()
        self.goals = set(SdgGoal.objects.values_list("number", flat=True))
        self.targets = set(SdgTarget.objects.values_list("code", flat=True))
        self.identifier = ""

    # Bookkeeping

    def take(self, element, *attributes):
        self.taken.add(element)
        self.taken_attributes.update((element, name) for name in attributes)
        return element

    def skip(self, element, label: str) -> None:
        """Leave ``element`` out on purpose, counted under ``label``."""
        self.skipped.add(element)
        self.report.unmapped[label] += 1

    def convert(self, label: str) -> None:
        self.report.converted[label] += 1

    def leftovers(self, activity) -> None:
        """Count every element and attribute of ``activity`` that was not read."""
        stack = [activity]
        while stack:
            element = stack.pop()
            if not isinstance(element.tag, str) or element in self.skipped:
                continue
            if element not in self.taken:
                self.report.unmapped[path(element)] += 1
                continue
            for name in element.attrib:
                if (element, name) not in self.taken_attributes:
                    self.report.unmapped[f"{path(element)}/@{_qualified(name, element)}"] += 1
            stack.extend(element)

    def error(self, element, identifier: str, message: str) -> None:
        where = element.getroottree().getpath(element)
        line = _("line %(line)s") % {"line": element.sourceline}
        self.errors.append(f"{activity_label(identifier)}: {where} ({line}): {message}")

    # Values

    def day(self, element, attribute: str = "iso-date") -> PartialDate | None:
        self.take(element, attribute)
        text = (element.get(attribute) or "").strip()[:10]  # drops a time zone
        try:
            return PartialDate.parse(text)
        except ValueError:
            message = _("%(text)r is not a date") % {"text": text}
            self.error(element, self.identifier, f"@{attribute}: {message}")
            return None

    def texts(self, element, language: str, *, names: bool = False) -> tuple[str, str]:
        """(primary, English) from an element's narratives; see the module's notes. For
        ``names`` (of organizations), a name in another language is simply the name."""
        found: dict[str, str] = {}
        for narrative in element.iterfind("narrative"):
            lang = (narrative.get(XML_LANG) or language).lower().split("-")[0]
            text = (narrative.text or "").strip()
            if not text:
                self.take(narrative, XML_LANG)
            elif lang in found:
                self.skip(narrative, f"{path(narrative)}[@xml:lang='{lang}'] ({_NOTE_REPEATED})")
            else:
                self.take(narrative, XML_LANG)
                found[lang] = text
        english = found.pop("en", "")
        primary = found.pop("es", "")
        if not primary and found:
            lang, primary = next(iter(found.items()))
            found.pop(lang)
            if not names:
                kept = _("kept as the primary text")
                self.convert(f"{path(element)}/narrative (xml:lang={lang or '?'}) {kept}")
        for lang in found:
            self.report.unmapped[f"{path(element)}/narrative[@xml:lang='{lang}']"] += 1
        return primary or english, english

    def org(self, element, language: str, *attributes) -> Org:
        self.take(element, *attributes)
        name, name_en = self.texts(element, language, names=True)
        kind = element.get("type") or ""
        if kind not in OrganisationType.values:
            kind = ""  # an unknown code is not kept: the walk reports the attribute
        elif "type" in attributes:
            self.take(element, "type")
        return Org((element.get("ref") or "").strip(), name, name_en, kind, element)

    # One activity

    def activity(self, element) -> ActivityData:
        self.take(element, XML_LANG, "default-currency")
        # IATI has no default language: without one, narratives must each name theirs.
        language = element.get(XML_LANG) or element.getparent().get(XML_LANG) or ""
        currency = element.get("default-currency") or ""
        identifier_element = element.find("iati-identifier")
        identifier = ""
        if identifier_element is not None:
            identifier = (self.take(identifier_element).text or "").strip()
        self.identifier = identifier
        if not identifier:
            message = _("the activity has no identifier")
            self.error(element, identifier, f"iati-identifier: {message}")
        values = {"iati_identifier": identifier} | dict.fromkeys(DATE_FIELDS.values())
        project = Row(values, element, {"iati_identifier": identifier_element})
        data = ActivityData(element, identifier, project)

        title = element.find("title")
        if title is not None:
            values["title"], values["title_en"] = self.texts(self.take(title), language)
            project.sources.update(title=title, title_en=title)
        values["description"] = values["description_en"] = ""
        general = False
        for description in element.iterfind("description"):
            kind = description.get("type") or "1"
            if kind == "1" and not general:
                self.take(description, "type")
                texts = self.texts(description, language)
                values["description"], values["description_en"] = texts
                project.sources.update(description=description, description_en=description)
                general = True
            else:
                self.skip(description, f"{path(description)}[@type='{kind}']")
        status = element.find("activity-status")
        if status is not None:
            values["status"] = self.take(status, "code").get("code")
            project.sources["status"] = status
        for date in element.iterfind("activity-date"):
            name = DATE_FIELDS.get(date.get("type"))
            if name and project.sources.get(name) is None:
                self.take(date, "type")
                values[name] = self.day(date)
                project.sources[name] = date
            else:
                label = f"{path(date)}[@type='{date.get('type')}']"
                self.skip(date, f"{label} ({_NOTE_REPEATED_OR_UNKNOWN})")
        for first, last in (("start", "end"), ("planned_start", "planned_end")):
            if values[first] and values[last] and not _in_order(values[first], values[last]):
                message = _("the activity ends before it starts")
                self.error(project.sources[last], identifier, message)

        reporting = element.find("reporting-org")
        if reporting is not None:
            data.reporting_org = self.org(reporting, language, "ref", "type")
            values["reporting_org_ref"] = data.reporting_org.ref
            project.sources.update(reporting_org=reporting, reporting_org_ref=reporting)
        for participant in element.iterfind("participating-org"):
            org = self.org(participant, language, "ref", "type", "role")
            if org.name or org.ref:
                data.participants.append((org, participant.get("role")))
            else:
                reason = _("no name and no identifier")
                self.skip(participant, f"{path(participant)} ({reason})")

        self.countries(element, data)
        self.tags(element, data)
        for related in element.iterfind("related-activity"):
            link = {"identifier": related.get("ref"), "relation": related.get("type")}
            if any(row.values == link for row in data.related):
                self.skip(related, f"{path(related)} ({_NOTE_REPEATED})")
                continue
            self.take(related, "ref", "type")
            data.related.append(Row(link, related, dict.fromkeys(link, related)))
        for budget in element.iterfind("budget"):
            data.budgets.append(self.budget(budget, currency))
        for item in element.iterfind("transaction"):
            data.transactions.append(self.transaction(item, currency, language))
        self.sectors(element, data, language)
        return data

    def countries(self, element, data: ActivityData) -> None:
        listed = element.findall("recipient-country")
        nested = element.findall("transaction/recipient-country")
        for country in listed + nested:
            code = (country.get("code") or "").upper()
            if code not in countries:
                self.skip(country, f"{path(country)} ({_NOTE_NOT_AN_ISO_3166_CODE})")
                continue
            self.take(country, "code")
            if country in nested:
                self.convert(f"{path(country)} → {_NOTE_PROJECT_COUNTRY}")
            elif len(listed) == 1 and Decimal(country.get("percentage") or 100) == 100:
                self.take(country, "percentage")  # all of it: nothing is lost
            if code not in data.countries:
                data.countries.append(code)

    def tags(self, element, data: ActivityData) -> None:
        for tag in element.iterfind("tag"):
            vocabulary, code = tag.get("vocabulary"), (tag.get("code") or "").strip()
            label = f"{path(tag)}[@vocabulary='{vocabulary}']"
            if vocabulary == "2" and code.isdigit() and int(code) in self.goals:
                data.goals.append(int(code))
            elif vocabulary == "3" and code in self.targets:
                data.targets.append(code)
            else:
                in_framework = vocabulary not in ("2", "3")
                reason = _("not in the SDG framework")
                self.skip(tag, label if in_framework else f"{label} ({reason})")
                continue
            self.take(tag, "vocabulary", "code")
            for narrative in tag.iterfind("narrative"):
                self.take(narrative, XML_LANG)  # the framework's own title says it

    def budget(self, element, currency: str) -> Row:
        self.take(element, "type", "status")
        start, end, value = (element.find(name) for name in ("period-start", "period-end", "value"))
        row = Row(
            {
                "budget_type": element.get("type") or "1",
                "status": element.get("status") or "1",
                "period_start": self.day(self.take(start)),
                "period_end": self.day(self.take(end)),
                "value": Decimal(self.take(value, "currency").text.strip()),
                "currency": value.get("currency") or currency,
            },
            element,
            {"period_start": start, "period_end": end, "value": value, "currency": value},
        )
        if value.get("value-date") == start.get("iso-date"):
            self.take(value, "value-date")  # the exporter writes the period start again
        # What the budget's database constraints require, said with the element's path.
        first, last = row.values["period_start"], row.values["period_end"]
        if first and last and not _in_order(first, last):
            self.error(end, self.identifier, _("the period ends before it starts"))
        if row.values["value"] < 0:
            self.error(value, self.identifier, _("a budget cannot be negative"))
        return row

    def transaction(self, element, currency: str, language: str):
        self.take(element, "ref")
        kind, date, value = (
            element.find(name) for name in ("transaction-type", "transaction-date", "value")
        )
        values = {
            "ref": element.get("ref") or "",
            "transaction_type": self.take(kind, "code").get("code"),
            "date": self.day(self.take(date)),
            "value": Decimal(self.take(value, "currency").text.strip()),
            "currency": value.get("currency") or currency,
            "description": "",
        }
        if value.get("value-date") == date.get("iso-date"):
            self.take(value, "value-date")  # the exporter writes the transaction date again
        description = element.find("description")
        if description is not None:
            primary, english = self.texts(self.take(description), language)
            values["description"] = primary
            if english and english != primary:
                self.report.unmapped[f"{path(description)}/narrative[@xml:lang='en']"] += 1
        sources = {"transaction_type": kind, "date": date, "value": value, "currency": value}
        orgs = []
        for tag in ("provider-org", "receiver-org"):
            org_element = element.find(tag)
            orgs.append(None if org_element is None else self.org(self.take(org_element), language))
            sources[tag.replace("-", "_")] = sources[f"{tag.replace('-', '_')}_name"] = org_element
        return Row(values, element, sources), *orgs

    def sectors(self, element, data: ActivityData, language: str) -> None:
        own = element.findall("sector")
        nested = element.findall("transaction/sector")
        weights: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        names: dict[tuple[str, str], str] = {}
        if own:
            for sector in nested:
                reason = _("the activity has its own sectors")
                self.skip(sector, f"{path(sector)} ({reason})")
        spending = any(row.values["transaction_type"] in SPENDING for row, *_ in data.transactions)
        rows_by_element = {row.element: row for row, *_ in data.transactions}
        for sector in own or nested:
            vocabulary = sector.get("vocabulary") or SectorVocabulary.DAC
            code = (sector.get("code") or "").strip()
            label = f"{path(sector)}[@vocabulary='{vocabulary}']"
            if vocabulary not in SectorVocabulary.values:
                self.skip(sector, f"{label} ({_NOTE_UNKNOWN_VOCABULARY})")
                continue
            if vocabulary in SECTOR_CODELISTS and not sector_name(vocabulary, code):
                self.skip(sector, f"{label} ({_NOTE_CODE_NOT_IN_THE_IATI_LIST})")
                continue
            sector_element = self.take(sector, "vocabulary", "code")
            name, _english = self.texts(sector_element, language, names=True)
            key = (vocabulary, code)
            if vocabulary in SECTOR_CODELISTS:
                name = ""  # the codelist names it
            if own:
                if key in names:
                    self.skip(sector, f"{label} ({_NOTE_REPEATED})")
                    continue
                self.take(sector, "percentage")
                percentage = sector.get("percentage")
                if percentage and not 0 <= Decimal(percentage) <= 100:
                    message = _("not between 0 and 100")
                    self.error(sector, self.identifier, f"@percentage: {message}")
                names[key] = name
                data.sectors.append(
                    Row(
                        {
                            "vocabulary": vocabulary,
                            "code": code,
                            "name": name,
                            "percentage": Decimal(percentage) if percentage else None,
                        },
                        sector,
                        {"code": sector, "percentage": sector, "name": sector},
                    )
                )
                continue
            self.convert(f"{path(sector)} → {_NOTE_PROJECT_SECTOR_WEIGHTED_BY_VALUE}")
            row = rows_by_element[sector.getparent()]
            names.setdefault(key, name)
            if not spending or row.values["transaction_type"] in SPENDING:
                weights[key] += abs(row.values["value"])
            else:
                weights.setdefault(key, Decimal(0))
        if not own:
            data.sectors.extend(_weighted(weights, names, element))


def _in_order(start: PartialDate, end: PartialDate) -> bool:
    """Whether a period from ``start`` to ``end`` is possible (as ``period_constraint``)."""
    return end.isoformat() >= start.isoformat()[: len(end.isoformat())]


def _weighted(weights: dict, names: dict, element) -> list[Row]:
    """Sectors with percentages in proportion to their weights, adding up to 100 per
    vocabulary (none when a vocabulary has one sector or no weight at all)."""
    rows = []
    for vocabulary in sorted({vocabulary for vocabulary, _code in weights}):
        keys = [key for key in weights if key[0] == vocabulary]
        total = sum(weights[key] for key in keys)
        shares = dict.fromkeys(keys)
        if len(keys) > 1 and total:
            shares = {key: (100 * weights[key] / total).quantize(Decimal("0.01")) for key in keys}
            largest = max(keys, key=lambda key: weights[key])
            shares[largest] += Decimal(100) - sum(shares.values())
        for key in keys:
            values = {"vocabulary": vocabulary, "code": key[1], "name": names[key]}
            rows.append(Row(values | {"percentage": shares[key]}, element, {}))
    return rows


def path(element) -> str:
    """An element's path without positions, from ``iati-activity`` down, with prefixes."""
    parts = []
    while element is not None and element.tag != "iati-activities":
        parts.append(_qualified(element.tag, element))
        element = element.getparent()
    return "/".join(reversed(parts))


def _qualified(name: str, element) -> str:
    qname = etree.QName(name)
    if qname.namespace is None:
        return qname.localname
    if qname.namespace == XML_NS:
        return f"xml:{qname.localname}"
    prefix = next((p for p, uri in element.nsmap.items() if uri == qname.namespace and p), "")
    return f"{prefix}:{qname.localname}" if prefix else qname.localname
