"""The dataset loader: all or nothing, precise errors, idempotent."""

import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.serializers import serialize
from django.utils import translation

from ciudadglobal.activities.models import Activity
from ciudadglobal.agreements.models import Agreement, AgreementStatus
from ciudadglobal.agreements.selectors import agreement_chain
from ciudadglobal.datasets.loader import DatasetError, load_dataset
from ciudadglobal.tenants.models import HomeGovernment
from tests.conftest import REGISTRY_APPS
from tests.datasets.conftest import CDMX

pytestmark = pytest.mark.django_db

STARTER = Path(__file__).resolve().parent / "sample.yaml"


def snapshot() -> str:
    """Every row of the registry and of its history, as JSON."""
    app_labels = ["tenants", *REGISTRY_APPS]
    models = [m for app in app_labels for m in apps.get_app_config(app).get_models()]
    return serialize("json", [obj for m in models for obj in m._default_manager.order_by("pk")])


def test_the_starter_dataset_loads(capsys):
    call_command("load_dataset", str(STARTER))
    cdmx = HomeGovernment.objects.get(slug="cdmx")
    assert str(cdmx) == "Ciudad de México"
    assert cdmx.place.geonames_id == 3530597
    moscow = Agreement.objects.for_government(cdmx).get(dataset_key="moscu-2016")
    assert [a.dataset_key for a in agreement_chain(moscow)] == ["moscu-2014", "moscu-2016"]
    statuses = dict(Agreement.objects.with_status().values_list("dataset_key", "status"))
    assert statuses["moscu-2014"] == AgreementStatus.RENEWED
    assert moscow.source_line == 1279
    assert moscow.history.get().history_change_reason == "data file sample.yaml"
    assert "created" in capsys.readouterr().out
    summit = Activity.objects.get(dataset_key="c40-summit-2014")
    assert [d.dataset_key for d in summit.departments.all()] == ["sedema"]
    assert summit.participants.get().person.dataset_key == "mancera"


def test_loading_twice_changes_nothing():
    load_dataset(STARTER)
    first = snapshot()
    report = load_dataset(STARTER)
    assert report.created == report.updated == 0
    assert snapshot() == first


def test_an_edited_file_updates_exactly_the_records_it_touches(tmp_path):
    load_dataset(STARTER)
    before = {a.dataset_key: (a.version, a.history.count()) for a in Agreement.objects.all()}
    edited = tmp_path / "sample.yaml"
    edited.write_text(
        STARTER.read_text(encoding="utf-8").replace(
            "title_en: Mexico City–Nagoya twinning agreement",
            "title_en: Mexico City–Nagoya sister-city agreement",
        ),
        encoding="utf-8",
    )
    report = load_dataset(edited)
    assert report.updated == 1
    after = {a.dataset_key: (a.version, a.history.count()) for a in Agreement.objects.all()}
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"nagoya-1977"}


@pytest.mark.parametrize(
    ("replace", "by", "error"),
    [
        (
            'signed: "1999"',
            'signed: "1999-13"',
            "cdmx.yaml:{line}: agreements (paris-1999): signed: Enter a year",
        ),
        (
            "renews: moscu-2014",
            "renews: moscu-2013",
            "cdmx.yaml:{line}: agreements (moscu-2016): renews: no agreement with key",
        ),
        ("kind: twinning", "kind: sisterhood", "cdmx.yaml:{line}: agreements (nagoya-1977): kind:"),
        ("sources:", "fuentes:", "cdmx.yaml:{line}: unknown section 'fuentes'"),
        (
            "    title_en: Mexico City–Nagoya",
            "    titel: Mexico City–Nagoya",
            "cdmx.yaml:{line}: agreements (nagoya-1977): titel: Agreement has no such field",
        ),
        (
            "{name: Nagoya, country: JP}",
            "{name: Nagoyaa, country: JP}",
            "cdmx.yaml:{line}: actors (nagoya): place: place 'Nagoyaa' (JP) is not in the",
        ),
        (
            "      - {actor: moscu}\n\nprojects:",
            "      - {actor: moskva}\n\nprojects:",
            "cdmx.yaml:{line}: agreements (moscu-2016): actor: no actor with key 'moskva'",
        ),
        (
            "  - key: moscu-2014",
            "  - key: moscu-2016",
            "agreements (moscu-2016): key already used at cdmx.yaml:{line}",
        ),
        ("    kind: twinning", "    kind: [twinning", "not valid YAML"),
    ],
)
def test_a_malformed_file_is_refused_whole_with_a_precise_error(tmp_path, replace, by, error):
    """Each error names the file, the line of the faulty field (or record) and the field."""
    text = STARTER.read_text(encoding="utf-8")
    assert replace in text
    broken_text = text.replace(replace, by, 1)
    line = broken_text[: broken_text.index(by.strip())].count("\n") + 1
    error = error.format(line=line)
    broken = tmp_path / "cdmx.yaml"
    broken.write_text(broken_text, encoding="utf-8")
    with pytest.raises(DatasetError) as raised, translation.override("en"):
        load_dataset(broken)
    assert any(error in line for line in raised.value.errors), raised.value.errors
    assert not HomeGovernment.objects.exists()
    assert not Agreement.objects.exists()


def test_the_command_reports_errors_and_loads_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(STARTER.read_text(encoding="utf-8").replace('"2014"', '"14"', 1))
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_dataset", str(broken))
    assert not Agreement.objects.exists()


def test_a_dataset_of_many_files_is_refused_whole(tmp_path):
    """One bad field in one file of Mexico City's dataset: nothing at all is loaded, and the
    error names the file, the line of the field, the record and the field."""
    dataset = tmp_path / "cdmx"
    shutil.copytree(CDMX, dataset)
    agreements = dataset / "agreements.yaml"
    text = agreements.read_text(encoding="utf-8")
    start = text.index("key: paris-1999")
    signed = text.index("signed:", start)
    agreements.write_text(text[:signed] + "signed: '1999-13'" + text[text.index("\n", signed) :])
    line = text[:signed].count("\n") + 1
    with pytest.raises(DatasetError) as raised, translation.override("en"):
        load_dataset(dataset)
    assert raised.value.errors[0] == (
        f"agreements.yaml:{line}: agreements (paris-1999): signed: Enter a year (2014), a year "
        "and month (2014-04) or a full date (2014-04-12)."
    )
    # What refers to the refused record is reported too, not silently skipped.
    assert "no agreement with key 'paris-1999'" in raised.value.errors[1]
    assert not HomeGovernment.objects.exists()


def test_keys_are_unique_across_the_files_of_a_dataset(tmp_path):
    (tmp_path / "a.yaml").write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "themes:\n  - {key: culture, name: Cultura}\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError) as raised:
        load_dataset(tmp_path)
    first = _line_of(STARTER, "key: culture")
    assert raised.value.errors == [
        f"b.yaml:2: themes (culture): key already used at a.yaml:{first}"
    ]


def test_exactly_one_file_names_the_government(tmp_path):
    (tmp_path / "a.yaml").write_text("themes: []\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="exactly one file must name the government"):
        load_dataset(tmp_path)


def _line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1
