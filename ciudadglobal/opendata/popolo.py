"""Popolo JSON (https://www.popoloproject.com) of a government's public people and
organizations: ``persons``, ``organizations``, ``posts`` and ``memberships``.

Built from the open-data tables (so only published rows, references to non-public rows left
out). Ids are prefixed by kind ("person-12", "organization-7") so that they are unique across
the document. Memberships are the people's memberships of organizations and, in addition, the
positions people hold in the government's city networks (``network-position-…``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .tables import TABLES


def _id(kind: str, pk: int | None) -> str | None:
    return None if pk is None else f"{kind}-{pk}"


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _sources(row: dict) -> list[dict[str, str]]:
    return [{"url": row["source_url"]}] if row.get("source_url") else []


def _person(row: dict) -> dict[str, Any]:
    person = {
        "id": _id("person", row["id"]),
        "name": row["name"],
        "honorific_prefix": row["honorific_prefix"] or None,
        "biography": row["biography"] or None,
        "identifiers": [{"identifier": str(row["id"]), "scheme": "ciudadglobal"}],
        "updated_at": _time(row["updated_at"]),
        "sources": _sources(row),
    }
    if row["nationality"]:
        person["national_identity"] = row["nationality"]
    return person


def _organization(row: dict) -> dict[str, Any]:
    other_names = []
    if row["name_en"]:
        other_names.append({"name": row["name_en"], "note": "English"})
    if row["acronym"]:
        other_names.append({"name": row["acronym"], "note": "acronym"})
    identifiers = [{"identifier": str(row["id"]), "scheme": "ciudadglobal"}]
    if row["country"]:
        identifiers.append({"identifier": row["country"], "scheme": "ISO 3166-1 alpha-2"})
    return {
        "id": _id("organization", row["id"]),
        "name": row["name"],
        "other_names": other_names,
        "identifiers": identifiers,
        "classification": row["kind"],
        "parent_id": _id("organization", row["parent_id"]),
        "dissolution_date": row["dissolved"],
        "links": [{"url": row["website"], "note": "website"}] if row["website"] else [],
        "updated_at": _time(row["updated_at"]),
        "sources": _sources(row),
    }


def _post(row: dict) -> dict[str, Any]:
    return {
        "id": _id("post", row["id"]),
        "label": row["label"],
        "other_label": [row["label_en"]] if row["label_en"] else [],
        "organization_id": _id("organization", row["organization_id"]),
    }


def _membership(row: dict) -> dict[str, Any]:
    return {
        "id": _id("membership", row["id"]),
        "person_id": _id("person", row["person_id"]),
        "organization_id": _id("organization", row["organization_id"]),
        "post_id": _id("post", row["post_id"]),
        "role": row["role"] or None,
        "start_date": row["start"],
        "end_date": row["end"],
    }


def _network_positions(government) -> list[dict[str, Any]]:
    """Network positions held by a person, as memberships of the network."""
    networks = {row["id"]: row["network_id"] for row in TABLES["networks"].all_rows(government)}
    found = []
    for row in TABLES["network_positions"].all_rows(government):
        if row["holder_id"] is None or row["membership_id"] not in networks:
            continue
        found.append(
            {
                "id": _id("network-position", row["id"]),
                "label": row["body"] or None,
                "role": row["title"],
                "person_id": _id("person", row["holder_id"]),
                "organization_id": _id("organization", networks[row["membership_id"]]),
                "start_date": row["start"],
                "end_date": row["end"],
            }
        )
    return found


def popolo(government) -> dict[str, list[dict[str, Any]]]:
    """The Popolo document of ``government``'s public people, organizations and posts."""
    return {
        "persons": [_person(row) for row in TABLES["persons"].all_rows(government)],
        "organizations": [_organization(row) for row in TABLES["actors"].all_rows(government)],
        "posts": [_post(row) for row in TABLES["posts"].all_rows(government)],
        "memberships": [
            *(_membership(row) for row in TABLES["memberships"].all_rows(government)),
            *_network_positions(government),
        ],
    }
