"""Coordination fixtures; the Mexico City dataset fixture is shared with tests/datasets."""

from tests.datasets.conftest import cdmx  # noqa: F401 - re-exported as a fixture
