"""The batched import (matching.py, writing.py, bulk.py) keeps the row-by-row guarantees:
duplicates and conflicts reported on their row, every refusal rolling back everything, one
history row per created record with the import's user and reason, re-imports writing nothing.

Most tests run with tiny chunks and batches, so that a file of a few rows crosses several."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement, AgreementParty
from ciudadglobal.imports import bulk, matching, writing
from ciudadglobal.imports.entities import ENTITIES
from ciudadglobal.tenants.models import Role
from tests import factories as f

from .conftest import csv_bytes
from .test_rows import GOOD, run
from .test_rules import member

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[2, 1000], ids=["small-batches", "one-batch"])
def batch(request, monkeypatch):
    monkeypatch.setattr(writing, "BATCH", request.param)
    monkeypatch.setattr(matching, "CHUNK", min(request.param + 1, 1000))
    return request.param


def activity(n: int, **cells) -> dict:
    row = {
        "key": f"act-{n}",
        "kind": "forum",
        "title": f"Taller {n}",
        "title_en": "",
        "start": "2015-03",
        "end": "",
        "departments": "SEDEMA",
        "themes": "Medio ambiente; Cultura",
        "counterparts": "paris",
    }
    return row | cells


def import_activities(rows, government, **kwargs):
    return run(csv_bytes(rows), government, name="activities.csv", entity="activities", **kwargs)


def located(outcome) -> list[tuple[int, str]]:
    return [(error["row"], error["column"]) for error in outcome.errors]


def history_rows() -> int:
    through = [getattr(Activity.history.model, name).model for name in ("themes", "departments")]
    return Activity.history.count() + sum(model.objects.count() for model in through)


def test_duplicates_are_found_across_chunks_and_batches(government, registry, batch):
    rows = [activity(n) for n in range(7)]
    rows.append(activity(1))  # row 9: the key of row 3
    rows.append(activity(99, key="", title="Taller 4"))  # row 10: title and start of row 6

    outcome = import_activities(rows, government, commit=True)

    assert located(outcome) == [(9, ""), (10, "")]
    assert "3" in outcome.errors[0]["message"]
    assert "6" in outcome.errors[1]["message"]
    assert outcome.counts == {"create": 7, "update": 0, "unchanged": 0, "error": 2}
    assert not outcome.committed
    assert Activity.objects.count() == 0
    assert history_rows() == 0


def test_a_database_conflict_is_reported_on_its_row_as_django_says_it(government, registry, batch):
    Actor.objects.create(
        home_government=government, kind="foreign_local", name="Lyon", dataset_key="lyon-a"
    )
    with pytest.raises(ValidationError) as refused:
        Actor(home_government=government, kind="foreign_local", name="Lyon").full_clean()
    rows = [
        {"key": "a1", "kind": "foreign_local", "name": "Gobierno de Quito", "country": "EC"},
        {"key": "a2", "kind": "foreign_local", "name": "Gobierno de Lima", "country": "PE"},
        {"key": "lyon-b", "kind": "foreign_local", "name": "Lyon", "country": "FR"},  # row 4
        {"key": "a3", "kind": "civil_society", "name": "Lyon", "country": "FR"},
        {"key": "g1", "kind": "foreign_local", "name": "Gante", "country": "BE"},
        {"key": "g2", "kind": "foreign_local", "name": "Gante", "country": "BE"},  # row 7
        {"key": "a4", "kind": "foreign_local", "name": "Gobierno de Cusco", "country": "PE"},
    ]

    outcome = run(csv_bytes(rows), government, name="actors.csv", entity="actors", commit=True)

    assert located(outcome) == [(4, ""), (7, "")]
    assert {error["message"] for error in outcome.errors} <= set(refused.value.messages)
    assert outcome.counts == {"create": 5, "update": 0, "unchanged": 0, "error": 2}
    assert not Actor.objects.filter(dataset_key__in=["a1", "g1", "a4"]).exists()


def test_a_check_constraint_is_reported_on_its_row_and_the_rows_after_it_go_on(
    government, registry, batch
):
    rows = [activity(n) for n in range(5)]
    rows[2] = activity(2, start="2016", end="2015")  # row 4: ends before it starts

    preview = import_activities(rows, government)
    outcome = import_activities(rows, government, commit=True)

    for result in (preview, outcome):
        assert located(result) == [(4, "")]
        assert result.counts == {"create": 4, "update": 0, "unchanged": 0, "error": 1}
    assert outcome.errors == preview.errors
    assert Activity.objects.count() == 0


def test_a_row_refused_by_permissions_among_valid_rows_rolls_back_everything(
    government, registry, batch
):
    liaison = member(government, Role.LIAISON, registry["sedema"])
    other = f.DepartmentFactory(home_government=government, name="Secretaría de Cultura")
    rows = [activity(n) for n in range(6)]
    rows[3] = activity(3, departments=other.name)  # row 5

    outcome = import_activities(rows, government, user=liaison, commit=True)

    assert located(outcome) == [(5, "departments")]
    assert not outcome.committed
    assert Activity.objects.count() == 0
    assert history_rows() == 0
    assert import_activities(rows[:3], government, user=liaison, commit=True).committed


def test_a_created_record_has_one_history_row_with_reason_user_and_lists(
    government, registry, staff, batch
):
    rows = [activity(n) for n in range(3)]

    outcome = import_activities(rows, government, user=staff, reason="Carga", commit=True)

    assert outcome.committed, outcome.errors
    themes = Activity.history.model.themes.model
    for record in Activity.objects.all():
        (history,) = record.history.all()
        assert (history.history_type, history.history_user, history.history_change_reason) == (
            "+",
            staff,
            "Carga",
        )
        assert (history.title, history.start, history.state) == (
            record.title,
            record.start,
            "draft",
        )
        assert history.version == record.version == 1
        kept = set(themes.objects.filter(history=history).values_list("theme_id", flat=True))
        assert kept == {registry["environment"].pk, registry["culture"].pk}
    assert Activity.objects.get(dataset_key="act-0").counterparts.get() == registry["paris"]
    assert Activity.objects.get(dataset_key="act-0").departments.get() == registry["sedema"]


def test_partner_rows_are_created_with_their_history(government, registry, staff, batch):
    outcome = run(csv_bytes(GOOD), government, user=staff, reason="Carga", commit=True)

    assert outcome.committed, outcome.errors
    assert AgreementParty.objects.count() == 2
    history = AgreementParty.history.all()
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in history] == [
        ("+", staff, "Carga")
    ] * 2
    assert Agreement.history.count() == 2


def test_reimporting_activities_writes_nothing_and_an_edit_updates_one(government, registry, batch):
    rows = [activity(n) for n in range(5)]
    import_activities(rows, government, commit=True)
    versions = dict(Activity.objects.values_list("pk", "version"))
    history = history_rows()

    again = import_activities(rows, government, commit=True)

    assert again.counts == {"create": 0, "update": 0, "unchanged": 5, "error": 0}
    assert dict(Activity.objects.values_list("pk", "version")) == versions
    assert history_rows() == history

    rows[2] = activity(2, themes="Cultura", title_en="Workshop")
    preview = import_activities(rows, government)
    outcome = import_activities(rows, government, commit=True, expected=preview.preview())

    assert outcome.counts == {"create": 0, "update": 1, "unchanged": 4, "error": 0}
    assert outcome.rows[2].changes == ["title_en", "themes"]
    changed = Activity.objects.get(dataset_key="act-2")
    assert [t.name for t in changed.themes.all()] == ["Cultura"]
    assert changed.title_en == "Workshop"


def test_a_row_may_name_a_record_an_earlier_row_of_its_batch_creates(government, batch):
    rows = [
        {"key": f"org-{n}", "kind": "civil_society", "name": f"Organización {n}", "parent": ""}
        for n in range(4)
    ]
    rows += [
        {"key": "hija", "kind": "civil_society", "name": "Hija", "parent": "Organización 2"},
        {"key": "nieta", "kind": "civil_society", "name": "Nieta", "parent": "hija"},
    ]

    outcome = run(csv_bytes(rows), government, name="actors.csv", entity="actors", commit=True)

    assert outcome.committed, outcome.errors
    assert Actor.objects.get(dataset_key="nieta").parent.parent.dataset_key == "org-2"


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_the_history_copy_fills_every_column_of_what_an_import_writes(name):
    """``history_create`` copies the tracked fields and sets the four history fields: a field
    added to one of these histories would be left empty, and the import refuses to run."""
    entity = ENTITIES[name]
    models = [entity.model] + ([entity.partners.model] if entity.partners else [])
    for model in models:
        assert bulk.uncopied_columns(model) == set(), model
