"""Writing the records an import creates, a batch at a time.

A batch is written with a handful of statements whatever its size: the records
(``bulk_create``), their many-to-many rows, their partner rows, and the history of each
(bulk.py: the import's user and reason, as ``save()`` would record them). Each record gets
one history row, "created", holding its values and its lists as the import wrote them (where
``save()`` and ``set()`` row by row wrote a "created" row, then a "changed" one per list).

The rows were checked in Python before (fields, ``clean()``, related records); what only the
database can check — uniqueness and check constraints — it checks as it writes. A batch it
refuses is rolled back to its savepoint and written again in halves, down to the row that
fails, which is then handed back (``failed``) to be reported; the rows before it are written,
the rows after it are tried in turn, as a row-by-row import would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, models, transaction

from .bulk import history_create, many_create
from .entities import Entity

if TYPE_CHECKING:
    from .matching import Candidate
    from .rows import RowResult

#: Records created per batch.
BATCH = 1000


@dataclass(eq=False)
class Creation:
    """A record a row creates, waiting for its batch."""

    result: RowResult
    candidate: Candidate
    #: Many-to-many field name -> the records it lists, each once.
    many: dict[str, list] = field(default_factory=dict)
    #: The partner organizations (``Entity.partners``), each once.
    partners: list = field(default_factory=list)

    @property
    def obj(self) -> models.Model:
        return self.candidate.obj


class Writer:
    def __init__(
        self,
        entity: Entity,
        *,
        user,
        reason: str,
        written: Callable[[Creation], None],
        failed: Callable[[Creation, IntegrityError], None],
    ):
        self.entity = entity
        self.model = entity.model
        self.author = {"user": user, "reason": reason}
        self.written = written
        self.failed = failed
        self.pending: list[Creation] = []

    def add(self, creation: Creation) -> None:
        self.pending.append(creation)

    @property
    def full(self) -> bool:
        return len(self.pending) >= BATCH

    def flush(self) -> None:
        """Write every pending record."""
        pending, self.pending = self.pending, []
        if pending:
            self._write(pending)

    def _write(self, creations: list[Creation]) -> None:
        try:
            with transaction.atomic():
                self._insert(creations)
        except IntegrityError as error:
            for creation in creations:
                _unsave(creation.obj)
            if len(creations) == 1:
                self.failed(creations[0], error)
                return
            middle = len(creations) // 2
            self._write(creations[:middle])
            self._write(creations[middle:])
            return
        for creation in creations:
            self.written(creation)

    def _insert(self, creations: list[Creation]) -> None:
        objs = [creation.obj for creation in creations]
        self.model._default_manager.bulk_create(objs)
        history = history_create(self.model, [obj.pk for obj in objs], **self.author)
        for name in sorted({name for creation in creations for name in creation.many}):
            pairs = [
                (creation.obj.pk, item.pk)
                for creation in creations
                for item in creation.many.get(name, ())
            ]
            many_create(self.model, name, pairs, history)
        partners = self.entity.partners
        if partners is not None and any(creation.partners for creation in creations):
            rows = [
                partners.model(
                    **{partners.parent_field: creation.obj, "actor": actor, **partners.defaults}
                )
                for creation in creations
                for actor in creation.partners
            ]
            partners.model._default_manager.bulk_create(rows)
            history_create(partners.model, [row.pk for row in rows], **self.author)


def _unsave(obj: models.Model) -> None:
    """Forget what a rolled-back insert gave the object: it is unsaved again."""
    obj.pk = None
    obj._state.adding = True
    obj._state.db = None
