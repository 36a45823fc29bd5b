"""Operating-plan execution: actions carried out and budget spent, per currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError

from ciudadglobal.coordination.models import OperatingPlan, PlannedAction
from ciudadglobal.coordination.plans import plan_execution
from tests import factories as f


@pytest.fixture
def plan(government):
    department = f.DepartmentFactory(home_government=government)
    return OperatingPlan.objects.create(
        home_government=government, department=department, year=2018
    )


def action(plan, title, budget=None, currency=""):
    return PlannedAction.objects.create(
        plan=plan, title=title, budget=budget, budget_currency=currency
    )


def test_execution_share_and_budget(plan, government):
    trip = action(plan, "Gira a París", Decimal("100000"), "MXN")
    forum = action(plan, "Foro de movilidad", Decimal("50000"), "MXN")
    action(plan, "Misión técnica", Decimal("2000"), "USD")
    action(plan, "Campaña", None)
    paris = f.ActivityFactory(
        home_government=government, cost=Decimal("80000.50"), cost_currency="MXN"
    )
    shared = f.ActivityFactory(
        home_government=government, cost=Decimal("10000"), cost_currency="MXN"
    )
    f.ActivityFactory(home_government=government, cost=Decimal("999"), cost_currency="MXN")
    trip.activities.add(paris, shared)
    forum.activities.add(shared)  # carried out two actions: its cost counts once

    execution = plan_execution(plan)

    assert (execution.planned, execution.executed) == (4, 2)
    assert execution.share == Decimal("0.5")
    assert execution.percent == 50
    assert [(b.currency, b.planned, b.executed) for b in execution.budgets] == [
        ("MXN", Decimal("150000"), Decimal("90000.50")),
        ("USD", Decimal("2000"), Decimal("0")),
    ]
    assert execution.budgets[0].share == Decimal("90000.50") / Decimal("150000")
    assert [item.title for item in execution.unexecuted] == ["Misión técnica", "Campaña"]


def test_an_empty_plan_has_no_share(plan):
    execution = plan_execution(plan)
    assert execution.share is None and execution.percent is None and execution.budgets == []


def test_one_plan_per_department_and_year(plan):
    with pytest.raises(IntegrityError):
        OperatingPlan.objects.create(
            home_government=plan.home_government, department=plan.department, year=2018
        )


def test_a_budget_needs_its_currency(plan):
    with pytest.raises(IntegrityError):
        action(plan, "Sin moneda", Decimal("10"), "")
