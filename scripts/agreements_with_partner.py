"""List a home government's agreements with a partner through the public API, knowing only
the address of its OpenAPI document.

    python scripts/agreements_with_partner.py http://127.0.0.1:8000 cdmx Paris

Reads /api/openapi.json, finds the operation listing actors and the one listing agreements
(by their operation ids), checks that the agreements list has a ``partner`` parameter, finds
the partner by name with the actors search, then pages through every agreement with it.
Nothing else about the API is assumed."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from urllib.parse import urlencode
from urllib.request import urlopen

Get = Callable[[str], dict]


def _operation(document: dict, operation_id: str) -> tuple[str, dict]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method == "get" and operation.get("operationId") == operation_id:
                return path, operation
    raise LookupError(f"the API has no operation {operation_id!r}")


def _parameters(operation: dict) -> set[str]:
    return {parameter["name"] for parameter in operation.get("parameters", [])}


def _all_pages(get: Get, url: str) -> list[dict]:
    records = []
    while url:
        page = get(url)
        records += page["results"]
        url = page["next"]
    return records


def agreements_with(get: Get, base_url: str, government: str, partner: str) -> list[dict]:
    """Every agreement of ``government`` with the public actor named ``partner``."""
    document = get(f"{base_url}/api/openapi.json")
    actors_path, actors = _operation(document, "list_actors")
    agreements_path, agreements = _operation(document, "list_agreements")
    if "q" not in _parameters(actors) or "partner" not in _parameters(agreements):
        raise LookupError("the API cannot search actors or filter agreements by partner")
    found = _all_pages(
        get,
        base_url
        + actors_path.replace("{government}", government)
        + "?"
        + urlencode({"q": partner}),
    )
    wanted = partner.casefold()
    actors_named = [
        actor
        for actor in found
        if wanted in {(actor.get("name") or "").casefold(), (actor.get("name_en") or "").casefold()}
    ]
    results: dict[int, dict] = {}
    for actor in actors_named:
        url = (
            base_url
            + agreements_path.replace("{government}", government)
            + "?"
            + urlencode({"partner": actor["id"]})
        )
        for agreement in _all_pages(get, url):
            results[agreement["id"]] = agreement
    return sorted(results.values(), key=lambda agreement: agreement["id"])


def _get(url: str) -> dict:
    with urlopen(url) as response:
        return json.load(response)


if __name__ == "__main__":
    base, government_slug, partner_name = sys.argv[1:4]
    for agreement in agreements_with(_get, base.rstrip("/"), government_slug, partner_name):
        print(f"{agreement['id']}\t{agreement['signed'] or '—'}\t{agreement['title']}")
