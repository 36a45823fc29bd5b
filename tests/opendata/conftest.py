from tests.api.conftest import registry  # noqa: F401 — the same small registry
