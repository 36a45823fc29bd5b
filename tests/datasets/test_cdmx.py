"""Mexico City's dataset (data/cdmx): it loads, reloads without change, cites the book, and
every published figure either matches the registry's own count or carries a quality flag."""

import pytest
from django.apps import apps

from ciudadglobal.actors.models import Actor
from ciudadglobal.core.models import RegistryRecord
from ciudadglobal.datasets.loader import load_dataset
from ciudadglobal.transparency.models import PublishedFigure
from tests.datasets.conftest import CDMX
from tests.datasets.test_loader import snapshot

pytestmark = pytest.mark.django_db

BOOK_LINES = 5367


def registry_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, RegistryRecord) and model._meta.concrete_model is model
    ]


def test_loading_again_changes_nothing(cdmx):
    before = snapshot()
    report = load_dataset(CDMX)
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == cdmx.load_report.created + cdmx.load_report.unchanged
    assert snapshot() == before


#: Records that are the platform's own definitions for the city (its indicator framework), not
#: facts of the book: they cite the book only where they take a figure from it.
OWN_DEFINITIONS = {"indicators"}


def test_every_record_cites_a_line_of_the_book(cdmx):
    uncited = []
    for model in registry_models():
        if model._meta.app_label in OWN_DEFINITIONS:
            continue
        records = model._default_manager.for_government(cdmx)
        if model is Actor:
            records = records.exclude(kind="home_government")
        for record in records:
            line = record.source_line or 0
            if record.source_id is None or not 0 < line <= BOOK_LINES:
                uncited.append(f"{model._meta.label} {record.dataset_key}")
    assert uncited == []


def test_every_published_figure_matches_the_registry_or_is_flagged(cdmx):
    """A figure the registry can count either equals that count, or an open quality flag
    explains why not: the book's contradictions are shown, never silently absorbed."""
    figures = PublishedFigure.objects.for_government(cdmx).exclude(registry_query=None)
    assert figures.count() >= 10
    unexplained = [
        f"{figure.dataset_key}: book {figure.value}, registry {figure.registry_count()}"
        for figure in figures.prefetch_related("flags")
        if figure.registry_count() != figure.value and not figure.flags.exists()
    ]
    assert unexplained == []


def test_every_foreign_government_is_on_the_map(cdmx):
    assert cdmx.load_report.unplaced_actors == []
