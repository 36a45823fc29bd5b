"""The import engine: dry run, all-or-nothing commit, idempotence, conflicts, every error."""

from __future__ import annotations

import pytest

from ciudadglobal.actors.models import Actor
from ciudadglobal.agreements.models import Agreement, AgreementParty
from ciudadglobal.core.partialdates import PartialDate
from ciudadglobal.imports.entities import ENTITIES
from ciudadglobal.imports.reading import read_table
from ciudadglobal.imports.rows import import_table
from ciudadglobal.places.models import Place

from .conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    {
        "key": "a-paris",
        "kind": "twinning",
        "title": "Hermanamiento con París",
        "title_en": "Twinning with Paris",
        "department": "SEDEMA",
        "signed": "2014-04-12",
        "expires": "2020",
        "partners": "paris",
        "themes": "medio ambiente; Cultura",
        "sdg_targets": "11.6; 13.2",
        "visibility": "public",
    },
    {
        "key": "",
        "kind": "Memorando de entendimiento",
        "title": "Memorándum con Berlín",
        "title_en": "",
        "department": "",
        "signed": "2016-03",
        "expires": "",
        "partners": "Berlin",
        "themes": "",
        "sdg_targets": "",
        "visibility": "",
    },
]


def run(data: bytes, government, *, name="agreements.csv", entity="agreements", **kwargs):
    return import_table(ENTITIES[entity], government, read_table(data, name), **kwargs)


def history_count() -> int:
    return Agreement.history.count() + AgreementParty.history.count()


def test_mixed_good_and_bad_rows_write_nothing_and_report_every_bad_row(government, registry):
    rows = [
        GOOD[0],
        {**GOOD[1], "kind": "treaty"},  # row 3
        {**GOOD[1], "key": "b", "title": "", "signed": "2016-13"},  # row 4: two errors
        {**GOOD[1], "key": "c", "title": "Otro", "partners": "Atlantis; paris; Narnia"},  # row 5
        {**GOOD[1], "key": "d", "title": "Y otro", "themes": "Deporte", "sdg_targets": "99.9"},
        {**GOOD[1], "key": "e", "title": "Fechas", "signed": "2016", "expires": "2015"},  # row 7
    ]
    outcome = run(csv_bytes(rows), government, commit=True)

    assert not outcome.committed
    located = [(e["row"], e["column"]) for e in outcome.errors]
    assert located == [
        (3, "kind"),
        (4, "title"),
        (4, "signed"),
        (5, "partners"),
        (6, "themes"),
        (6, "sdg_targets"),
        (7, ""),
    ]
    assert all(error["message"] for error in outcome.errors)
    assert "Atlantis" in outcome.errors[3]["message"]
    assert "Narnia" in outcome.errors[3]["message"]
    assert outcome.counts == {"create": 1, "update": 0, "unchanged": 0, "error": 5}
    assert Agreement.objects.count() == 0
    assert history_count() == 0


def test_a_dry_run_writes_nothing(government, registry):
    places = Place.objects.count()
    outcome = run(csv_bytes(GOOD), government)

    assert outcome.errors == []
    assert not outcome.committed
    assert outcome.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    assert [row.label for row in outcome.rows] == [
        "Hermanamiento con París (2014)",
        "Memorándum con Berlín (2016)",
    ]
    assert Agreement.objects.count() == 0
    assert history_count() == 0
    assert Place.objects.count() == places


def test_commit_creates_exactly_what_the_preview_said(government, registry):
    preview = run(csv_bytes(GOOD), government)
    outcome = run(csv_bytes(GOOD), government, commit=True, expected=preview.preview())

    assert outcome.committed, outcome.errors
    assert outcome.counts == preview.counts
    created = Agreement.objects.for_government(government)
    assert sorted(str(a) for a in created) == sorted(row.label for row in preview.rows)
    paris = created.get(dataset_key="a-paris")
    assert paris.kind == "twinning"
    assert paris.signed == PartialDate(2014, 4, 12)
    assert paris.expires == PartialDate(2020)
    assert paris.department == registry["sedema"]
    assert paris.visibility == "public"
    assert paris.state == "draft"
    assert [p.actor for p in paris.parties.all()] == [registry["paris"]]
    assert set(paris.themes.all()) == {registry["environment"], registry["culture"]}
    assert sorted(t.code for t in paris.sdg_targets.all()) == ["11.6", "13.2"]
    berlin = created.get(title="Memorándum con Berlín")
    assert berlin.kind == "memorandum"
    assert berlin.visibility == "internal"
    assert berlin.dataset_key == ""
    assert [p.actor for p in berlin.parties.all()] == [registry["berlin"]]


def test_reimport_changes_nothing(government, registry):
    run(csv_bytes(GOOD), government, commit=True)
    versions = dict(Agreement.objects.values_list("pk", "version"))
    history = history_count()

    again = run(csv_bytes(GOOD), government, commit=True)

    assert again.errors == []
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert dict(Agreement.objects.values_list("pk", "version")) == versions
    assert history_count() == history


def test_an_update_names_the_changed_columns(government, registry):
    run(csv_bytes(GOOD), government, commit=True)
    changed = [{**GOOD[0], "title_en": "Sister cities", "partners": "paris; berlin"}, GOOD[1]]

    outcome = run(csv_bytes(changed), government, commit=True)

    assert outcome.counts == {"create": 0, "update": 1, "unchanged": 1, "error": 0}
    assert outcome.rows[0].changes == ["title_en", "partners"]
    agreement = Agreement.objects.get(dataset_key="a-paris")
    assert agreement.title_en == "Sister cities"
    assert {p.actor.dataset_key for p in agreement.parties.all()} == {"paris", "berlin"}


def test_absent_columns_are_left_alone_and_empty_cells_empty_the_field(government, registry):
    run(csv_bytes(GOOD), government, commit=True)
    only = [
        {"key": "a-paris", "kind": "twinning", "title": "Hermanamiento con París", "expires": ""}
    ]

    outcome = run(csv_bytes(only), government, commit=True)

    assert outcome.rows[0].changes == ["expires"]
    agreement = Agreement.objects.get(dataset_key="a-paris")
    assert agreement.expires is None
    assert agreement.title_en == "Twinning with Paris"
    assert agreement.parties.count() == 1


def test_commit_refuses_a_record_changed_since_the_preview(government, registry):
    run(csv_bytes(GOOD), government, commit=True)
    changed = [{**GOOD[0], "title_en": "Sister cities"}, GOOD[1]]
    preview = run(csv_bytes(changed), government)
    someone_else = Agreement.objects.get(dataset_key="a-paris")
    someone_else.description = "Editado en el back-office"
    someone_else.save()

    outcome = run(csv_bytes(changed), government, commit=True, expected=preview.preview())

    assert not outcome.committed
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "")]
    assert Agreement.objects.get(dataset_key="a-paris").title_en == "Twinning with Paris"


def test_commit_refuses_a_record_created_since_the_preview(government, registry):
    preview = run(csv_bytes(GOOD[:1]), government)
    run(csv_bytes(GOOD[:1]), government, commit=True)

    outcome = run(csv_bytes(GOOD[:1]), government, commit=True, expected=preview.preview())

    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "")]


def test_the_same_record_twice_in_a_file_is_an_error(government, registry):
    outcome = run(csv_bytes([GOOD[0], GOOD[1], GOOD[0]]), government, commit=True)

    assert [(e["row"], e["column"]) for e in outcome.errors] == [(4, "")]
    assert "2" in outcome.errors[0]["message"]
    assert Agreement.objects.count() == 0


def test_natural_key_without_dataset_key_finds_the_record(government, registry):
    run(csv_bytes(GOOD), government, commit=True)
    without_key = [{**GOOD[0], "key": ""}]

    outcome = run(csv_bytes(without_key), government, commit=True)

    assert outcome.counts["unchanged"] == 1
    assert Agreement.objects.get(title=GOOD[0]["title"]).dataset_key == "a-paris"


def test_header_errors_are_reported_on_row_one(government, registry):
    rows = [{"key": "x", "kind": "twinning", "colour": "red"}]

    outcome = run(csv_bytes(rows), government, commit=True)

    assert [(e["row"], e["column"]) for e in outcome.errors] == [(1, "colour"), (1, "title")]


@pytest.mark.parametrize("encode", ["xlsx", "semicolon_bom"])
def test_xlsx_and_semicolon_csv_import_the_same(government, registry, encode):
    if encode == "xlsx":
        data, name = xlsx_bytes(GOOD), "agreements.xlsx"
    else:
        data, name = csv_bytes(GOOD, delimiter=";", bom=True), "agreements.csv"

    outcome = run(data, government, name=name, commit=True)

    assert outcome.errors == []
    assert outcome.counts["create"] == 2
    assert run(csv_bytes(GOOD), government).counts["unchanged"] == 2


def test_actors_resolve_countries_cities_and_parents_within_the_file(government, registry):
    rows = [
        {"key": "fr", "kind": "national_government", "name": "Gobierno de Francia",
         "country": "Francia", "city": "", "parent": ""},
        {"key": "lyon", "kind": "foreign_local", "name": "Lyon", "country": "FRA",
         "city": "Lyon", "parent": "fr"},
        {"key": "", "kind": "Embassy or consulate", "name": "Embajada de Francia",
         "country": "France", "city": "", "parent": "Gobierno de Francia"},
    ]  # fmt: skip

    outcome = run(csv_bytes(rows), government, name="actors.csv", entity="actors", commit=True)

    assert outcome.errors == []
    lyon = Actor.objects.get(dataset_key="lyon")
    assert lyon.country == "FR"
    assert lyon.place.geonames_id is not None
    assert lyon.parent.dataset_key == "fr"
    embassy = Actor.objects.get(name="Embajada de Francia")
    assert embassy.kind == "embassy"
    assert embassy.parent == lyon.parent
    again = run(csv_bytes(rows), government, name="actors.csv", entity="actors", commit=True)
    assert again.counts["unchanged"] == 3


def test_references_stay_within_the_home_government(government, other_government, registry):
    f_other = Actor.objects.create(
        home_government=other_government, kind="foreign_local", name="Roma", dataset_key="roma"
    )
    rows = [{**GOOD[1], "partners": f_other.dataset_key}]

    outcome = run(csv_bytes(rows), government)

    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "partners")]
