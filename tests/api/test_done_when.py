"""Done when: a script lists all the agreements with Paris through the API using only the
OpenAPI document (scripts/agreements_with_partner.py), on Mexico City's dataset."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement
from tests.datasets.conftest import cdmx  # noqa: F401 — the fixture

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "agreements_with_partner.py"


def _script():
    spec = importlib.util.spec_from_file_location("agreements_with_partner", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_agreements_with_paris_through_the_openapi_document(cdmx, client):  # noqa: F811
    def get(url: str) -> dict:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        return response.json()

    found = _script().agreements_with(get, "http://testserver", "cdmx", "Paris")

    paris = Actor.objects.for_government(cdmx).published().filter(name_en="Paris")
    expected = set(
        Agreement.objects.for_government(cdmx)
        .published()
        .filter(parties__actor__in=paris)
        .values_list("pk", flat=True)
    )
    assert expected, "the dataset has public agreements with Paris"
    assert {agreement["id"] for agreement in found} == expected
    for agreement in found:
        assert any(
            party["actor_id"] in set(paris.values_list("pk", flat=True))
            for party in agreement["parties"]
        )
