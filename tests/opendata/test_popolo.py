"""The Popolo export validates against the Popolo JSON schemas (vendored in
ciudadglobal/opendata/popolo_schemas) and holds only public people and organizations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from ciudadglobal.opendata.popolo import popolo

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[2] / "ciudadglobal" / "opendata" / "popolo_schemas"
KINDS = {
    "persons": "person",
    "organizations": "organization",
    "posts": "post",
    "memberships": "membership",
}


def _validators() -> dict[str, Draft3Validator]:
    documents = {path.stem: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (document["id"], Resource(document, specification=DRAFT3))
        for document in documents.values()
    )
    return {
        kind: Draft3Validator(documents[name], registry=registry, format_checker=FormatChecker())
        for kind, name in KINDS.items()
    }


def _errors(document) -> list[str]:
    validators = _validators()
    return [
        f"{kind}[{index}]: {error.message}"
        for kind, validator in validators.items()
        for index, item in enumerate(document[kind])
        for error in validator.iter_errors(item)
    ]


def test_popolo_validates_against_its_schemas(registry):
    document = popolo(registry.government)
    assert _errors(document) == []
    assert {person["name"] for person in document["persons"]} == {"Ana Pérez"}
    organizations = {organization["id"] for organization in document["organizations"]}
    assert organizations == {f"organization-{pk}" for pk in registry.visible["actors"]}
    roles = {(m["role"], m["organization_id"] in organizations) for m in document["memberships"]}
    assert ("Vicepresidencia", True) in roles


def test_the_schemas_can_fail(registry):
    document = popolo(registry.government)
    document["persons"][0]["birth_date"] = "12 de abril"
    document["memberships"][0]["start_date"] = 2013
    assert len(_errors(document)) == 2
