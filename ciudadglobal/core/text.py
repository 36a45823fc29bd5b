"""Comparing names as people mean them: without case or accents."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache


@cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark (accents and the like), for ``str.translate`` to drop."""
    return dict.fromkeys(
        code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))
    )


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name: "Pekín" and "pekin" both give "pekin"."""
    if name.isascii():
        return " ".join(name.casefold().split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join(decomposed.translate(_combining_marks()).split())
