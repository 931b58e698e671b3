import pytest

from tests.reports.api.helpers import bearer, issue


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.API_RATE_LIMIT = "100000/min"  # the rate test lowers it


@pytest.fixture
def api(world, client):
    """``api(url, raw, **params)`` → the JSON response of a GET with that token (no session)."""

    def get(url, raw=None, **params):
        client.logout()
        return client.get(url, params, headers=bearer(raw) if raw else {})

    return get


@pytest.fixture
def a_token(world):
    return issue(world)
