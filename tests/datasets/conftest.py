from pathlib import Path

import pytest
from django.db import transaction

from ciudadglobal.datasets.loader import load_dataset
from ciudadglobal.tenants.models import HomeGovernment

CDMX = Path(__file__).resolve().parents[2] / "data" / "cdmx"


@pytest.fixture(scope="module")
def cdmx(django_db_setup, django_db_blocker):
    """Mexico City's whole dataset, loaded once per test module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_dataset(CDMX)
        government = HomeGovernment.objects.get(slug="cdmx")
        government.load_report = report
        yield government
        transaction.set_rollback(True)
