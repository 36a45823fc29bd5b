"""How far an annual operating plan has been carried out, measured on recorded activities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ciudadglobal.activities.models import Activity

from .models import OperatingPlan


@dataclass(frozen=True)
class Budget:
    currency: str
    planned: Decimal
    executed: Decimal

    @property
    def share(self) -> Decimal | None:
        """Executed over planned, as a fraction (None when nothing was budgeted)."""
        if not self.planned:
            return None
        return self.executed / self.planned


@dataclass(frozen=True)
class PlanExecution:
    planned: int
    executed: int
    budgets: list[Budget] = field(default_factory=list)
    unexecuted: list = field(default_factory=list)

    @property
    def share(self) -> Decimal | None:
        """Planned actions with at least one recorded activity, as a fraction of all."""
        if not self.planned:
            return None
        return Decimal(self.executed) / Decimal(self.planned)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


def plan_execution(plan: OperatingPlan) -> PlanExecution:
    """Count the plan's actions that happened, and compare the budget with what was spent.

    An action is executed when at least one recorded activity is linked to it. The executed
    budget of a currency is the sum of the costs, in that currency, of the distinct activities
    linked to the plan's actions: an activity that carried out two actions is counted once.
    Amounts in different currencies are never added together.
    """
    actions = list(plan.actions.all().prefetch_related("activities"))
    planned_by_currency: dict[str, Decimal] = defaultdict(Decimal)
    for action in actions:
        if action.budget is not None:
            planned_by_currency[action.budget_currency] += action.budget
    executed_actions = [action for action in actions if action.activities.all()]
    activities = Activity.objects.filter(planned_actions__plan=plan).distinct()
    executed_by_currency: dict[str, Decimal] = defaultdict(Decimal)
    for cost, currency in activities.exclude(cost__isnull=True).values_list(
        "cost", "cost_currency"
    ):
        executed_by_currency[currency] += cost
    currencies = sorted(set(planned_by_currency) | set(executed_by_currency))
    return PlanExecution(
        planned=len(actions),
        executed=len(executed_actions),
        budgets=[
            Budget(currency, planned_by_currency[currency], executed_by_currency[currency])
            for currency in currencies
        ],
        unexecuted=[action for action in actions if not action.activities.all()],
    )
