"""The authenticated write API: staff create and change drafts of agreements, activities,
actors and projects, and move them through review, with a Bearer token
(``/api/v1/<government>/staff/<records>…``).

Exactly the back-office's rules apply: ``workflow.permissions`` for who may create, see and
change what, ``workflow.services`` for submitting, publishing and returning. A record the user
may not see answers 404, as if it did not exist; one they may see but not change, 403."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from pydantic import Field

from ciudadglobal.activities.models import Activity, ActivityKind
from ciudadglobal.actors.models import Actor, ActorKind
from ciudadglobal.agreements.models import Agreement, AgreementKind
from ciudadglobal.core.models import Visibility, WorkflowState
from ciudadglobal.opendata.tables import COUNTRY, PARTIAL_DATE
from ciudadglobal.projects.models import Project, ProjectStatus
from ciudadglobal.workflow import permissions
from ciudadglobal.workflow import services as workflow

from . import services
from .auth import TokenAuth
from .errors import WRITE_ERRORS, error_body
from .public import MAX_ID, SLUG
from .selectors import api_government

router = Router(auth=TokenAuth(), tags=["staff"])

Date = Annotated[str, Field(pattern=PARTIAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
GovernmentSlug = Annotated[str, Path(..., pattern=SLUG)]
RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID)]


def _choices(enum) -> Any:
    return Literal[tuple(value for value, _label in enum.choices)]


Visibilities = _choices(Visibility)


class AgreementIn(Schema):
    kind: _choices(AgreementKind)
    title: Annotated[str, Field(min_length=1, max_length=400)]
    title_en: Annotated[str, Field(max_length=400)] = ""
    description: str = ""
    description_en: str = ""
    department_id: Id | None = None
    signed: Date | None = None
    in_force_from: Date | None = None
    expires: Date | None = None
    terminated: Date | None = None
    visibility: Visibilities = Visibility.INTERNAL
    source_url: Annotated[str, Field(max_length=500)] = ""


class ActivityIn(Schema):
    kind: _choices(ActivityKind)
    title: Annotated[str, Field(min_length=1, max_length=400)]
    title_en: Annotated[str, Field(max_length=400)] = ""
    description: str = ""
    description_en: str = ""
    department_ids: list[Id] = []
    start: Date | None = None
    end: Date | None = None
    outcomes: str = ""
    visibility: Visibilities = Visibility.INTERNAL
    source_url: Annotated[str, Field(max_length=500)] = ""


class ProjectIn(Schema):
    title: Annotated[str, Field(min_length=1, max_length=400)]
    title_en: Annotated[str, Field(max_length=400)] = ""
    description: str = ""
    description_en: str = ""
    status: _choices(ProjectStatus) = ProjectStatus.IMPLEMENTATION
    department_ids: list[Id] = []
    start: Date | None = None
    end: Date | None = None
    iati_identifier: Annotated[str, Field(max_length=150)] = ""
    visibility: Visibilities = Visibility.INTERNAL
    source_url: Annotated[str, Field(max_length=500)] = ""


class ActorIn(Schema):
    kind: _choices(ActorKind)
    name: Annotated[str, Field(min_length=1, max_length=300)]
    name_en: Annotated[str, Field(max_length=300)] = ""
    acronym: Annotated[str, Field(max_length=30)] = ""
    country: Annotated[str, Field(pattern=COUNTRY)] | None = None
    website: Annotated[str, Field(max_length=300)] = ""
    description: str = ""
    description_en: str = ""
    visibility: Visibilities = Visibility.INTERNAL
    source_url: Annotated[str, Field(max_length=500)] = ""


def _patch_schema(schema: type[Schema]) -> type[Schema]:
    """The same fields, all optional, and the revision the change is based on."""
    from pydantic import create_model

    fields = {
        name: (field.annotation | None, Field(None, description=field.description))
        for name, field in schema.model_fields.items()
    }
    fields["version"] = (
        int,
        Field(..., description="The revision read: a change based on an older one is refused."),
    )
    return create_model(schema.__name__.replace("In", "Patch"), __base__=Schema, **fields)


class TransitionIn(Schema):
    comment: Annotated[str, Field(max_length=2000)] = ""
    version: int | None = Field(
        None, description="The revision read: refused if the record changed since."
    )


class DraftOut(Schema):
    """A record as staff see it: its state in the review and its revision."""

    id: int
    state: _choices(WorkflowState)
    visibility: Visibilities
    version: int
    title: str
    updated_at: datetime


MODELS: dict[str, tuple[type, type[Schema], str]] = {
    "agreements": (Agreement, AgreementIn, "title"),
    "activities": (Activity, ActivityIn, "title"),
    "projects": (Project, ProjectIn, "title"),
    "actors": (Actor, ActorIn, "name"),
}


def _out(record, title_field: str) -> dict[str, Any]:
    return {
        "id": record.pk,
        "state": record.state,
        "visibility": record.visibility,
        "version": record.version,
        "title": getattr(record, title_field),
        "updated_at": record.updated_at,
    }


def _visible(request: HttpRequest, model, government: str, pk: int):
    """The record if the user may see it; 404 otherwise (its existence is not disclosed)."""
    home = api_government(government)
    queryset = model._default_manager.for_government(home)
    record = permissions.visible_records(request.auth, queryset).filter(pk=pk).first()
    if record is None:
        raise Http404(pk)
    return record


def _add(path: str, model, schema: type[Schema], title_field: str) -> None:
    Patch = _patch_schema(schema)

    def create(request: HttpRequest, government: GovernmentSlug, payload: schema):
        record = services.draft_create(
            user=request.auth,
            government=api_government(government),
            model=model,
            data=payload.dict(),
        )
        return 201, _out(record, title_field)

    def read(request: HttpRequest, government: GovernmentSlug, id: RecordId):
        return _out(_visible(request, model, government, id), title_field)

    def update(request: HttpRequest, government: GovernmentSlug, id: RecordId, payload: Patch):
        record = _visible(request, model, government, id)
        data = payload.dict(exclude_unset=True)
        version = data.pop("version")
        try:
            record = services.draft_update(
                user=request.auth, record=record, data=data, version=version
            )
        except services.StaleRecord as error:
            return 409, error_body(409, str(error))
        return _out(record, title_field)

    def transition(move):
        def view(
            request: HttpRequest, government: GovernmentSlug, id: RecordId, payload: TransitionIn
        ):
            record = _visible(request, model, government, id)
            if payload.version is not None:
                record.version = payload.version
            try:
                move(record, by=request.auth, comment=payload.comment)
            except workflow.TransitionError as error:
                if getattr(error, "code", None) in ("stale", "wrong_state"):
                    return 409, error_body(409, " ".join(error.messages))
                raise
            record.refresh_from_db()
            return _out(record, title_field)

        return view

    base = f"/{{government}}/staff/{path}"
    responses = {200: DraftOut, **WRITE_ERRORS}
    router.post(base, response={201: DraftOut, **WRITE_ERRORS}, operation_id=f"create_{path}")(
        create
    )
    router.get(f"{base}/{{id}}", response=responses, operation_id=f"read_{path}_draft")(read)
    router.patch(f"{base}/{{id}}", response=responses, operation_id=f"update_{path}")(update)
    for name, move in (
        ("submit", workflow.submit),
        ("publish", workflow.publish),
        ("return", workflow.return_for_changes),
    ):
        router.post(f"{base}/{{id}}/{name}", response=responses, operation_id=f"{name}_{path}")(
            transition(move)
        )


for _path, (_model, _schema, _title) in MODELS.items():
    _add(_path, _model, _schema, _title)
