"""Back-office lists and forms run a fixed number of queries, whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ciudadglobal.transparency.models import PublishedFigure
from tests import factories as f
from tests.core.test_admin_pages import BUILDERS, PLATFORM_ONLY, url

pytestmark = pytest.mark.django_db

TENANT_MODELS = [model for model in BUILDERS if model not in PLATFORM_ONLY]


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_changelist_queries_do_not_grow_with_rows(model, staff_client, government):
    BUILDERS[model](government)
    few = queries(staff_client, url(model, "changelist"))
    for _ in range(10):
        BUILDERS[model](government)
    assert queries(staff_client, url(model, "changelist")) == few


def test_agreement_page_queries_grow_only_by_the_autocomplete_lookups(staff_client, government):
    """Django's autocomplete widgets look up their selected value: one query per widget per
    inline row (a party has two: actor and signatory). Nothing else may grow."""
    agreement = f.AgreementFactory(home_government=government)
    f.AgreementPartyFactory(agreement=agreement)
    few = queries(staff_client, url(agreement, "change", agreement.pk))
    f.AgreementPartyFactory.create_batch(8, agreement=agreement)
    assert queries(staff_client, url(agreement, "change", agreement.pk)) <= few + 2 * 8


def test_published_figure_list_adds_one_query_per_registry_count(staff_client, government):
    """Each figure's registry query counts something different, so each costs one query; the
    rest of the page stays constant."""
    query = {"model": "agreements.agreement", "filter": {"kind": "twinning"}}
    f.PublishedFigureFactory(home_government=government, registry_query=query)
    one = queries(staff_client, url(PublishedFigure, "changelist"))
    f.PublishedFigureFactory.create_batch(5, home_government=government, registry_query=query)
    f.PublishedFigureFactory.create_batch(5, home_government=government)
    assert queries(staff_client, url(PublishedFigure, "changelist")) == one + 5
