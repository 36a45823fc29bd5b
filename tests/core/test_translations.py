"""Spanish is complete, English is complete, and both catalogues match the source and the .mo."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings as django_settings
from django.core.management import call_command

ROOT = Path(django_settings.BASE_DIR)
LANGUAGES = ("es", "en")


def catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def committed(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def messages(path: Path) -> list:
    return [message for message in catalogue(path) if message.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    untranslated = [
        message.id
        for message in messages(committed(language))
        if message.fuzzy
        or not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches(language):
    po = committed(language)
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in messages(po):
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0]
        elif not message.context:
            assert compiled.gettext(message.id) == message.string, message.id


def test_catalogues_are_up_to_date_with_the_source(tmp_path, settings, monkeypatch):
    if shutil.which("xgettext") is None:
        reason = "GNU gettext (xgettext) is not installed: apt-get install gettext"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the translation check must run under CI. {reason}")
        pytest.skip(reason)
    # Extract from a copy of the source into a scratch folder: makemessages run in the project
    # would merge into the committed catalogue it finds there.
    shutil.copytree(ROOT / "ciudadglobal", tmp_path / "src" / "ciudadglobal")
    monkeypatch.chdir(tmp_path / "src")
    settings.LOCALE_PATHS = [tmp_path / "out"]
    call_command("makemessages", locale=["es"], no_obsolete=True, no_location=True, verbosity=0)
    fresh = {m.id for m in messages(tmp_path / "out" / "es" / "LC_MESSAGES" / "django.po")}
    for language in LANGUAGES:
        stale = {m.id for m in messages(committed(language))}
        assert fresh - stale == set(), f"{language}: run `make messages` and translate"
        assert stale - fresh == set(), f"{language}: run `make messages` to drop obsolete ones"
