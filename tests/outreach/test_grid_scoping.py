"""Finding 6 (Medium): grid workers saw and changed residents outside their grids on the event, dispute
and organisation pages — names, ethnicity, addresses; a grid worker removed another grid's organisation
member; editing an event silently dropped 16 participants of other grids."""

import pytest
from django.urls import reverse

from tests.conftest import with_edit_token
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import DisputeFactory, EventFactory, MemberFactory, OrganisationFactory


@pytest.fixture
def people(world):
    """Two residents of the grid worker's grid and sixteen of another grid."""
    mine = HouseholdFactory(community=world.a)
    mine.grid.workers.add(world.users["grid"])
    own = [
        ResidentFactory(household=mine, name=f"本格{i}", relation="head" if i == 0 else "son")
        for i in range(2)
    ]
    others = [
        ResidentFactory(household=HouseholdFactory(community=world.a), name=f"他格{i}", ethnicity="03")
        for i in range(16)
    ]
    return own, others


def _code():
    return {"code": "HLS"}


def test_finding_6_the_event_page_names_only_the_grid_workers_residents(world, client_for, people):
    own, others = people
    event = EventFactory(community=world.a)
    event.participants.set([*own, *others])
    page = client_for("grid").get(reverse("outreach:event_detail", kwargs={**_code(), "pk": event.pk}))
    text = page.content.decode()
    assert all(p.name in text for p in own)
    assert not any(p.name in text for p in others) and others[0].household.address not in text
    assert "另有 16 名其他网格的居民" in text
    # staff see everyone
    staff_text = client_for("staff").get(reverse("outreach:event_detail", kwargs={**_code(), "pk": event.pk}))
    assert all(p.name in staff_text.content.decode() for p in others)


def test_finding_6_editing_an_event_keeps_the_participants_the_grid_worker_cannot_see(
    world, client_for, people
):
    own, others = people
    event = EventFactory(community=world.a)
    event.participants.set([*own, *others])
    client = client_for("grid")
    url = reverse("outreach:event_edit", kwargs={**_code(), "pk": event.pk})
    form_page = client.get(url).content.decode()
    assert not any(p.name in form_page for p in others) and "另有 16 名其他网格的居民" in form_page
    data = {
        "type": event.type.pk,
        "title": "改名的座谈会",
        "date": "2026-03-08",
        "status": "held",
        "other_participants": 0,
        "participants": [str(own[0].pk)],
    }
    response = client.post(url, with_edit_token(client, url, data))
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.title == "改名的座谈会"
    assert set(event.participants.all()) == {own[0], *others}  # one own removed, none of the 16 dropped


def test_finding_6_a_grid_worker_cannot_add_another_grids_resident_to_an_event(world, client_for, people):
    own, others = people
    event = EventFactory(community=world.a)
    client = client_for("grid")
    url = reverse("outreach:event_edit", kwargs={**_code(), "pk": event.pk})
    data = {
        "type": event.type.pk,
        "title": event.title,
        "date": "2026-03-08",
        "status": "held",
        "other_participants": 0,
        "participants": [str(others[0].pk)],
    }
    response = client.post(url, with_edit_token(client, url, data))
    assert response.status_code == 200 and "不在您的管辖范围内" in response.content.decode()
    assert not event.participants.exists()


def test_finding_6_the_dispute_list_and_form_name_only_the_grid_workers_parties(world, client_for, people):
    own, others = people
    dispute = DisputeFactory(community=world.a, status="mediating")
    dispute.parties.set([own[0], others[0], others[1]])
    client = client_for("grid")
    listing = client.get(reverse("outreach:disputes", kwargs=_code())).content.decode()
    assert own[0].name in listing and others[0].name not in listing and "另有其他网格居民" in listing
    # searching another grid's party by name finds nothing
    found = client.get(reverse("outreach:disputes", kwargs=_code()), {"q": others[0].name})
    assert dispute not in list(found.context["page"])
    url = reverse("outreach:dispute_edit", kwargs={**_code(), "pk": dispute.pk})
    assert others[0].name not in client.get(url).content.decode()
    data = {
        "received_on": "2026-02-01",
        "summary": dispute.summary,
        "category": "neighbour",
        "status": "mediating",
        "parties": [str(own[0].pk)],
    }
    assert client.post(url, with_edit_token(client, url, data)).status_code == 302
    assert set(dispute.parties.all()) == {own[0], others[0], others[1]}


def test_finding_6_a_grid_worker_neither_sees_nor_removes_another_grids_organisation_member(
    world, client_for, people
):
    own, others = people
    team = OrganisationFactory(community=world.a)
    theirs = MemberFactory(organisation=team, resident=others[0], name="")
    ours = MemberFactory(organisation=team, resident=own[0], name="")
    client = client_for("grid")
    page = client.get(
        reverse("outreach:organisation_detail", kwargs={**_code(), "pk": team.pk})
    ).content.decode()
    assert own[0].name in page and others[0].name not in page and "其他网格居民" in page
    remove = reverse("outreach:member_remove", kwargs={**_code(), "pk": team.pk, "member_pk": theirs.pk})
    assert client.post(remove).status_code == 404
    assert team.members.filter(pk=theirs.pk).exists()
    own_remove = reverse("outreach:member_remove", kwargs={**_code(), "pk": team.pk, "member_pk": ours.pk})
    assert client.post(own_remove).status_code == 302
    assert not team.members.filter(pk=ours.pk).exists()
