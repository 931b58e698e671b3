import pytest
from django.db import IntegrityError
from django.http import Http404
from django.urls import reverse

from community.access import communities_for_user, resolve_access
from community.models import Membership


def test_the_street_office_reaches_every_community_of_its_street_and_no_other(world, client_for):
    client = client_for("street")
    assert client.get(reverse("community:overview", kwargs={"code": "HLS"})).status_code == 200
    assert client.get(reverse("community:overview", kwargs={"code": "XBG"})).status_code == 200
    assert client.get(reverse("community:overview", kwargs={"code": "OTH"})).status_code == 404


def test_an_unknown_community_and_a_foreign_one_look_the_same(world, client_for):
    client = client_for("outsider")
    missing = client.get("/c/NOPE/")
    foreign = client.get("/c/HLS/")
    assert missing.status_code == foreign.status_code == 404


def test_the_street_office_home_lists_its_communities(world, client_for):
    response = client_for("street").get(reverse("home"))
    assert response.status_code == 200
    names = [c.name for c in response.context["communities"]]
    assert names == ["华林山社区", "小北沟社区"]


def test_staff_land_on_their_communitys_overview(world, client_for):
    response = client_for("staff").get(reverse("home"))
    assert response["Location"] == reverse("community:overview", kwargs={"code": "HLS"})


def test_a_user_of_two_communities_gets_a_list_and_a_switcher(world, client_for):
    Membership.objects.create(user=world.users["staff"], role="staff", community=world.b)
    client = client_for("staff")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = client.get(reverse("community:overview", kwargs={"code": "XBG"}))
    assert "切换社区" in page.content.decode()


def test_the_overview_shows_the_community_name(world, client_for):
    page = client_for("secretary").get(reverse("community:overview", kwargs={"code": "HLS"}))
    assert "华林山社区" in page.content.decode()
    assert page.context["access"].role == "secretary"


def test_resolve_access_refuses_inactive_users(world):
    user = world.users["staff"]
    user.is_active = False
    with pytest.raises(Http404):
        resolve_access(user, "HLS")


def test_communities_for_user_includes_the_street(world):
    assert {c.code for c in communities_for_user(world.users["street"])} == {"HLS", "XBG"}


def test_a_street_role_needs_a_street_not_a_community(world):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=world.users["staff"], role="street", community=world.a)


@pytest.mark.parametrize("created_first", ["street", "community"])
def test_a_community_membership_beats_a_street_membership_whatever_the_database(world, created_first):
    """The same user as the street office of A's street and a grid worker of A: in A they are the grid
    worker (on SQLite and PostgreSQL alike, whichever membership was recorded first); in B the street office."""
    user = world.users["street"] if created_first == "street" else world.users["grid"]
    if created_first == "street":
        Membership.objects.create(user=user, role="grid_worker", community=world.a)
    else:
        Membership.objects.create(user=user, role="street", street=world.street)
    assert resolve_access(user, "HLS").role == "grid_worker"
    assert resolve_access(user, "XBG").role == "street"
