"""The cached dashboards go stale the moment their community's ledgers change (community.ledger_versions)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from community.audit import AuditAction, log_action
from community.caching import version as scope_version
from community.ledger_versions import dashboard_scope
from tests.factories import HouseholdFactory, ResidentFactory


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def version(kind, pk):
    return scope_version(dashboard_scope(kind, pk))


def _resident(community):
    return ResidentFactory(household=HouseholdFactory(community=community), ethnicity="03")


def test_a_new_resident_shows_on_the_cached_dashboard_at_once(
    world, client_for, cached, django_capture_on_commit_callbacks
):
    client = client_for("secretary")
    url = reverse("dashboard:community", kwargs={"code": "HLS"})
    first = client.get(url)
    assert first["X-Dashboard-Cache"] == "miss"
    assert client.get(url)["X-Dashboard-Cache"] == "hit"
    before = first.context["figures"]["常住人口"].value or 0
    with django_capture_on_commit_callbacks(execute=True):
        _resident(world.a)
    response = client.get(url)
    assert response["X-Dashboard-Cache"] == "miss"
    assert response.context["figures"]["常住人口"].value == before + 1
    assert "本页数据计算于" in response.content.decode()


def test_reading_a_resident_leaves_the_dashboard_cached(
    world, client_for, cached, django_capture_on_commit_callbacks
):
    resident = _resident(world.a)
    client = client_for("secretary")
    url = reverse("dashboard:community", kwargs={"code": "HLS"})
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("residents:detail", kwargs={"code": "HLS", "pk": resident.pk}))
    assert page.status_code == 200
    assert client.get(url)["X-Dashboard-Cache"] == "hit"


def test_an_audited_write_without_model_signals_makes_the_dashboards_stale(
    world, cached, django_capture_on_commit_callbacks
):
    """The import writes by COPY (no post_save); its audit row is what says the ledgers changed."""
    community, street, other = (
        version("community", world.a.pk),
        version("street", world.street.pk),
        version("community", world.b.pk),
    )
    with django_capture_on_commit_callbacks(execute=True):
        log_action(AuditAction.RESIDENT_VIEW, community=world.a)
    assert version("community", world.a.pk) == community
    with django_capture_on_commit_callbacks(execute=True):
        log_action(AuditAction.RESIDENT_IMPORT, community=world.a)
    assert version("community", world.a.pk) != community
    assert version("street", world.street.pk) != street
    assert version("community", world.b.pk) == other  # a neighbour's dashboard stays cached


def test_one_bump_per_community_and_transaction_and_none_for_a_rolled_back_write(
    world, cached, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(3):
            _resident(world.a)
        _resident(world.c)
    bumps = [c.ledger_community for c in callbacks if hasattr(c, "ledger_community")]
    assert sorted(bumps) == sorted([world.a.pk, world.c.pk])
    before = version("community", world.a.pk)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _resident(world.a)
                raise RuntimeError
        except RuntimeError:
            pass
    assert version("community", world.a.pk) == before


def test_the_street_dashboard_goes_stale_with_any_of_its_communities_only(
    world, client_for, cached, django_capture_on_commit_callbacks
):
    client = client_for("street")
    url = reverse("street:dashboard", kwargs={"street_id": world.street.pk})
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        _resident(world.c)  # another street's community
    assert client.get(url)["X-Dashboard-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        _resident(world.b)
    response = client.get(url)
    assert response["X-Dashboard-Cache"] == "miss"
    assert "本页数据计算于" in response.content.decode()
