"""The IATI codelists and the 2.03 schema vendored in ``projects/data/iati`` (see SOURCES.md).

Codelists carry English names (and French in some); IATI publishes no Spanish names. Small
lists the registry stores as choices (statuses, roles, types) are mirrored as ``TextChoices`` in
``projects.models``; a test checks that both agree. The sector list is large and changes, so it
is read from the XML when a code is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "data" / "iati"
SCHEMA = DATA / "schemas-2.03" / "iati-activities-schema.xsd"
CODELISTS = DATA / "codelists"

#: Sector vocabularies whose codes the vendored codelists can check.
SECTOR_CODELISTS = {"1": "Sector", "2": "SectorCategory"}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    withdrawn: bool = False


@cache
def codelist(name: str) -> dict[str, Code]:
    """The items of codelist ``name`` (``"Sector"``, ``"TransactionType"``…) by code."""
    tree = etree.parse(str(CODELISTS / f"{name}.xml"))
    items = {}
    for item in tree.iterfind("codelist-items/codelist-item"):
        code = item.findtext("code").strip()
        names = item.findall("name/narrative")
        english = next(
            (n.text for n in names if n.get("{http://www.w3.org/XML/1998/namespace}lang") is None),
            names[0].text if names else "",
        )
        items[code] = Code(code, (english or "").strip(), item.get("status") == "withdrawn")
    return items


def sector_name(vocabulary: str, code: str) -> str:
    """The codelist's name of a sector code, '' when the code is unknown or not checkable."""
    name = SECTOR_CODELISTS.get(vocabulary)
    if name is None:
        return ""
    item = codelist(name).get(code)
    return item.name if item else ""


@cache
def activities_schema() -> etree.XMLSchema:
    """The IATI 2.03 activities schema (its four companion files are found beside it)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def schema_errors(document: etree._ElementTree | etree._Element) -> list[str]:
    """Every reason ``document`` is not valid IATI 2.03 activity XML: 'line N: path: message'."""
    schema = activities_schema()
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.path}: {e.message}" for e in schema.error_log]
