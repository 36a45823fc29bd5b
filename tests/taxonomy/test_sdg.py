"""The UN SDG framework loaded by migration 0003 (ciudadglobal/taxonomy/sdg.py)."""

from __future__ import annotations

import unicodedata

import pytest
from django.utils import translation

from ciudadglobal.taxonomy.models import (
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    SpanishWording,
    sdg_sort_key,
)
from ciudadglobal.taxonomy.sdg import load_sdg_framework

pytestmark = pytest.mark.django_db

MODELS = (SdgGoal, SdgTarget, SdgIndicator)


def dump() -> list[list[dict]]:
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


def test_migration_loads_the_2025_framework() -> None:
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SdgIndicator.objects.count() == 251
    assert SdgIndicator.objects.values("unsd_code").distinct().count() == 235
    assert not SdgIndicator.objects.filter(code__in=["1.a.3", "13.3.2", "17.6.2"]).exists()
    assert not SdgIndicator.objects.filter(unsd_code="").exists()


def test_texts_in_both_languages() -> None:
    goal = SdgGoal.objects.get(number=11)
    assert goal.short_en == "Sustainable cities and communities"
    assert goal.short_es == "Ciudades y comunidades sostenibles"
    assert goal.title_es.startswith("Lograr que las ciudades y los asentamientos humanos")

    target = SdgTarget.objects.get(code="11.1")
    assert target.goal == goal
    assert target.title_en.startswith("By 2030, ensure access for all to adequate, safe")
    assert target.title_es.startswith("De aquí a 2030, asegurar el acceso de todas las personas")

    indicator = SdgIndicator.objects.get(code="11.1.1")
    assert indicator.target == target
    assert indicator.unsd_code == "C110101"
    assert indicator.spanish_wording == SpanishWording.CURRENT
    assert indicator.title_en == (
        "Proportion of urban population living in slums, informal settlements or inadequate housing"
    )
    assert indicator.title_es.startswith("Proporción de la población urbana que vive en barrios")


def test_codes_and_footnote_marks_are_stripped_and_text_is_normalized() -> None:
    # The UN list writes "...by speed4" and "...negotiation3" (footnote references).
    assert SdgIndicator.objects.get(code="17.6.1").title_en.endswith(
        "per 100 inhabitants, by speed"
    )
    assert SdgTarget.objects.get(code="14.6").title_en.endswith("subsidies negotiation")
    assert SdgIndicator.objects.get(code="9.4.1").title_en.startswith("CO2 emission")
    for model in MODELS:
        for code, title_en, title_es in model.objects.values_list(
            "number" if model is SdgGoal else "code", "title_en", "title_es"
        ):
            assert not title_en.startswith(str(code))
            for text in (title_en, title_es):
                assert text == " ".join(text.split())  # no double or non-breaking spaces
                assert unicodedata.is_normalized("NFC", text)
    assert SdgIndicator.objects.get(code="3.2.1").title_en == "Under-5 mortality rate"


def test_spanish_wording() -> None:
    for code in ("2.2.4", "11.5.3"):
        indicator = SdgIndicator.objects.get(code=code)
        assert indicator.spanish_wording == SpanishWording.MISSING
        assert indicator.title_es == ""
        assert indicator.title_en
    assert SdgIndicator.objects.filter(spanish_wording=SpanishWording.MISSING).count() == 2
    # SOURCES.md counts 55 differing wordings, comparing raw strings. Of those, 26 differ only
    # in whitespace (the UN list has non-breaking spaces: "aged 15\xa0years") and 3 only in
    # dashes (U+2010, U+2011 or U+2013 against "-" in 3.2.1, 4.2.1 and 5.1.1). That leaves 26
    # real rewordings.
    earlier = SdgIndicator.objects.filter(spanish_wording=SpanishWording.EARLIER)
    assert earlier.count() == 26
    assert {"1.a.1", "11.c.1", "17.6.1", "17.18.1"} <= set(earlier.values_list("code", flat=True))
    assert earlier.exclude(title_es="").count() == 26
    assert SdgIndicator.objects.get(code="4.2.1").spanish_wording == SpanishWording.CURRENT


def test_repeated_indicators_share_a_code() -> None:
    repeated = SdgIndicator.objects.filter(unsd_code="C200303").order_by("sort_key")
    assert list(repeated.values_list("code", flat=True)) == ["1.5.1", "11.5.1", "13.1.1"]
    assert len({indicator.title_en for indicator in repeated}) == 1


def test_sort_key_orders_naturally() -> None:
    targets = list(SdgTarget.objects.filter(goal__number=1).values_list("code", flat=True))
    assert targets == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    assert sorted(["1.a", "1.10", "1.5", "1.2"], key=sdg_sort_key) == ["1.2", "1.5", "1.10", "1.a"]
    codes = list(SdgTarget.objects.values_list("code", flat=True))
    assert codes.index("17.2") < codes.index("17.10") < codes.index("17.19")
    assert codes.index("11.7") < codes.index("11.a") < codes.index("12.1")
    indicators = list(SdgIndicator.objects.values_list("code", flat=True))
    assert indicators.index("1.5.4") < indicators.index("1.a.1")
    assert indicators.index("17.1.2") < indicators.index("17.10.1")


def test_loading_again_changes_nothing() -> None:
    before = dump()
    counts = load_sdg_framework(*MODELS)
    assert dump() == before
    assert counts == {
        "goals": 17,
        "targets": 169,
        "indicators": 251,
        "created": 0,
        "updated": 0,
        "deleted": 0,
        "earlier": 26,
        "missing": 2,
    }


def test_loading_repairs_and_removes_rows() -> None:
    before = dump()
    SdgIndicator.objects.filter(code="1.1.1").update(title_es="cambiado", unsd_code="X")
    SdgIndicator.objects.create(
        target=SdgTarget.objects.get(code="1.a"), code="1.a.3", title_en="Withdrawn", sort_key="x"
    )
    counts = load_sdg_framework(*MODELS)
    assert (counts["created"], counts["updated"], counts["deleted"]) == (0, 1, 1)
    assert dump() == before


def test_an_outdated_spanish_wording_is_not_shown_as_current():
    earlier = SdgIndicator.objects.filter(spanish_wording=SpanishWording.EARLIER).first()
    current = SdgIndicator.objects.filter(spanish_wording=SpanishWording.CURRENT).first()
    missing = SdgIndicator.objects.get(code="11.5.3")
    with translation.override("es"):
        assert earlier.title == earlier.title_en
        assert missing.title == missing.title_en
        assert current.title == current.title_es
