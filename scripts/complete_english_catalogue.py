#!/usr/bin/env python3
"""Complete the English catalogue: every empty msgstr becomes a copy of its msgid.

The source strings (msgids) are English, so English needs no real translation; filling each
msgstr keeps the English catalogue complete (tests/core/test_translations.py checks it, as
``msgfmt --statistics`` does) and leaves a place to reword a msgid for English alone later.
Run it after every ``makemessages``:

    .venv/bin/python scripts/complete_english_catalogue.py
    .venv/bin/python manage.py compilemessages --ignore '.venv/*'

What it does, and only that:

* an entry whose msgstr is empty gets ``msgstr = msgid``; a plural entry gets
  ``msgstr[0] = msgid`` and every further form ``msgid_plural`` (only the empty forms are
  filled);
* an entry marked ``fuzzy`` by msgmerge (its msgstr is the English of an *older* msgid) is
  reset to its msgid, and the ``fuzzy`` flag and ``#|`` previous-msgid comments are removed;
* every other existing msgstr is kept as it is, so a deliberate English wording survives;
* the header gets ``Language: en`` and ``Plural-Forms: nplurals=2; plural=(n != 1);``, its
  fields still holding gettext's placeholders get real values, and it loses its ``fuzzy``
  flag; obsolete ``#~`` entries are not touched (``makemessages --no-obsolete`` drops them).

It edits the file as text, keeping its layout, and then lets GNU ``msgcat`` (installed with
gettext, which ``makemessages`` needs anyway) re-wrap it the way ``makemessages`` does.
Standard library only. Exit status 0; ``--check`` exits 1 when something would change.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
HEADER = {"Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
#: Header fields still holding gettext's placeholder (msgfmt --check warns about them).
PLACEHOLDERS = {
    "Project-Id-Version": ("PACKAGE VERSION", "Ciudad Global"),
    "Language-Team": ("LANGUAGE <LL@li.org>", "English"),
    "Last-Translator": ("FULL NAME <EMAIL@ADDRESS>", "Ciudad Global team"),
}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


def unquote(lines: list[str]) -> str:
    """The string a keyword line and its continuation lines spell."""
    text = "".join(line.strip()[1:-1] for line in lines)
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\r", "\\r").replace("\n", "\\n") + '"'


class Entry:
    """One block of a .po file: comment lines, then keywords each with their string lines."""

    def __init__(self, lines: list[str]):
        self.comments: list[str] = []
        self.fields: list[tuple[str, list[str]]] = []  # (keyword, ['"..."', '"..."'])
        for line in lines:
            match = KEYWORD.match(line)
            if match:
                self.fields.append((match.group(1), [match.group(2)]))
            elif line.startswith('"') and self.fields:
                self.fields[-1][1].append(line.strip())
            else:
                self.comments.append(line)

    def get(self, keyword: str) -> str | None:
        for key, lines in self.fields:
            if key == keyword:
                return unquote(lines)
        return None

    def set(self, keyword: str, text: str) -> None:
        self.fields = [(k, [quote(text)] if k == keyword else v) for k, v in self.fields]

    @property
    def is_fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in self._flags(c) for c in self.comments)

    @staticmethod
    def _flags(comment: str) -> list[str]:
        return [flag.strip() for flag in comment[2:].split(",") if flag.strip()]

    def unfuzzy(self) -> None:
        """Drop the fuzzy flag and the previous-msgid (``#|``) comments msgmerge left."""
        kept = []
        for comment in self.comments:
            if comment.startswith("#|"):
                continue
            if comment.startswith("#,"):
                flags = [f for f in self._flags(comment) if f != "fuzzy"]
                if not flags:
                    continue
                comment = "#, " + ", ".join(flags)
            kept.append(comment)
        self.comments = kept

    def render(self) -> str:
        lines = list(self.comments)
        for keyword, strings in self.fields:
            lines.append(f"{keyword} {strings[0]}")
            lines.extend(strings[1:])
        return "\n".join(lines)


def complete_header(entry: Entry) -> bool:
    header = entry.get("msgstr") or ""
    new = header
    for key, value in HEADER.items():
        pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
        if pattern.search(new):
            new = pattern.sub(f"{key}: {value}", new)
        else:
            new += f"{key}: {value}\n"
    for key, (placeholder, value) in PLACEHOLDERS.items():
        new = new.replace(f"{key}: {placeholder}\n", f"{key}: {value}\n")
    if "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE" in new:
        now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
        new = new.replace("YEAR-MO-DA HO:MI+ZONE", now)
    changed = new != header or entry.is_fuzzy
    if new != header:
        # One header field per line, as gettext writes it.
        parts = ['""'] + [quote(line) for line in new.splitlines(keepends=True)]
        entry.fields = [(k, parts if k == "msgstr" else v) for k, v in entry.fields]
    entry.unfuzzy()
    return changed


def complete_entry(entry: Entry) -> bool:
    msgid, plural = entry.get("msgid"), entry.get("msgid_plural")
    fuzzy = entry.is_fuzzy
    changed = False
    for keyword, _lines in list(entry.fields):
        if not keyword.startswith("msgstr"):
            continue
        if entry.get(keyword) and not fuzzy:
            continue  # an existing translation: keep it
        if keyword in ("msgstr", "msgstr[0]"):
            wanted = msgid
        else:
            wanted = plural if plural is not None else msgid
        if entry.get(keyword) != wanted:
            entry.set(keyword, wanted)
            changed = True
    if fuzzy:
        entry.unfuzzy()
        changed = True
    return changed


def complete(text: str) -> tuple[str, int]:
    """The completed text, and how many entries (the header counting as one) changed."""
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    rendered, filled = [], 0
    for block in blocks:
        entry = Entry(block.split("\n"))
        msgid = entry.get("msgid")
        if msgid is None:  # obsolete (#~) entries and stray comments
            rendered.append(block)
            continue
        if msgid == "" and entry.get("msgctxt") is None:
            filled += complete_header(entry)
        else:
            filled += complete_entry(entry)
        rendered.append(entry.render())
    return "\n\n".join(rendered) + "\n", filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po", nargs="*", type=Path, default=[DEFAULT], help=f"default: {DEFAULT}")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    msgcat = shutil.which("msgcat")
    status = 0
    for path in args.po:
        original = path.read_text(encoding="utf-8")
        text, filled = complete(original)
        if args.check:
            if filled:
                print(f"{path}: {filled} entries to complete")
                status = 1
            continue
        if filled:
            path.write_text(text, encoding="utf-8")
            if msgcat:
                subprocess.run([msgcat, "--output-file", str(path), str(path)], check=True)
        print(f"{path}: completed {filled} entries")
    return status


if __name__ == "__main__":
    sys.exit(main())
