"""Importing the rows of a table: the dry run and the commit are the same code.

``import_table`` runs every row in one transaction and collects every error (row, column,
reason). A dry run, or a commit with any error, rolls the whole transaction back; so the
preview says exactly what a commit does, and a commit writes all or nothing. Rows are matched
to records by the entity's natural keys (matching.py) and only what differs is saved:
importing the same file again writes nothing and adds no history.

Rows are taken in order, each checked in Python as it comes: its cells, the record it stands
for, the user's right to write it, the model's field validation and ``clean()``. A record it
creates waits to be written with its batch (writing.py), where the database checks uniqueness
and constraints, and a refusal is traced back to its row. A record it changes is written at
once, in a savepoint, with Django's full validation. Whenever a row needs the database as the
rows before it left it — it changes a record, names a record still waiting, or fails and its
errors must be complete — the waiting batch is written first. So each row is judged against
what a row-by-row import would show it, and reports the same errors.

Imported records are created as drafts (the default review state): publishing goes through the
review workflow like any other record. Updated records keep their state.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext

from . import matching
from .entities import Entity
from .matching import Candidate, Matcher
from .reading import Table
from .references import PendingReference, References
from .rules import row_refusal
from .writing import Creation, Writer

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
    importer = _Importer(entity, government, table.header, user, reason, lock=commit)
    expected_by_row = {item["row"]: item for item in expected or []}
    with transaction.atomic():
        results = importer.run(table.rows, expected_by_row, progress)
        errors = [_error(r.row, column, text) for r in results for column, text in r.errors]
        committed = commit and not errors
        if not committed:
            transaction.set_rollback(True)
    return Outcome(results, errors, committed)


def _error(row: int, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": str(message)}


class _Importer:
    def __init__(self, entity: Entity, government, header, user, reason: str, *, lock: bool):
        self.entity = entity
        self.model = entity.model
        self.government = government
        self.user = user
        self.reason = reason
        self.refs = References(government, reason)
        self.matcher = Matcher(entity, government, lock=lock, lists=self.lists(header))
        self.writer = Writer(
            entity, user=user, reason=reason, written=self.written, failed=self.failed
        )
        self.relations = [f for f in self.model._meta.concrete_fields if f.is_relation]
        self.valid_relations: dict[tuple[str, object], bool] = {}
        self.unchecked = self.fields_left_as_created(header)

    def fields_left_as_created(self, header: list[str]) -> list[str]:
        """The fields no column of the file writes and whose default is valid (a new record
        holds the same there), and the relations (checked once per value, see
        ``valid_relation``): what ``valid_in_python`` need not check again for each row."""
        written = {
            self.entity.by_name[name].field for name in header if name in self.entity.by_name
        }
        blank = self.model(home_government=self.government)
        try:
            blank.clean_fields()
        except ValidationError as error:
            written.update(error.error_dict)  # invalid as created: checked for each row
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if f.is_relation or f.name not in written
        ]

    def lists(self, header: list[str]) -> list[str]:
        """The lists a row compares or checks (many-to-many fields, "partners"), fetched with
        the records of a chunk."""
        names = [c.field for c in self.entity.columns if c.many and c.field and c.name in header]
        path = getattr(self.model, "department_path", None)
        if path and self.model._meta.get_field(path).many_to_many and path not in names:
            names.append(path)
        if self.entity.partners is not None and "partners" in header:
            names.append("partners")
        return names

    def run(self, rows, expected_by_row: dict, progress) -> list[RowResult]:
        results = []
        for start in range(0, len(rows), matching.CHUNK):
            chunk = rows[start : start + matching.CHUNK]
            self.matcher.load([self.first_keys(cells) for _number, cells in chunk])
            for number, cells in chunk:
                results.append(self.row(number, cells, expected_by_row.get(number)))
                if progress:
                    progress(len(results))
        self.flush()
        return results

    def flush(self) -> None:
        """Write the records waiting for their batch."""
        self.writer.flush()
        self.refs.settled()

    def row(self, number: int, cells: dict[str, str], expected: dict | None) -> RowResult:
        result = RowResult(number)
        try:
            values = self.parse(cells, result)
        except PendingReference:  # it names a record an earlier row creates: write it first
            self.flush()
            result = RowResult(number)
            values = self.parse(cells, result)
        if result.errors:
            return result
        try:
            self.apply(values, result, expected)
        except RowFailed:
            result.action = ERROR
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

    def first_keys(self, cells: dict[str, str]) -> dict:
        """The first column of each natural key, parsed: what finds the chunk's records."""
        values = {}
        for key in self.entity.natural_keys:
            column = self.entity.by_name[next(iter(key.values()))]
            raw = cells.get(column.name, "").strip()
            if raw:
                with suppress(ValueError, ValidationError):  # reported in the row's turn
                    values[column.name] = column.read(raw, self.refs)
        return values

    # Deciding what the row does -------------------------------------------------------------

    def apply(self, values: dict, result: RowResult, expected: dict | None) -> None:
        try:
            candidate = self.matcher.find(values)
        except ValueError as error:
            result.errors.append(("", str(error)))
            raise RowFailed from None
        if candidate is not None and candidate.row is not None:
            message = gettext("the same record as row %(row)s") % {"row": candidate.row}
            result.errors.append(("", message))
            raise RowFailed
        if expected is not None:
            stored = None if candidate is None else candidate.obj
            self.check_unchanged_since_preview(stored, expected, result)
        if candidate is None:
            self.create(values, result)
            return
        try:
            self.change(candidate, values, result)
        except RowFailed:
            self.matcher.reload(candidate)  # the row may have changed it in memory
            raise

    def create(self, values: dict, result: RowResult) -> None:
        obj = self.model(home_government=self.government)
        changes, many = self.compare(obj, values, {})
        self.check_allowed(result, stored=None, departments=self.departments(obj, values, {}))
        self.describe(result, obj, changes, many)
        if not self.valid_in_python(obj):
            self.flush()  # so that Django's full validation sees the rows before this one
            try:
                obj.full_clean()
            except ValidationError as error:
                result.errors.extend(self.locate(error))
                raise RowFailed from None
        candidate = self.matcher.add(obj, values, result.row)
        self.refs.pending(obj)
        partners = _once(many.pop("partners", []))
        many = {self.entity.by_name[name].field: _once(items) for name, items in many.items()}
        self.writer.add(Creation(result, candidate, many, partners))
        result.action = CREATE
        if self.writer.full:
            self.flush()

    def change(self, candidate: Candidate, values: dict, result: RowResult) -> None:
        obj = candidate.obj
        result.pk, result.version = obj.pk, obj.version
        self.check_allowed(result, stored=obj, departments=None)
        changes, many = self.compare(obj, values, candidate.lists)
        departments = self.departments(obj, values, candidate.lists)
        self.check_allowed(result, stored=None, departments=departments)
        self.describe(result, obj, changes, many)
        if result.changes:
            self.update(obj, changes, many, result)
        self.matcher.keep(candidate, values, result.row)
        result.action = UPDATE if result.changes else UNCHANGED

    def compare(self, obj, values: dict, lists: dict) -> tuple[list[str], dict[str, list]]:
        """Set the row's values on ``obj``: the columns that changed, and the list columns
        whose records differ from ``lists`` (what a stored record holds), by column name."""
        changes = self.assign(obj, values)
        many = {}
        for column in self.entity.columns:
            if column.field and column.many and column.name in values:
                targets = values[column.name]
                if {target.pk for target in targets} != lists.get(column.field, set()):
                    many[column.name] = targets
        partners = values.get("partners")
        if (
            self.entity.partners is not None
            and partners is not None
            and {actor.pk for actor in partners} != lists.get("partners", set())
        ):
            many["partners"] = partners
        return changes, many

    def describe(self, result: RowResult, obj, changes: list[str], many: dict) -> None:
        result.label = str(obj)
        result.changes = [*changes, *many]

    # Writing --------------------------------------------------------------------------------

    def update(self, obj, changes: list[str], many: dict[str, list], result: RowResult) -> None:
        """Write a changed record now, in its own savepoint, after the waiting batch."""
        self.flush()
        try:
            with transaction.atomic():
                if changes:
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
        except IntegrityError as error:
            result.errors.append(("", str(error)))
            raise RowFailed from None
        self.refs.note(obj)

    def written(self, creation: Creation) -> None:
        self.matcher.stored_as(creation.candidate)
        self.refs.note(creation.obj)

    def failed(self, creation: Creation, error: IntegrityError) -> None:
        """The database refused the record of a row: say why, as Django's validation does."""
        result = creation.result
        try:
            creation.obj.full_clean()
        except ValidationError as invalid:
            result.errors.extend(self.locate(invalid))
        else:
            result.errors.append(("", str(error)))
        result.action = ERROR
        self.matcher.remove(creation.candidate)

    # Checks ---------------------------------------------------------------------------------

    def valid_in_python(self, obj) -> bool:
        """``full_clean()`` of a new record without the queries: the fields the row writes,
        ``clean()``, the related records once per distinct value. Uniqueness and constraints
        are left to the database, as the batch is written."""
        try:
            obj.full_clean(
                exclude=self.unchecked, validate_unique=False, validate_constraints=False
            )
        except ValidationError:
            return False
        return all(self.valid_relation(obj, f) for f in self.relations)

    def valid_relation(self, obj, relation: models.Field) -> bool:
        value = getattr(obj, relation.attname)
        if relation.blank and value in relation.empty_values:
            return True
        key = (relation.attname, value)
        if key not in self.valid_relations:
            try:
                relation.clean(value, obj)
            except ValidationError:
                self.valid_relations[key] = False
            else:
                self.valid_relations[key] = True
        return self.valid_relations[key]

    def check_allowed(self, result: RowResult, *, stored, departments) -> None:
        refusal = row_refusal(self.user, self.government, self.model, stored, departments)
        if refusal:
            result.errors.append((self.entity.department_column or "", refusal))
            raise RowFailed

    def departments(self, obj, values: dict, lists: dict) -> list | None:
        """The departments (or their ids) the record will have, for the permission check."""
        path = getattr(self.model, "department_path", None)
        if not path:
            return None
        column = self.entity.department_column
        if self.model._meta.get_field(path).many_to_many:
            if column in values:
                return list(values[column])
            return sorted(lists.get(path, ()))
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

    def locate(self, error: ValidationError) -> list[tuple[str, str]]:
        located = []
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else self.entity.column_for_field(name)
            prefix = "" if column or name == NON_FIELD_ERRORS else f"{name}: "
            located.extend((column, f"{prefix}{message}") for message in messages)
        return located


def _once(records: list) -> list:
    """Each record once, in the order given."""
    return list({record.pk: record for record in records}.values())


def _empty(model_field: models.Field):
    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    return ""
