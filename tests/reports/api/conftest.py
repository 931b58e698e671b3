import pytest
from django.test import Client

from tests.reports.api.helpers import bearer, issue


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.API_RATE_LIMIT = "100000/min"  # the rate test lowers it


@pytest.fixture
def api(world):
    """``api(url, raw, **params)`` → the response of a GET with that token (a client with no session)."""

    def get(url, raw=None, **params):
        return Client().get(url, params, headers=bearer(raw) if raw else {})

    return get


@pytest.fixture
def a_token(world):
    return issue(world)
