"""Importing the rows of a table: the dry run and the commit are the same code.

``import_table`` runs every row in one transaction, each in its own savepoint, and collects
every error (row, column, reason). A dry run, or a commit with any error, rolls the whole
transaction back; so the preview says exactly what a commit does, and a commit writes all or
nothing. Rows are matched to records by the entity's natural keys and only what differs is
saved: importing the same file again writes nothing and adds no history.

Imported records are created as drafts (the default review state): publishing goes through the
review workflow like any other record. Updated records keep their state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext

from .entities import Entity
from .reading import Table
from .references import References
from .rules import row_refusal

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class RowResult:
    row: int
    action: str = ERROR
    label: str = ""
    pk: int | None = None
    version: int | None = None
    changes: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    rows: list[RowResult]
    errors: list[dict]
    committed: bool

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, UPDATE, UNCHANGED, ERROR), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def preview(self) -> list[dict]:
        return [
            {k: v for k, v in asdict(row).items() if k != "errors"}
            for row in self.rows
            if row.action != ERROR
        ]


class RowFailed(Exception):
    pass


def header_errors(entity: Entity, header: list[str]) -> list[dict]:
    """Unknown, repeated and missing required columns, reported on row 1."""
    errors = []
    seen = set()
    for name in header:
        if name in seen:
            errors.append(_error(1, name, gettext("this column appears twice")))
        elif name not in entity.by_name:
            errors.append(_error(1, name, gettext("unknown column")))
        seen.add(name)
    for column in entity.columns:
        if column.required and column.name not in seen:
            errors.append(_error(1, column.name, gettext("required column missing")))
    return errors


def import_table(
    entity: Entity,
    government,
    table: Table,
    *,
    user=None,
    reason: str = "",
    commit: bool = False,
    expected: list[dict] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Check (and, with ``commit``, write) every row of ``table``; all or nothing.

    With ``expected`` (the preview of a dry run), a row whose record has been created, changed
    or deleted since the preview is an error: the commit refuses rather than overwrite it."""
    errors = header_errors(entity, table.header)
    if errors:
        return Outcome([], errors, committed=False)
    if expected is not None and len(expected) != len(table.rows):
        message = gettext("The file no longer matches its preview; check it again.")
        return Outcome([], [_error(0, "", message)], committed=False)
    importer = _Importer(entity, government, user, reason, lock=commit)
    expected_by_row = {item["row"]: item for item in expected or []}
    results = []
    with transaction.atomic():
        for done, (number, cells) in enumerate(table.rows, start=1):
            results.append(importer.row(number, cells, expected_by_row.get(number)))
            if progress:
                progress(done)
        errors = [_error(r.row, column, text) for r in results for column, text in r.errors]
        committed = commit and not errors
        if not committed:
            transaction.set_rollback(True)
    return Outcome(results, errors, committed)


def _error(row: int, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": str(message)}


class _Importer:
    def __init__(self, entity: Entity, government, user, reason: str, *, lock: bool):
        self.entity = entity
        self.model = entity.model
        self.government = government
        self.user = user
        self.reason = reason
        self.lock = lock
        self.refs = References(government, reason)
        self.seen: dict[int, int] = {}  # record pk -> row that imported it

    def row(self, number: int, cells: dict[str, str], expected: dict | None) -> RowResult:
        result = RowResult(number)
        values = self.parse(cells, result)
        if result.errors:
            return result
        try:
            with transaction.atomic():
                self.apply(values, result, expected)
        except RowFailed:
            result.action = ERROR
        except IntegrityError as error:
            result.action = ERROR
            result.errors.append(("", str(error)))
        return result

    def parse(self, cells: dict[str, str], result: RowResult) -> dict:
        values = {}
        self.refs.current = values
        for column in self.entity.columns:
            if column.name not in cells:
                continue  # not in the file: left as it is
            raw = cells[column.name].strip()
            if not raw:
                if column.required:
                    result.errors.append((column.name, gettext("required")))
                values[column.name] = [] if column.many else None
                continue
            try:
                values[column.name] = column.read(raw, self.refs)
            except ValueError as error:
                result.errors.append((column.name, str(error)))
            except ValidationError as error:
                result.errors.extend((column.name, message) for message in error.messages)
        return values

    # Finding the record ---------------------------------------------------------------------

    def find(self, values: dict) -> models.Model | None:
        scoped = self.model._default_manager.for_government(self.government)
        for index, key in enumerate(self.entity.natural_keys):
            columns = list(key.values())
            if not _present(values.get(columns[0])):
                continue
            lookup = {}
            for path, column in key.items():
                value = values.get(column)
                if isinstance(value, list):
                    value = value[0] if value else None
                lookup.update(self._match(path, value))
            candidates = scoped.filter(**lookup)
            own_key = values.get("key")
            if index and own_key:  # a later key never takes a record with another dataset key
                candidates = candidates.filter(Q(dataset_key="") | Q(dataset_key=own_key))
            found = list(candidates.values_list("pk", flat=True).distinct()[:2])
            if len(found) > 1:
                raise ValueError(gettext("more than one record matches this row; give its key"))
            if found:
                manager = self.model._default_manager
                return (manager.select_for_update() if self.lock else manager).get(pk=found[0])
        return None

    def _match(self, path: str, value) -> dict:
        if _present(value):
            return {path: value}
        if "__" in path or self.model._meta.get_field(path).null:
            return {f"{path}__isnull": True}
        return {path: ""}

    # Writing it ------------------------------------------------------------------------------

    def apply(self, values: dict, result: RowResult, expected: dict | None) -> None:
        try:
            obj = self.find(values)
        except ValueError as error:
            result.errors.append(("", str(error)))
            raise RowFailed from None
        if obj is not None and obj.pk in self.seen:
            message = gettext("the same record as row %(row)s") % {"row": self.seen[obj.pk]}
            result.errors.append(("", message))
            raise RowFailed
        if expected is not None:
            self.check_unchanged_since_preview(obj, expected, result)
        created = obj is None
        if created:
            obj = self.model(home_government=self.government)
        else:
            result.pk, result.version = obj.pk, obj.version
            self.check_allowed(result, stored=obj, departments=None)
        changes = self.assign(obj, values)
        many = self.many_to_many(obj, values)
        self.check_allowed(result, stored=None, departments=self.departments(obj, values))
        partners = values.get("partners")
        if (
            self.entity.partners
            and partners is not None
            and self.entity.partners.differ(obj, partners)
        ):
            many["partners"] = partners
        if created or changes:
            try:
                obj.full_clean()
            except ValidationError as error:
                result.errors.extend(self.locate(error))
                raise RowFailed from None
            obj._change_reason, obj._history_user = self.reason, self.user
            obj.save()
        for name, targets in many.items():
            if name == "partners":
                self.entity.partners.apply(obj, targets, user=self.user, reason=self.reason)
            else:
                getattr(obj, self.entity.by_name[name].field).set(targets)
        self.seen[obj.pk] = result.row
        self.refs.note(obj)
        result.label = str(obj)
        result.changes = [*changes, *many]
        result.action = CREATE if created else UPDATE if result.changes else UNCHANGED

    def check_allowed(self, result: RowResult, *, stored, departments) -> None:
        refusal = row_refusal(self.user, self.government, self.model, stored, departments)
        if refusal:
            result.errors.append((self.entity.department_column or "", refusal))
            raise RowFailed

    def departments(self, obj, values: dict) -> list | None:
        """The departments the record will have, for the permission check."""
        path = getattr(self.model, "department_path", None)
        if not path:
            return None
        column = self.entity.department_column
        if self.model._meta.get_field(path).many_to_many:
            if column in values:
                return list(values[column])
            return list(getattr(obj, path).all()) if obj.pk else []
        department = getattr(obj, path)
        return [department] if department is not None else []

    def check_unchanged_since_preview(self, obj, expected: dict, result: RowResult) -> None:
        if obj is None and expected.get("pk") is None:
            return
        if obj is not None and (obj.pk, obj.version) == (expected.get("pk"), expected["version"]):
            return
        result.errors.append(
            (
                "",
                gettext(
                    "This record was created or changed by someone else after the preview; "
                    "check the file again."
                ),
            )
        )
        raise RowFailed

    def assign(self, obj, values: dict) -> list[str]:
        """Set the row's single-valued fields on ``obj``; the columns that changed."""
        changes = []
        for column in self.entity.columns:
            if column.field is None or column.many or column.name not in values:
                continue
            value = values[column.name]
            model_field = self.model._meta.get_field(column.field)
            if value is None:
                if column.name == "key":
                    continue  # an empty key never erases the one a record has
                value = _empty(model_field)
            current = getattr(obj, model_field.attname)
            wanted = value.pk if model_field.is_relation and value is not None else value
            if current != wanted:
                setattr(obj, column.field, value)
                changes.append(column.name)
        return changes

    def many_to_many(self, obj, values: dict) -> dict[str, list]:
        """The list columns whose records differ from what ``obj`` has."""
        changed = {}
        for column in self.entity.columns:
            if column.field is None or not column.many or column.name not in values:
                continue
            targets = values[column.name]
            current = set()
            if obj.pk is not None:
                current = set(getattr(obj, column.field).values_list("pk", flat=True))
            if current != {target.pk for target in targets}:
                changed[column.name] = targets
        return changed

    def locate(self, error: ValidationError) -> list[tuple[str, str]]:
        located = []
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else self.entity.column_for_field(name)
            prefix = "" if column or name == NON_FIELD_ERRORS else f"{name}: "
            located.extend((column, f"{prefix}{message}") for message in messages)
        return located


def _present(value) -> bool:
    return value not in (None, "", [])


def _empty(model_field: models.Field):
    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    return ""
