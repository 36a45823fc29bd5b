"""Load the official UN SDG framework (2025 review) in Spanish and English.

The files are in ``data/sdg/``; ``data/sdg/SOURCES.md`` says where each one comes from.

- Which indicators exist, their numbers, their English titles and their UNSD codes come from
  the UN list after the 2025 review (English only). So do the English titles of targets.
- Goal short names and titles (both languages) and Spanish titles come from Open SDG, whose
  Spanish translates the 2020 framework. An indicator's Spanish is CURRENT when Open SDG's
  English equals the UN 2025 English (compared with ``_comparable``), EARLIER when it differs,
  and MISSING when Open SDG has no such indicator (its ``title_es`` stays empty).

The loader takes the model classes as arguments so that a data migration can pass its
historical models.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Model

from ciudadglobal.taxonomy.models import SpanishWording, sdg_sort_key

DATA_DIR = Path(__file__).resolve().parent / "data" / "sdg"
UN_LIST = (
    DATA_DIR
    / "un-global-indicator-framework"
    / "global-indicator-framework-after-2025-review-en.csv"
)
OPEN_SDG = DATA_DIR / "open-sdg-translations"

GOAL_ROW = re.compile(r"Goal (\d+)\.\s+(.*)", re.DOTALL)
TARGET_ROW = re.compile(r"(\d+)\.([0-9]+|[a-z])\s+(.*)", re.DOTALL)
INDICATOR_ROW = re.compile(r"(\d+\.(?:[0-9]+|[a-z]))\.(\d+)\s+(.*)", re.DOTALL)
# Footnote references are digits glued to the last word: "by speed4", "negotiation3".
# Only a lowercase letter before them counts, so "PM10" or "CO2" would survive.
FOOTNOTE_MARK = re.compile(r"(?<=[a-z])\d{1,2}$")
# Dashes and quotes that differ between the two sources without changing the wording.
PUNCTUATION = str.maketrans("\u2012\u2013\u2014\u2212\u2018\u2019\u201c\u201d", "----''\"\"")


def _clean(text: str) -> str:
    """Text as stored: NFC (Open SDG's Spanish is mostly decomposed), the hyphen characters
    U+2010 and U+2011 as "-", and every run of whitespace (non-breaking spaces and line breaks
    included) as one space."""
    text = unicodedata.normalize("NFC", text).replace("\u2010", "-").replace("\u2011", "-")
    return " ".join(text.split())


def _comparable(text: str) -> str:
    """Cleaned text with en/em dashes, minus signs and curly quotes made plain: for 4.2.1
    Open SDG writes "24-59 months" with a hyphen where the UN list has an en dash (U+2013).
    Case, words and other punctuation still count."""
    return _clean(text).translate(PUNCTUATION)


def read_un_list(
    path: Path = UN_LIST,
) -> tuple[dict[int, str], dict[str, str], dict[str, tuple[str, str, str]]]:
    """Goals, targets and indicators of the UN list, in document order.

    Returns ``(goals, targets, indicators)``: goal number → English title, target code →
    English title, indicator code → ``(target code, English title, UNSD code)``.
    """
    goals: dict[int, str] = {}
    targets: dict[str, str] = {}
    indicators: dict[str, tuple[str, str, str]] = {}
    goal = target = None
    with path.open(encoding="utf-8", newline="") as file:
        for _, first, second, unsd_code in csv.reader(file):
            first, second = first.strip(), second.strip()
            if match := GOAL_ROW.fullmatch(first):
                goal, target = int(match[1]), None
                goals[goal] = FOOTNOTE_MARK.sub("", _clean(match[2]))
            elif match := TARGET_ROW.fullmatch(first):
                if int(match[1]) != goal:
                    raise ValueError(f"Target {match[1]}.{match[2]} outside goal {goal}.")
                target = f"{match[1]}.{match[2]}"
                targets[target] = FOOTNOTE_MARK.sub("", _clean(match[3]))
            # Any other text in the first column is a section heading ("Finance") or a
            # footnote; the indicator rows that follow a heading still belong to `target`.
            if match := INDICATOR_ROW.fullmatch(second):
                if match[1] != target:
                    raise ValueError(f"Indicator {match[1]}.{match[2]} outside target {target}.")
                code = f"{match[1]}.{match[2]}"
                if code in indicators:
                    raise ValueError(f"Indicator {code} listed twice.")
                title = FOOTNOTE_MARK.sub("", _clean(match[3]))
                indicators[code] = (target, title, unsd_code.strip())
    return goals, targets, indicators


def read_open_sdg(language: str, kind: str) -> dict[str, str]:
    """Open SDG titles by dotted code: ``"1-1-1-title"`` → ``{"1.1.1": ...}``.

    For goals the keys are ``"1"`` (title) and ``"1-short"``.
    """
    with (OPEN_SDG / language / f"global_{kind}.yml").open(encoding="utf-8") as file:
        data = yaml.safe_load(file)
    titles = {}
    for key, value in data.items():
        code = key.removesuffix("-title").replace("-", ".") if key.endswith("-title") else key
        titles[code] = _clean(value)
    return titles


def _sync(
    model: type[Model], key_field: str, rows: dict[Any, dict[str, Any]], counts: dict[str, int]
) -> dict:
    """Create or update one row per key; save only what changed. Returns key → primary key."""
    existing = {getattr(obj, key_field): obj for obj in model.objects.all()}
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            existing[key] = model.objects.create(**{key_field: key}, **values)
            counts["created"] += 1
            continue
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            obj.save(update_fields=changed)
            counts["updated"] += 1
    return {key: existing[key].pk for key in rows}


def load_sdg_framework(
    goal_model: type[Model], target_model: type[Model], indicator_model: type[Model]
) -> dict[str, int]:
    """Create or update every goal, target and indicator; delete indicators not in the UN list.

    Idempotent: a second run changes nothing. Returns counts of rows shipped, of rows created,
    updated and deleted, and of indicators whose Spanish wording is earlier or missing.
    """
    un_goals, un_targets, un_indicators = read_un_list()
    goals_en, goals_es = read_open_sdg("en", "goals"), read_open_sdg("es", "goals")
    targets_es = read_open_sdg("es", "targets")
    indicators_en = read_open_sdg("en", "indicators")
    indicators_es = read_open_sdg("es", "indicators")

    goal_rows = {
        number: {
            "short_en": goals_en[f"{number}-short"],
            "short_es": goals_es[f"{number}-short"],
            "title_en": goals_en[str(number)],
            "title_es": goals_es[str(number)],
        }
        for number in un_goals
    }
    target_rows = {
        code: {
            "goal_number": int(code.split(".")[0]),
            "sort_key": sdg_sort_key(code),
            "title_en": title_en,
            "title_es": targets_es[code],
        }
        for code, title_en in un_targets.items()
    }
    indicator_rows = {}
    for code, (target, title_en, unsd_code) in un_indicators.items():
        title_es = indicators_es.get(code, "")
        if not title_es:
            wording = SpanishWording.MISSING
        elif _comparable(indicators_en[code]) == _comparable(title_en):
            wording = SpanishWording.CURRENT
        else:
            wording = SpanishWording.EARLIER
        indicator_rows[code] = {
            "target_code": target,
            "unsd_code": unsd_code,
            "spanish_wording": str(wording),
            "sort_key": sdg_sort_key(code),
            "title_en": title_en,
            "title_es": title_es,
        }

    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        goal_ids = _sync(goal_model, "number", goal_rows, counts)
        for row in target_rows.values():
            row["goal_id"] = goal_ids[row.pop("goal_number")]
        target_ids = _sync(target_model, "code", target_rows, counts)
        for row in indicator_rows.values():
            row["target_id"] = target_ids[row.pop("target_code")]
        _sync(indicator_model, "code", indicator_rows, counts)
        deleted = indicator_model.objects.exclude(code__in=indicator_rows)
        counts["deleted"] = deleted.count()
        deleted.delete()

    wordings = [row["spanish_wording"] for row in indicator_rows.values()]
    return {
        "goals": len(goal_rows),
        "targets": len(target_rows),
        "indicators": len(indicator_rows),
        **counts,
        "earlier": wordings.count(SpanishWording.EARLIER),
        "missing": wordings.count(SpanishWording.MISSING),
    }
