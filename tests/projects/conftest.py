"""Fixtures of the projects' tests: the factories of the IATI rows, registered next to their
only users."""

from pytest_factoryboy import register

from tests import factories as f

register(f.ProjectSectorFactory)
register(f.ProjectBudgetFactory)
register(f.ProjectTransactionFactory)
register(f.RelatedActivityFactory)
