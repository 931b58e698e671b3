import pytest


def ensure_event_types() -> None:
    """Event types are loaded by a data migration; a transactional test's flush empties the table."""
    from importlib import import_module

    from django.apps import apps

    import_module("outreach.migrations.0002_event_types").load(apps, None)


@pytest.fixture(autouse=True)
def event_types(request):
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_event_types()
