"""Full-text search of the portal's explorers, on PostgreSQL and on SQLite.

``search(queryset, q, fields)`` keeps the records of ``queryset`` that match the words ``q``
typed in the search box, and annotates each with ``search_rank`` (higher is better) so that an
explorer can sort by relevance.

Both backends are **case- and accent-insensitive** ("mexico" finds "México", "PARIS" finds
"París") and search the Spanish and English fields of a record at once. They differ in how a
word matches:

* **PostgreSQL**: a ``SearchVector`` over the fields, matched by a ``SearchQuery`` of the
  *websearch* type, ranked by ``ts_rank`` with the title fields weighted above the rest. Words
  match whole words (``"agua"`` does not find "aguacate"), and the search box understands web
  syntax: ``"quoted phrase"``, ``-excluded``, ``or``. The text-search configuration is
  **"simple"** — lower-casing, no stemming, no stop words — rather than "spanish", because each
  record mixes Spanish and English fields and proper names from many languages that a Spanish
  stemmer would mangle, and because the Spanish stemmer is not accent-robust: folded
  "cooperacion" and "cooperaciones" get different stems, and even "ciudad" and "ciudades" do.
  Accents are removed by the ``unaccent`` extension (trusted since PostgreSQL 13: the
  database's owner installs it, portal migration 0001) through ``ciudadglobal_unaccent``, an
  immutable wrapper, on the fields and on the query alike. The searches of the large tables
  (``INDEXED``) are served by GIN indexes on the very expression ``search_vector`` builds.
* **SQLite** (fallback, no full-text engine): every word must appear somewhere in the fields,
  as a substring (``"agua"`` finds "aguacate"); quotes, ``-`` and ``or`` are not operators.
  The fields of the candidate rows are read in one query and compared in Python after
  Unicode folding (NFKD without combining marks, then ``casefold``), because SQLite's own
  ``LIKE`` and ``LOWER`` only fold ASCII letters. The rank is 2 when every word is in a title
  field and 1 otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connections
from django.db.models import Case, F, Func, IntegerField, QuerySet, TextField, Value, When

from ciudadglobal.core.text import fold

#: The text-search configuration used on PostgreSQL (see the module's docstring).
CONFIG = "simple"

_WORD = re.compile(r"\w+")


#: The SQL function that removes accents (portal migration 0001 creates it).
UNACCENT = "ciudadglobal_unaccent"

#: The searches with a GIN index on PostgreSQL (portal migration 0001): model -> (fields,
#: title fields), as the explorers and the API search them (a test holds them together).
INDEXED = {
    "activities.Activity": (
        ("title", "title_en", "description", "description_en", "outcomes"),
        ("title", "title_en"),
    ),
    "agreements.Agreement": (
        ("title", "title_en", "description", "description_en"),
        ("title", "title_en"),
    ),
    "projects.Project": (
        ("title", "title_en", "description", "description_en", "results"),
        ("title", "title_en"),
    ),
    "actors.Actor": (
        ("name", "name_en", "acronym", "description", "description_en"),
        ("name", "name_en", "acronym"),
    ),
}


def _unaccent(expression) -> Func:
    return Func(expression, function=UNACCENT, output_field=TextField())


def search_vector(fields: Sequence[str], title_fields: Sequence[str] = ()):
    """The weighted document of ``fields`` (titles "A", the rest "B"), accents removed."""
    from django.contrib.postgres.search import SearchVector

    vectors = [
        SearchVector(*(_unaccent(F(f)) for f in group), config=CONFIG, weight=weight)
        for group, weight in (
            ([f for f in fields if f in title_fields], "A"),
            ([f for f in fields if f not in title_fields], "B"),
        )
        if group
    ]
    vector = vectors[0]
    for other in vectors[1:]:
        vector = vector + other
    return vector


def search(
    queryset: QuerySet, q: str, fields: Sequence[str], *, title_fields: Sequence[str] = ()
) -> QuerySet:
    """The records of ``queryset`` matching ``q`` in ``fields`` (paths to text fields, following
    foreign keys but never many-to-many relations), annotated with ``search_rank``.

    ``title_fields`` (a subset of ``fields``) weigh more in the rank. A blank ``q`` keeps every
    record, with a rank of 0."""
    q = (q or "").strip()
    if not q:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, q, fields, title_fields)
    return _search_python(queryset, q, fields, title_fields)


def _search_postgresql(queryset, q, fields, title_fields):
    from django.contrib.postgres.search import SearchQuery, SearchRank

    vector = search_vector(fields, title_fields)
    query = SearchQuery(_unaccent(Value(fold(q))), config=CONFIG, search_type="websearch")
    return (
        queryset.alias(search_document=vector)
        .filter(search_document=query)
        .annotate(search_rank=SearchRank(vector, query))
    )


def _search_python(queryset, q, fields, title_fields):
    words = _WORD.findall(fold(q))
    if not words:
        return queryset.none()
    matching, in_title = [], []
    for pk, *values in queryset.order_by().values_list("pk", *fields):
        texts = dict(zip(fields, (fold(v or "") for v in values), strict=True))
        everything = " ".join(texts.values())
        if all(word in everything for word in words):
            matching.append(pk)
            titles = " ".join(texts[f] for f in title_fields)
            if all(word in titles for word in words):
                in_title.append(pk)
    return queryset.filter(pk__in=matching).annotate(
        search_rank=Case(
            When(pk__in=in_title, then=Value(2)), default=Value(1), output_field=IntegerField()
        )
    )
