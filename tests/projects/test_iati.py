"""IATI 2.03 activity XML, both ways: export, import, and the round trip of a real publication."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from lxml import etree

from ciudadglobal.actors.models import Actor, ActorKind
from ciudadglobal.core.models import Visibility
from ciudadglobal.places.services import place_get_or_create_country
from ciudadglobal.projects import models as m
from ciudadglobal.projects.iati import (
    IatiImportError,
    export_activities,
    export_result,
    import_activities,
)
from ciudadglobal.projects.iati.codelists import DATA, activities_schema, codelist, schema_errors
from ciudadglobal.taxonomy.models import SdgGoal, SdgTarget
from tests import factories as f

pytestmark = pytest.mark.django_db

USAID = DATA / "activities" / "usaid-mx.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TODAY = date(2026, 11, 25)


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def assert_valid(xml: bytes) -> None:
    assert schema_errors(parse(xml)) == []


def activity(text: str = "", identifier: str = "XM-EXAMPLE-1") -> str:
    """A small valid activity; ``text`` is inserted after its dates."""
    return f"""
  <iati-activity xml:lang="en" default-currency="EUR">
    <iati-identifier>{identifier}</iati-identifier>
    <reporting-org ref="XM-EXAMPLE" type="40"><narrative>Example Agency</narrative></reporting-org>
    <title>
      <narrative>Urban resilience</narrative>
      <narrative xml:lang="es">Resiliencia urbana</narrative>
      <narrative xml:lang="fr">Résilience urbaine</narrative>
    </title>
    <description><narrative>Helping cities.</narrative></description>
    <description type="2"><narrative>Objectives.</narrative></description>
    <participating-org ref="XM-EXAMPLE" role="1" type="40"><narrative>Example Agency</narrative>
    </participating-org>
    <participating-org role="4" type="11"><narrative>Ciudad de Lima</narrative>
    </participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2019-01-01"/>
    <activity-date type="2" iso-date="2019-03-15"/>
    <activity-date type="3" iso-date="2021-12-31"/>
    {text}
  </iati-activity>"""


FULL = activity("""
    <recipient-country code="PE" percentage="100"/>
    <recipient-region code="489"/>
    <sector vocabulary="1" code="15112" percentage="60"/>
    <sector vocabulary="1" code="43030" percentage="40"/>
    <tag vocabulary="2" code="11"/>
    <tag vocabulary="3" code="11.b"/>
    <tag vocabulary="1" code="agrovoc"/>
    <default-aid-type code="C01"/>
    <budget type="1" status="2">
      <period-start iso-date="2019-01-01"/><period-end iso-date="2019-12-31"/>
      <value value-date="2019-01-01">100000.00</value>
    </budget>
    <transaction>
      <transaction-type code="1"/><transaction-date iso-date="2019-04-01"/>
      <value value-date="2019-04-01">40000.50</value>
      <provider-org ref="XM-EXAMPLE"><narrative>Example Agency</narrative></provider-org>
      <receiver-org><narrative>Ciudad de Lima</narrative></receiver-org>
    </transaction>
    <transaction>
      <transaction-type code="4"/><transaction-date iso-date="2019-06-30"/>
      <value value-date="2019-06-30">-500.00</value>
      <receiver-org type="70"><narrative>Consultora Andina</narrative></receiver-org>
    </transaction>
    <related-activity ref="XM-EXAMPLE-PARENT" type="1"/>
""")


def iati_file(*activities: str) -> bytes:
    body = "".join(activities)
    return f'<iati-activities version="2.03">{body}</iati-activities>'.encode()


@pytest.fixture
def public_project(government):
    """A public project with one of everything IATI can carry."""
    project = f.ProjectFactory(
        home_government=government,
        visibility=Visibility.PUBLIC,
        title="Alianza de ciudades",
        title_en="Alliance of cities",
        description="Cooperación descentralizada.",
        description_en="Decentralized cooperation.",
        status=m.ProjectStatus.CLOSED,
        start="2014",
        end="2016-06",
        planned_start="2013-11-01",
        planned_end="2016",
        iati_identifier="XM-CDMX-0001",
    )
    project.places.add(place_get_or_create_country(code="PE"), f.CityFactory())
    project.sdg_goals.add(SdgGoal.objects.get(number=11))
    project.sdg_targets.add(SdgTarget.objects.get(code="11.3"))
    eu = f.ActorFactory(
        home_government=government,
        kind=ActorKind.INTERNATIONAL_ORGANIZATION,
        name="Unión Europea",
        name_en="European Union",
    )
    roles = m.OrganisationRole
    f.ProjectParticipantFactory(project=project, actor=eu, role=roles.FUNDING, ref="XI-IATI-EC")
    for role in (roles.ACCOUNTABLE, roles.EXTENDING, roles.IMPLEMENTING):
        f.ProjectParticipantFactory(project=project, role=role)
    f.ProjectSectorFactory(project=project, code="15112", percentage="70")
    f.ProjectSectorFactory(project=project, code="43030", percentage="30")
    f.ProjectBudgetFactory(project=project, period_start="2014", period_end="2014")
    f.ProjectTransactionFactory(project=project, provider_org=eu, date="2014-06")
    f.ProjectTransactionFactory(
        project=project,
        transaction_type=m.TransactionType.EXPENDITURE,
        date="2015-02-10",
        value="-120.50",
        provider_org=None,
        receiver_org_name="Consultora local",
        description="Taller",
    )
    f.RelatedActivityFactory(project=project, identifier="XM-CDMX-0000")
    return project


# The codelists and the schema ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "name"),
    [
        (m.ProjectStatus, "ActivityStatus"),
        (m.OrganisationRole, "OrganisationRole"),
        (m.OrganisationType, "OrganisationType"),
        (m.TransactionType, "TransactionType"),
        (m.BudgetType, "BudgetType"),
        (m.BudgetStatus, "BudgetStatus"),
        (m.SectorVocabulary, "SectorVocabulary"),
        (m.RelatedActivityType, "RelatedActivityType"),
    ],
)
def test_choices_mirror_the_vendored_codelists(choices, name):
    assert set(choices.values) == set(codelist(name))


def test_the_vendored_schema_rejects_an_invalid_document():
    without_reporting_org = iati_file(activity()).replace(b"reporting-org", b"reporting-orgx")
    errors = schema_errors(parse(without_reporting_org))
    assert errors
    assert "reporting-orgx" in errors[0]
    assert activities_schema().validate(parse(iati_file(activity())))


def test_a_sector_code_must_be_in_the_dac_list(public_project):
    sector = m.ProjectSector(project=public_project, code="99999")
    with pytest.raises(ValidationError) as raised:
        sector.full_clean()
    assert raised.value.error_dict["code"][0].code == "sector_code"
    assert str(m.ProjectSector(project=public_project, code="15112")).startswith(
        "15112 Decentralisation"
    )


# Export -------------------------------------------------------------------------------------


def test_export_of_a_project_validates_and_carries_what_iati_needs(public_project, government):
    xml = export_activities(government, reporting_org_ref="XM-CDMX", today=TODAY)
    assert_valid(xml)
    (element,) = parse(xml).findall("iati-activity")
    assert element.findtext("iati-identifier") == "XM-CDMX-0001"
    assert element.find("reporting-org").attrib == {"ref": "XM-CDMX", "type": "11"}
    title = {n.get(XML_LANG): n.text for n in element.iterfind("title/narrative")}
    assert title == {"es": "Alianza de ciudades", "en": "Alliance of cities"}
    roles = [p.get("role") for p in element.iterfind("participating-org")]
    assert sorted(roles) == ["1", "2", "3", "4"]
    eu = element.find("participating-org[@role='1']")
    assert eu.attrib == {"ref": "XI-IATI-EC", "role": "1", "type": "40"}
    assert [n.text for n in eu] == ["Unión Europea", "European Union"]
    assert element.find("activity-status").get("code") == "4"
    dates = {d.get("type"): d.get("iso-date") for d in element.iterfind("activity-date")}
    # Starts take the first day of a year or month, ends the last; days stay as they are.
    assert dates == {"1": "2013-11-01", "2": "2014-01-01", "3": "2016-12-31", "4": "2016-06-30"}
    comment = element[0]
    assert isinstance(comment, etree._Comment)
    assert "activity-date type 2: 2014 is known to the year, written 2014-01-01" in comment.text
    assert "2016-06 is known to the month, written 2016-06-30" in comment.text
    assert [c.get("code") for c in element.iterfind("recipient-country")] == ["PE"]
    sectors = {s.get("code"): s.get("percentage") for s in element.iterfind("sector")}
    assert sectors == {"15112": "70.00", "43030": "30.00"}
    tags = [(t.get("vocabulary"), t.get("code")) for t in element.iterfind("tag")]
    assert tags == [("2", "11"), ("3", "11.3")]
    budget = element.find("budget")
    assert budget.find("period-start").get("iso-date") == "2014-01-01"
    assert budget.find("period-end").get("iso-date") == "2014-12-31"
    assert budget.find("value").attrib == {"currency": "EUR", "value-date": "2014-01-01"}
    first, second = element.iterfind("transaction")
    assert first.find("transaction-date").get("iso-date") == "2014-06-01"
    assert first.find("provider-org").get("ref") == "XI-IATI-EC"
    assert second.findtext("value") == "-120.50"
    assert second.findtext("receiver-org/narrative") == "Consultora local"
    assert second.findtext("description/narrative") == "Taller"
    assert element.find("related-activity").attrib == {"ref": "XM-CDMX-0000", "type": "1"}


def test_internal_and_other_governments_projects_are_not_exported(
    public_project, government, other_government
):
    f.ProjectFactory(home_government=government, iati_identifier="XM-CDMX-INTERNAL")
    f.ProjectFactory(
        home_government=other_government, visibility=Visibility.PUBLIC, iati_identifier="XM-BOG-1"
    )
    result = export_result(government, reporting_org_ref="XM-CDMX")
    assert result.identifiers == ["XM-CDMX-0001"]
    assert_valid(result.xml)


def test_dates_not_yet_reached_are_written_as_planned(government):
    f.ProjectFactory(
        home_government=government, visibility=Visibility.PUBLIC, start="2025", end="2027-06"
    )
    xml = export_activities(government, reporting_org_ref="XM-CDMX", today=TODAY)
    assert_valid(xml)
    dates = {d.get("type"): d.get("iso-date") for d in parse(xml).iter("activity-date")}
    assert dates == {"2": "2025-01-01", "3": "2027-06-30"}


def test_what_iati_cannot_take_is_listed_instead_of_written(government):
    project = f.ProjectFactory(
        home_government=government, visibility=Visibility.PUBLIC, dataset_key="al-las"
    )
    undated = f.ProjectFactory(
        home_government=government, visibility=Visibility.PUBLIC, start=None, end=None
    )
    without_publisher = export_result(government)
    assert without_publisher.identifiers == []
    assert len(without_publisher.skipped) == 2

    result = export_result(government, reporting_org_ref="XM-CDMX")
    # No identifier: derived from the publisher's and the record's stable key.
    assert result.identifiers == ["XM-CDMX-al-las"]
    assert [project for project, _why in result.skipped] == [undated]
    root = parse(result.xml)
    assert f"{undated.pk} {undated.title}: no date" in root[0].text
    assert_valid(result.xml)
    # No participant recorded: the publisher is written as accountable.
    (org,) = root.iterfind("iati-activity/participating-org")
    assert org.get("role") == "2"
    assert project.pk


# Import -------------------------------------------------------------------------------------


def test_import_maps_an_activity(government):
    report = import_activities(government, iati_file(FULL), visibility=Visibility.PUBLIC)
    # Two organizations: the transaction's receiver-only consultancy is kept by name.
    assert (report.created, report.updated, report.actors_created) == (1, 0, 2)
    project = m.Project.objects.get(iati_identifier="XM-EXAMPLE-1")
    assert project.home_government == government
    assert project.visibility == Visibility.PUBLIC
    assert (project.title, project.title_en) == ("Resiliencia urbana", "Urban resilience")
    assert project.description == project.description_en == "Helping cities."
    assert project.status == m.ProjectStatus.IMPLEMENTATION
    assert (str(project.planned_start), str(project.start)) == ("2019-01-01", "2019-03-15")
    assert (str(project.planned_end), project.end) == ("2021-12-31", None)
    assert project.reporting_org_ref == "XM-EXAMPLE"
    assert project.reporting_org.name == "Example Agency"
    assert project.reporting_org.kind == ActorKind.INTERNATIONAL_ORGANIZATION
    assert [p.country.code for p in project.places.all()] == ["PE"]
    assert [g.number for g in project.sdg_goals.all()] == [11]
    assert [t.code for t in project.sdg_targets.all()] == ["11.b"]
    participants = {
        (p.actor.name, p.role, p.ref, p.organisation_type) for p in project.participants.all()
    }
    assert participants == {
        ("Example Agency", "1", "XM-EXAMPLE", "40"),
        ("Ciudad de Lima", "4", "", "11"),
    }
    lima = Actor.objects.get(name="Ciudad de Lima")
    assert lima.kind == ActorKind.FOREIGN_LOCAL_GOVERNMENT
    sectors = {(s.code, s.percentage) for s in project.sectors.all()}
    assert sectors == {("15112", Decimal("60")), ("43030", Decimal("40"))}
    (budget,) = project.budgets.all()
    assert (budget.status, budget.value, budget.currency) == ("2", Decimal("100000"), "EUR")
    incoming, spent = project.transactions.all()
    assert (incoming.provider_org.name, incoming.receiver_org) == ("Example Agency", lima)
    assert incoming.value == Decimal("40000.50")
    assert (spent.receiver_org, spent.receiver_org_name) == (None, "Consultora Andina")
    assert spent.value == Decimal("-500")
    assert [r.identifier for r in project.related_activities.all()] == ["XM-EXAMPLE-PARENT"]

    assert report.unmapped == {
        "iati-activity/title/narrative[@xml:lang='fr']": 1,
        "iati-activity/description[@type='2']": 1,
        "iati-activity/recipient-region": 1,
        "iati-activity/tag[@vocabulary='1']": 1,
        "iati-activity/default-aid-type": 1,
        "iati-activity/transaction/receiver-org/@type": 1,
    }
    assert project.history.count() >= 1


def test_reimport_changes_only_what_changed(government):
    import_activities(government, iati_file(FULL))
    project = m.Project.objects.get()
    city = f.CityFactory(name="Lima", country="PE")
    project.places.add(city)  # staff add the city: IATI has no cities, imports keep it
    history = project.history.count()
    again = import_activities(government, iati_file(FULL))
    assert (again.created, again.updated, again.unchanged, again.actors_created) == (0, 0, 1, 0)
    assert project.history.count() == history
    assert city in project.places.all()

    changed = FULL.replace("40000.50", "40001.00").replace("Urban resilience", "Urban resilience!")
    report = import_activities(government, iati_file(changed))
    assert (report.updated, report.unchanged) == (1, 0)
    project.refresh_from_db()
    assert project.title_en == "Urban resilience!"
    assert sorted(t.value for t in project.transactions.all()) == [
        Decimal("-500"),
        Decimal("40001"),
    ]


def test_an_activity_matches_organizations_already_in_the_registry(government):
    lima = f.ActorFactory(home_government=government, name="Lima", name_en="Ciudad de Lima")
    import_activities(government, iati_file(FULL))
    assert m.ProjectParticipant.objects.get(role="4").actor == lima
    assert m.ProjectTransaction.objects.get(transaction_type="1").receiver_org == lima


def test_a_dry_run_writes_nothing(government):
    report = import_activities(government, iati_file(FULL), dry_run=True)
    assert (report.dry_run, report.created) == (True, 1)
    assert not m.Project.objects.exists()
    assert not Actor.objects.exists()
    with translation.override("en"):
        assert "dry run" in str(report)


MISSING_IDENTIFIER = activity(identifier="XM-EXAMPLE-2").replace(
    "<iati-identifier>XM-EXAMPLE-2</iati-identifier>", ""
)
UNKNOWN_TRANSACTION_TYPE = activity(
    '<transaction><transaction-type code="99"/><transaction-date iso-date="2019-01-01"/>'
    '<value value-date="2019-01-01">1</value></transaction>',
    "XM-EXAMPLE-2",
)
IMPOSSIBLE_BUDGET = activity(
    '<budget><period-start iso-date="2019-12-31"/><period-end iso-date="2019-01-01"/>'
    '<value value-date="2019-12-31">5</value></budget>'
)


@pytest.mark.parametrize(
    ("xml", "where", "why"),
    [
        (b"<iati-activities><iati-activity>", "line 1:", "not well-formed XML"),
        (
            iati_file(FULL, MISSING_IDENTIFIER),
            "activity (no identifier): line 49: /iati-activities/iati-activity[2]/reporting-org",
            "Expected is ( iati-identifier )",
        ),
        (
            iati_file(FULL, activity(identifier="")),
            "activity (no identifier): /iati-activities/iati-activity[2] (line 47)",
            "iati-identifier: the activity has no identifier",
        ),
        (
            iati_file(FULL, activity(identifier="XM-EXAMPLE-1")),
            "activity XM-EXAMPLE-1: /iati-activities/iati-activity[2] (line 47)",
            "the identifier is also used at line 2",
        ),
        (
            # Found only when the row is checked, after the first activity was written.
            iati_file(FULL, UNKNOWN_TRANSACTION_TYPE),
            "activity XM-EXAMPLE-2: /iati-activities/iati-activity[2]/transaction/"
            "transaction-type (line 65)",
            "transaction_type: Value '99' is not a valid choice.",
        ),
        (
            iati_file(IMPOSSIBLE_BUDGET),
            "activity XM-EXAMPLE-1: /iati-activities/iati-activity/budget/period-end (line 20)",
            "the period ends before it starts",
        ),
    ],
    ids=[
        "bad-xml",
        "missing-identifier",
        "empty-identifier",
        "repeated-identifier",
        "unknown-code",
        "impossible-period",
    ],
)
def test_a_malformed_file_writes_nothing_and_says_where(government, xml, where, why):
    with translation.override("en"), pytest.raises(IatiImportError) as raised:
        import_activities(government, xml)
    assert any(where in error and why in error for error in raised.value.errors), (
        raised.value.errors
    )
    assert not m.Project.objects.exists()
    assert not Actor.objects.exists()


@translation.override("en")
def test_the_commands_import_and_export(government, tmp_path, capsys):
    source = tmp_path / "sample.xml"
    source.write_bytes(iati_file(FULL))
    call_command("iati_import", str(source), "--government", "cdmx", "--dry-run")
    assert not m.Project.objects.exists()
    call_command("iati_import", str(source), "--government", "cdmx", "--public")
    out = capsys.readouterr().out
    assert "1 projects created" in out
    assert "iati-activity/recipient-region" in out
    assert m.Project.objects.get().source.title == "IATI: sample.xml"
    target = tmp_path / "export.xml"
    call_command("iati_export", "--government", "cdmx", "-o", str(target))
    assert_valid(target.read_bytes())
    assert [e.text for e in parse(target.read_bytes()).iter("iati-identifier")] == ["XM-EXAMPLE-1"]


# The USAID Mexico publication, there and back ----------------------------------------------


def totals(root) -> dict[str, dict]:
    """Per activity: its dates, and the sums of its budgets and of its transactions by type."""
    found = {}
    for element in root.iterfind("iati-activity"):
        transactions = defaultdict(Decimal)
        for item in element.iterfind("transaction"):
            kind = item.find("transaction-type").get("code")
            transactions[kind] += Decimal(item.findtext("value"))
        found[element.findtext("iati-identifier")] = {
            "dates": {d.get("type"): d.get("iso-date") for d in element.iterfind("activity-date")},
            "budget": sum((Decimal(v.text) for v in element.iterfind("budget/value")), Decimal(0)),
            "transactions": dict(transactions),
            "count": Counter(
                i.find("transaction-type").get("code") for i in element.iterfind("transaction")
            ),
        }
    return found


def snapshot(government) -> dict:
    """Every value the import writes, and the number of history rows."""
    projects = m.Project.objects.for_government(government)
    rows = {
        model.__name__: sorted(map(repr, model.objects.for_government(government).values_list()))
        for model in (
            m.Project,
            m.ProjectParticipant,
            m.ProjectSector,
            m.ProjectBudget,
            m.ProjectTransaction,
            Actor,
        )
    }
    rows["places"] = sorted(projects.values_list("pk", "places"))
    rows["history"] = [
        m.Project.history.count(),
        m.ProjectTransaction.history.count(),
        Actor.history.count(),
    ]
    return rows


@pytest.mark.slow
def test_the_usaid_mexico_file_imports_once_and_goes_back_out_the_same(government):
    original = USAID.read_bytes()
    source = parse(original)
    count = len(source.findall("iati-activity"))

    report = import_activities(government, original, visibility=Visibility.PUBLIC)
    assert report.created == count == m.Project.objects.for_government(government).count()
    assert report.unmapped["iati-activity/contact-info"] == count
    for skipped in (
        "iati-activity/@hierarchy",
        "iati-activity/activity-scope",
        "iati-activity/collaboration-type",
        "iati-activity/default-aid-type",
        "iati-activity/transaction/disbursement-channel",
        "iati-activity/transaction/receiver-org/@receiver-activity-id",
        "iati-activity/usg:mechanism-signing-date",
        "iati-activity/transaction/usg:treasury-account",
    ):
        assert report.unmapped[skipped] > 0, skipped
    transactions = len(source.findall("iati-activity/transaction"))
    assert m.ProjectTransaction.objects.for_government(government).count() == transactions
    english_only = m.Project.objects.get(iati_identifier="US-GOV-1-72052325CA00002")
    assert english_only.title == english_only.title_en
    # Sectors published on transactions become the project's, weighted by value.
    shares = defaultdict(list)
    for sector in m.ProjectSector.objects.for_government(government).filter(vocabulary="1"):
        shares[sector.project_id].append(sector.percentage)
    split = [values for values in shares.values() if len(values) > 1]
    assert split
    assert all(sum(values) == 100 for values in split)

    before = snapshot(government)
    again = import_activities(government, original, visibility=Visibility.PUBLIC)
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    assert again.actors_created == 0
    assert snapshot(government) == before

    exported = export_activities(government, today=TODAY)
    assert_valid(exported)
    assert totals(parse(exported)) == totals(source)
