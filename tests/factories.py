"""Factories for every model; registered as pytest fixtures in conftest.py."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from ciudadglobal.activities.models import Activity, ActivityKind, ActivityParticipant
from ciudadglobal.actors.models import Actor, ActorKind, Department, Membership, Person, Post
from ciudadglobal.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStep,
    Commitment,
    CommitmentFollowUp,
    LifecycleStep,
)
from ciudadglobal.awards.models import Award, AwardResult, CityAward, CityAwardEdition
from ciudadglobal.core.models import Source, WorkflowState
from ciudadglobal.indicators.models import Indicator, LocalTarget, Observation
from ciudadglobal.networks.models import NetworkMembership, NetworkPosition
from ciudadglobal.places.models import Place, PlaceKind
from ciudadglobal.projects.models import (
    Funding,
    Project,
    ProjectBudget,
    ProjectParticipant,
    ProjectSector,
    ProjectTransaction,
    RelatedActivity,
    RelatedActivityType,
    TransactionType,
)
from ciudadglobal.strategy.models import Plan, PlanElement, PlanElementKind, PlanKind
from ciudadglobal.taxonomy.models import SdgTarget, Theme
from ciudadglobal.tenants.models import HomeGovernment, StaffMembership
from ciudadglobal.transparency.models import FlagKind, PublishedFigure, QualityFlag


class HomeGovernmentFactory(DjangoModelFactory):
    class Meta:
        model = HomeGovernment
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gobierno {n}")
    slug = factory.Sequence(lambda n: f"gobierno-{n}")
    country = "MX"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class StaffMembershipFactory(DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    home_government = factory.SubFactory(HomeGovernmentFactory)


class CityFactory(DjangoModelFactory):
    class Meta:
        model = Place

    kind = PlaceKind.CITY
    name = factory.Sequence(lambda n: f"Ciudad {n}")
    country = "FR"
    latitude = "48.850000"
    longitude = "2.350000"


class Tenanted(DjangoModelFactory):
    class Meta:
        abstract = True

    home_government = factory.SubFactory(HomeGovernmentFactory)


class SourceFactory(Tenanted):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Fuente {n}")


class ThemeFactory(Tenanted):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Tema {n}")


class ActorFactory(Tenanted):
    class Meta:
        model = Actor

    state = WorkflowState.PUBLISHED
    kind = ActorKind.FOREIGN_LOCAL_GOVERNMENT
    name = factory.Sequence(lambda n: f"Ciudad socia {n}")
    place = factory.SubFactory(CityFactory)
    country = factory.SelfAttribute("place.country")


class DepartmentFactory(Tenanted):
    class Meta:
        model = Department

    state = WorkflowState.PUBLISHED
    kind = ActorKind.HOME_DEPARTMENT
    name = factory.Sequence(lambda n: f"Secretaría {n}")


class NetworkFactory(ActorFactory):
    kind = ActorKind.CITY_NETWORK
    name = factory.Sequence(lambda n: f"Red {n}")
    place = None
    country = ""


class PersonFactory(Tenanted):
    class Meta:
        model = Person

    state = WorkflowState.PUBLISHED
    name = factory.Sequence(lambda n: f"Persona {n}")


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    organization = factory.SubFactory(DepartmentFactory)
    label = factory.Sequence(lambda n: f"Cargo {n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(
        DepartmentFactory, home_government=factory.SelfAttribute("..person.home_government")
    )
    post = factory.SubFactory(PostFactory, organization=factory.SelfAttribute("..organization"))
    start = "2012-12"


class LifecycleStepFactory(Tenanted):
    class Meta:
        model = LifecycleStep

    phase = "registration"
    name = factory.Sequence(lambda n: f"Paso {n}")


class AgreementFactory(Tenanted):
    class Meta:
        model = Agreement

    state = WorkflowState.PUBLISHED
    kind = AgreementKind.SPECIFIC_COOPERATION
    title = factory.Sequence(lambda n: f"Convenio {n}")
    signed = "2014"


class AgreementPartyFactory(DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    actor = factory.SubFactory(
        ActorFactory, home_government=factory.SelfAttribute("..agreement.home_government")
    )


class AgreementStepFactory(DjangoModelFactory):
    class Meta:
        model = AgreementStep

    agreement = factory.SubFactory(AgreementFactory)
    step = factory.SubFactory(
        LifecycleStepFactory, home_government=factory.SelfAttribute("..agreement.home_government")
    )
    date = "2014-06"


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    description = factory.Sequence(lambda n: f"Compromiso {n}")
    department = factory.SubFactory(
        DepartmentFactory, home_government=factory.SelfAttribute("..agreement.home_government")
    )
    due = "2015"


class CommitmentFollowUpFactory(DjangoModelFactory):
    class Meta:
        model = CommitmentFollowUp

    commitment = factory.SubFactory(CommitmentFactory)
    note = "Avance"


class ActivityFactory(Tenanted):
    class Meta:
        model = Activity

    state = WorkflowState.PUBLISHED
    kind = ActivityKind.OFFICIAL_TRIP
    title = factory.Sequence(lambda n: f"Gira {n}")
    start = "2015-03"


class ActivityParticipantFactory(DjangoModelFactory):
    class Meta:
        model = ActivityParticipant

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"Participante {n}")
    gender = "female"
    sector = "government"


class ProjectFactory(Tenanted):
    class Meta:
        model = Project

    state = WorkflowState.PUBLISHED
    title = factory.Sequence(lambda n: f"Proyecto {n}")
    start = "2014"
    end = "2016"


class ProjectParticipantFactory(DjangoModelFactory):
    class Meta:
        model = ProjectParticipant

    project = factory.SubFactory(ProjectFactory)
    actor = factory.SubFactory(
        ActorFactory, home_government=factory.SelfAttribute("..project.home_government")
    )


class FundingFactory(DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(
        ActorFactory, home_government=factory.SelfAttribute("..project.home_government")
    )
    amount = "100000.00"
    currency = "EUR"


class ProjectSectorFactory(DjangoModelFactory):
    class Meta:
        model = ProjectSector

    project = factory.SubFactory(ProjectFactory)
    code = "15112"  # DAC: decentralisation and support to subnational government


class ProjectBudgetFactory(DjangoModelFactory):
    class Meta:
        model = ProjectBudget

    project = factory.SubFactory(ProjectFactory)
    period_start = "2014"
    period_end = "2014"
    value = "50000.00"
    currency = "EUR"


class ProjectTransactionFactory(DjangoModelFactory):
    class Meta:
        model = ProjectTransaction

    project = factory.SubFactory(ProjectFactory)
    transaction_type = TransactionType.INCOMING_FUNDS
    date = "2014-06"
    value = "25000.00"
    currency = "EUR"
    provider_org = factory.SubFactory(
        ActorFactory, home_government=factory.SelfAttribute("..project.home_government")
    )


class RelatedActivityFactory(DjangoModelFactory):
    class Meta:
        model = RelatedActivity

    project = factory.SubFactory(ProjectFactory)
    identifier = factory.Sequence(lambda n: f"XM-EXAMPLE-{n}")
    relation = RelatedActivityType.PARENT


class NetworkMembershipFactory(Tenanted):
    class Meta:
        model = NetworkMembership

    state = WorkflowState.PUBLISHED
    network = factory.SubFactory(
        NetworkFactory, home_government=factory.SelfAttribute("..home_government")
    )
    joined = "2009"


class NetworkPositionFactory(DjangoModelFactory):
    class Meta:
        model = NetworkPosition

    membership = factory.SubFactory(NetworkMembershipFactory)
    title = factory.Sequence(lambda n: f"Vicepresidencia {n}")
    start = "2016"
    end = "2018"


class AwardFactory(Tenanted):
    class Meta:
        model = Award

    state = WorkflowState.PUBLISHED
    name = factory.Sequence(lambda n: f"Premio {n}")
    date = "2016"
    result = AwardResult.WON


class CityAwardFactory(Tenanted):
    class Meta:
        model = CityAward

    state = WorkflowState.PUBLISHED
    name = factory.Sequence(lambda n: f"Premio de la ciudad {n}")


class CityAwardEditionFactory(DjangoModelFactory):
    class Meta:
        model = CityAwardEdition

    award = factory.SubFactory(CityAwardFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = "2017"
    applications = 120


class PlanFactory(Tenanted):
    class Meta:
        model = Plan

    state = WorkflowState.PUBLISHED
    kind = PlanKind.INTERNATIONAL_ACTION_PROGRAMME
    name = factory.Sequence(lambda n: f"Programa {n}")
    start = "2014"
    end = "2018"


class PlanElementFactory(Tenanted):
    class Meta:
        model = PlanElement

    state = WorkflowState.PUBLISHED
    plan = factory.SubFactory(
        PlanFactory, home_government=factory.SelfAttribute("..home_government")
    )
    kind = PlanElementKind.AXIS
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Eje {n}")


class PublishedFigureFactory(Tenanted):
    class Meta:
        model = PublishedFigure

    state = WorkflowState.PUBLISHED
    group = "Convenios firmados por dependencias"
    label = factory.Sequence(lambda n: f"Región {n}")
    value = 81


class QualityFlagFactory(Tenanted):
    class Meta:
        model = QualityFlag

    state = WorkflowState.PUBLISHED
    title = factory.Sequence(lambda n: f"Cifras que no cuadran {n}")
    description = "El total publicado no coincide con la lista."
    kind = FlagKind.CONTRADICTION
    source_lines = "1303, 1310-1330"


class LocalTargetFactory(Tenanted):
    class Meta:
        model = LocalTarget

    state = WorkflowState.PUBLISHED
    visibility = "public"
    sdg_target = factory.LazyFunction(lambda: SdgTarget.objects.get(code="11.1"))
    code = factory.Sequence(lambda n: f"11.1.CDMX.{n + 1}")
    title = factory.Sequence(lambda n: f"Meta local {n}")


class IndicatorFactory(Tenanted):
    class Meta:
        model = Indicator

    state = WorkflowState.PUBLISHED
    visibility = "public"
    code = factory.Sequence(lambda n: f"IND-{n + 1}")
    name = factory.Sequence(lambda n: f"Indicador {n}")
    dimension = "institutional"
    method = "computed"
    rule = "agreements_in_force"


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = datetime.date(2018, 1, 1)
    period_end = datetime.date(2018, 6, 30)
    value = 10
    origin = "entered"
    notes = "Informe de la oficina"
