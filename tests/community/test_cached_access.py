"""The user's access to a community is cached between requests (community.caching): a change to a
membership, a community or a street office must take effect at the very next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.access import ACCESS_SCOPE, _read_access, resolve_access
from community.models import Membership

OVERVIEW = reverse("community:overview", kwargs={"code": "HLS"})
CREATE = reverse("residents:create", kwargs={"code": "HLS"})


def membership_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum('"community_membership"' in q["sql"] for q in ctx.captured_queries)


def test_the_second_request_reads_the_access_from_the_cache(world, client_for):
    client = client_for("staff")
    assert membership_queries(client, OVERVIEW) == 2  # the access, the community switcher
    assert membership_queries(client, OVERVIEW) == 0


def test_a_revoked_membership_is_refused_at_the_next_request(world, client_for):
    client = client_for("staff")
    assert client.get(OVERVIEW).status_code == 200
    assert client.get(OVERVIEW).status_code == 200  # served from the cache
    Membership.objects.filter(user=world.users["staff"], community=world.a).delete()
    assert client.get(OVERVIEW).status_code == 404


def test_a_lowered_role_loses_its_permission_at_the_next_request(world, client_for):
    client = client_for("staff")
    assert client.get(CREATE).status_code == 200
    membership = Membership.objects.get(user=world.users["staff"], community=world.a)
    membership.role = "secretary"
    membership.save()
    assert client.get(CREATE).status_code == 403


def test_a_street_office_moved_away_loses_the_community(world, client_for):
    client = client_for("street")
    assert client.get(OVERVIEW).status_code == 200
    world.a.street = world.other_street
    world.a.save()
    assert client.get(OVERVIEW).status_code == 404


def test_a_deactivated_user_is_refused_whatever_the_cache_holds(world, client_for):
    client = client_for("staff")
    assert client.get(OVERVIEW).status_code == 200
    user = world.users["staff"]
    user.is_active = False
    user.save()
    assert client.get(OVERVIEW).status_code in (302, 404)  # signed out (sessions ended) or refused


def test_a_grant_reaches_the_community_switcher_at_once(world, client_for):
    client = client_for("staff")
    assert "切换社区" not in client.get(OVERVIEW).content.decode()
    Membership.objects.create(user=world.users["staff"], role="staff", community=world.b)
    assert "切换社区" in client.get(OVERVIEW).content.decode()


def test_a_value_stored_by_another_request_before_the_revocation_committed_is_not_served(
    world, django_capture_on_commit_callbacks
):
    """Another process may read the old rows between the change and its commit and store them under the
    version the change had just set: the commit sets a new version again."""
    user = world.users["staff"]
    before = _read_access(user, "HLS")
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=user, community=world.a).delete()
        # what a request in another process, still seeing the committed membership, would store now
        version = cache.get(f"tongxin:version:{ACCESS_SCOPE}")
        cache.set(f"tongxin:{ACCESS_SCOPE}:{user.pk}:HLS", (version, before))
        assert resolve_access(user, "HLS") == before  # the stale value is there until the commit...
    with pytest.raises(Http404):  # ...and not after it
        resolve_access(user, "HLS")
