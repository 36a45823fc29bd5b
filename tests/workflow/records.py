"""One builder per registry model with an admin, used by the permission matrix and XSS tests."""

from __future__ import annotations

from ciudadglobal.activities.models import Activity
from ciudadglobal.actors.models import Actor, Department, Person
from ciudadglobal.agreements.models import Agreement
from ciudadglobal.awards.models import Award, CityAward
from ciudadglobal.indicators.models import Indicator, LocalTarget
from ciudadglobal.networks.models import NetworkMembership
from ciudadglobal.participation.models import (
    ActorLink,
    CommentableDocument,
    Consultation,
    CouncilMember,
    CouncilSession,
    Recommendation,
)
from ciudadglobal.projects.models import Project
from ciudadglobal.strategy.models import Plan, PlanElement
from ciudadglobal.transparency.models import PublishedFigure, QualityFlag
from tests import factories as f
from tests.participation import admin_builders as participation


def _by_government(builder):
    return lambda home_government, **values: builder(home_government, **values)


BUILDERS = {
    Agreement: f.AgreementFactory,
    Activity: f.ActivityFactory,
    Project: f.ProjectFactory,
    NetworkMembership: f.NetworkMembershipFactory,
    Award: f.AwardFactory,
    CityAward: f.CityAwardFactory,
    Actor: f.ActorFactory,
    Department: f.DepartmentFactory,
    Person: f.PersonFactory,
    Plan: f.PlanFactory,
    PlanElement: f.PlanElementFactory,
    PublishedFigure: f.PublishedFigureFactory,
    QualityFlag: f.QualityFlagFactory,
    Indicator: f.IndicatorFactory,
    LocalTarget: f.LocalTargetFactory,
    **{
        model: _by_government(participation.BUILDERS[model])
        for model in (
            Consultation,
            CommentableDocument,
            CouncilMember,
            CouncilSession,
            Recommendation,
            ActorLink,
        )
    },
}

DEPARTMENT_OWNED = [model for model in BUILDERS if model.department_path]
