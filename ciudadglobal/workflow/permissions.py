"""Who may see, change, submit and publish which record: the one place that decides.

Every rule is scoped by home government first (a membership of the record's government, or a
superuser), then by the member's role (``tenants.Role``), the record's department
(``department_path`` on the model) and its review state (``core.WorkflowState``):

- platform administrators (superusers): everything, everywhere;
- the government's administrator (ADMIN): everything in that government;
- coordinating-office staff (OFFICE): see and change every record of the government, submit;
- department liaisons (LIAISON): see their department's records and everything published;
  change, create and submit only their department's drafts and returned records;
- reviewers (REVIEWER): see everything of the government; publish or return submitted records;
- Congress evaluators (CONGRESS) and council members (COUNCIL): see everything, change nothing.

The admin, the workspace, the portal and the API call these functions; the predicates are also
registered with django-rules (``workflow.view_record``…), so ``user.has_perm(name, obj)`` and
templates' ``{% has_perm %}`` give the same answers.
"""

from __future__ import annotations

import rules
from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from ciudadglobal.core.models import RegistryRecord, WorkflowState, government_id_of
from ciudadglobal.tenants.models import Role, StaffMembership

EDITORS = frozenset({Role.OFFICE, Role.ADMIN})
PUBLISHERS = frozenset({Role.REVIEWER, Role.ADMIN})
#: The states in which a liaison may still change a record; and the ones it may be submitted from.
OPEN_STATES = frozenset({WorkflowState.DRAFT, WorkflowState.RETURNED})

_CACHE = "_workflow_memberships"


# --- Who the user is --------------------------------------------------------------------------


def memberships(user) -> dict[int, StaffMembership]:
    """The user's memberships by government id (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = {m.home_government_id: m for m in user.staff_memberships.all()}
        setattr(user, _CACHE, cached)
    return cached


def _government_id(government) -> int | None:
    return getattr(government, "pk", government)


def membership_of(user, government) -> StaffMembership | None:
    return memberships(user).get(_government_id(government))


def _is_superuser(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def roles_of(user, government) -> set[str]:
    """The roles ``user`` holds in ``government``; platform administrators hold ADMIN."""
    roles = set()
    if _is_superuser(user):
        roles.add(Role.ADMIN)
    membership = membership_of(user, government)
    if membership is not None:
        roles.add(membership.role)
    return roles


def has_role(user, government, *roles: str) -> bool:
    return bool(roles_of(user, government) & set(roles))


# --- What the record is -----------------------------------------------------------------------


def registry_models() -> list[type[RegistryRecord]]:
    """Every concrete registry model (proxies such as Department are their parent's rows)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, RegistryRecord) and not model._meta.proxy
    ]


def record_of(obj: models.Model) -> models.Model:
    """The registry record (or other tenant-owned row) that decides for ``obj``: itself, or
    for a child row (a party, a participant, a document) the record it belongs to."""
    for hop in obj.tenant_path.split("__")[:-1]:
        parent = getattr(obj, hop, None)
        if parent is None:
            break
        obj = parent
    return obj


def _record_model(model: type[models.Model]) -> tuple[type[models.Model], str]:
    """The model that decides for ``model``'s rows and the lookup prefix leading to it."""
    hops = model.tenant_path.split("__")[:-1]
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model, "".join(f"{hop}__" for hop in hops)


def departments_of(record: models.Model) -> set[int]:
    """The ids of the departments that own ``record`` (empty for office-only records)."""
    path = getattr(record, "department_path", None)
    if not path:
        return set()
    field = record._meta.get_field(path)
    if field.many_to_many:
        if record.pk is None:
            return set()
        return set(getattr(record, path).values_list("pk", flat=True))
    value = getattr(record, field.attname)
    return set() if value is None else {value}


def state_of(record: models.Model) -> str:
    """The review state; rows with none of their own (sources, themes) count as published."""
    return getattr(record, "state", WorkflowState.PUBLISHED)


# --- Predicates -------------------------------------------------------------------------------


def _membership_for(user, obj) -> StaffMembership | None:
    return membership_of(user, government_id_of(record_of(obj)))


@rules.predicate
def is_platform_admin(user) -> bool:
    return _is_superuser(user)


@rules.predicate
def is_member(user, obj) -> bool:
    return _membership_for(user, obj) is not None


@rules.predicate
def is_editor(user, obj) -> bool:
    membership = _membership_for(user, obj)
    return membership is not None and membership.role in EDITORS


@rules.predicate
def is_publisher(user, obj) -> bool:
    membership = _membership_for(user, obj)
    return membership is not None and membership.role in PUBLISHERS


@rules.predicate
def is_liaison(user, obj) -> bool:
    membership = _membership_for(user, obj)
    return membership is not None and membership.role == Role.LIAISON


@rules.predicate
def is_department_liaison(user, obj) -> bool:
    """A liaison of one of the departments that own the record."""
    membership = _membership_for(user, obj)
    return (
        membership is not None
        and membership.role == Role.LIAISON
        and membership.department_id in departments_of(record_of(obj))
    )


@rules.predicate
def is_open(user, obj) -> bool:
    return state_of(record_of(obj)) in OPEN_STATES


@rules.predicate
def is_submitted(user, obj) -> bool:
    return state_of(record_of(obj)) == WorkflowState.SUBMITTED


@rules.predicate
def is_published(user, obj) -> bool:
    return state_of(record_of(obj)) == WorkflowState.PUBLISHED


view_rule = (
    is_platform_admin
    | (is_member & ~is_liaison)
    | is_department_liaison
    | (is_liaison & is_published)
)
change_rule = is_platform_admin | is_editor | (is_department_liaison & is_open)
submit_role_rule = is_platform_admin | is_editor | is_department_liaison
publish_role_rule = is_platform_admin | is_publisher

rules.add_perm("workflow.view_record", view_rule)
rules.add_perm("workflow.change_record", change_rule)
rules.add_perm("workflow.submit_record", submit_role_rule & is_open)
rules.add_perm("workflow.publish_record", publish_role_rule & is_submitted)


# --- The functions everyone calls ------------------------------------------------------------


def can_view(user, obj) -> bool:
    return view_rule.test(user, obj)


def can_change(user, obj) -> bool:
    """Change or delete ``obj`` (or, for a child row, its record)."""
    return change_rule.test(user, obj)


def can_delete(user, obj) -> bool:
    return change_rule.test(user, obj)


def may_submit(user, obj) -> bool:
    """Whether the user's role lets them submit this record, whatever its state."""
    return submit_role_rule.test(user, obj)


def may_publish(user, obj) -> bool:
    """Whether the user's role lets them publish or return this record, whatever its state."""
    return publish_role_rule.test(user, obj)


def can_submit(user, obj) -> bool:
    """Submit it for review now: the role allows it and it is a draft or was returned."""
    return user is not None and user.has_perm("workflow.submit_record", obj)


def can_publish(user, obj) -> bool:
    """Publish it or return it now: the role allows it and it waits for review."""
    return user is not None and user.has_perm("workflow.publish_record", obj)


def can_create(user, model, government, department=None) -> bool:
    """Create a ``model`` record in ``government`` (for ``department`` when given; without it,
    whether the user may create such records at all)."""
    if government is None:
        return False
    if _is_superuser(user):
        return True
    membership = membership_of(user, government)
    if membership is None:
        return False
    if membership.role in EDITORS:
        return True
    if membership.role != Role.LIAISON or not getattr(model, "department_path", None):
        return False
    return department is None or _government_id(department) == membership.department_id


def _department_q(model, prefix: str, department_id: int) -> Q:
    path = model.department_path
    if model._meta.get_field(path).many_to_many:
        owned = model._default_manager.filter(**{path: department_id}).values("pk")
        return Q(**{f"{prefix}pk__in": owned})
    return Q(**{f"{prefix}{path}": department_id})


def _scoped(user, queryset: QuerySet, condition) -> QuerySet:
    if _is_superuser(user):
        return queryset
    model, prefix = _record_model(queryset.model)
    allowed = Q(pk__in=[])
    for government_id, membership in memberships(user).items():
        rule = condition(membership, model, prefix)
        if rule is not None:
            allowed |= Q(**{queryset.model.tenant_path: government_id}) & rule
    return queryset.filter(allowed)


def _liaison_q(membership, model, prefix: str, states) -> Q | None:
    if not getattr(model, "department_path", None) or membership.department_id is None:
        return None
    owned = _department_q(model, prefix, membership.department_id)
    return owned if states is None else owned & Q(**{f"{prefix}state__in": states})


def visible_records(user, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` (records or their child rows) ``user`` may see."""

    def condition(membership, model, prefix):
        if membership.role != Role.LIAISON:
            return Q()
        if not issubclass(model, RegistryRecord):
            return Q()
        published = Q(**{f"{prefix}state": WorkflowState.PUBLISHED})
        owned = _liaison_q(membership, model, prefix, None)
        return published if owned is None else published | owned

    return _scoped(user, queryset, condition)


def editable_records(user, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` ``user`` may change."""

    def condition(membership, model, prefix):
        if membership.role in EDITORS:
            return Q()
        if membership.role == Role.LIAISON and issubclass(model, RegistryRecord):
            return _liaison_q(membership, model, prefix, OPEN_STATES)
        return None

    return _scoped(user, queryset, condition)


def publishable_records(user, queryset: QuerySet) -> QuerySet:
    """The records of ``queryset`` ``user`` may publish or return now (submitted ones)."""

    def condition(membership, model, prefix):
        if membership.role in PUBLISHERS:
            return Q()
        return None

    return _scoped(user, queryset, condition).filter(state=WorkflowState.SUBMITTED)
