"""Disputes: settling-level shares (hand-counted), the overdue list, petitions and the status flow."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from community.models import AuditLog
from outreach import selectors, services
from tests.conftest import with_edit_token
from tests.outreach.factories import DisputeFactory

TODAY = datetime.date(2026, 11, 28)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def cases(world):
    """12 cases of 2026: 6 settled in a compound, 2 by the community, 1 at the street, 1 reported
    upward (a petition), 1 in mediation past its deadline, 1 just received; plus a 2025 case."""
    closed = {"closed_on": datetime.date(2026, 3, 1), "resolution": "已化解"}
    for _ in range(6):
        DisputeFactory(community=world.a, status="resolved", settled_level="compound", **closed)
    for _ in range(2):
        DisputeFactory(community=world.a, status="resolved", settled_level="community", **closed)
    DisputeFactory(community=world.a, status="resolved", settled_level="street", **closed)
    DisputeFactory(community=world.a, status="reported", settled_level="street", is_petition=True, **closed)
    DisputeFactory(community=world.a, status="mediating", deadline=datetime.date(2026, 11, 1))
    DisputeFactory(community=world.a, status="accepted", deadline=datetime.date(2026, 12, 10))
    DisputeFactory(community=world.a, received_on=datetime.date(2025, 6, 1), status="accepted")
    DisputeFactory(community=world.b, status="accepted", deadline=datetime.date(2026, 1, 1))


def test_the_settling_shares_are_over_closed_cases(world, cases):
    figures = selectors.dispute_figures(world.a, *YEAR, today=TODAY)
    assert figures.total == 12
    assert figures.closed == 10
    assert figures.by_level == {"compound": 6, "community": 2, "street": 2}
    assert str(figures.compound_share) == "60.0"  # 6 / 10
    assert str(figures.community_share) == "80.0"  # (6 + 2) / 10


def test_statuses_petitions_and_overdue_cases_are_counted(world, cases):
    figures = selectors.dispute_figures(world.a, *YEAR, today=TODAY)
    assert figures.by_status == {"accepted": 1, "mediating": 1, "resolved": 9, "reported": 1}  # by value
    assert figures.status_counts == [("受理", 1), ("调处中", 1), ("已化解", 9), ("已上报", 1)]
    assert figures.open == 2
    assert figures.petitions == 1
    assert figures.overdue == 1
    assert selectors.overdue_disputes(world.a, TODAY).count() == 1


def test_no_closed_case_means_no_share(world):
    figures = selectors.dispute_figures(world.a, *YEAR, today=TODAY)
    assert figures.compound_share is None


def test_the_overdue_list_shows_only_open_cases_past_their_deadline(world, client_for):
    DisputeFactory(
        community=world.a, summary="超期的纠纷", status="mediating", deadline=datetime.date(2020, 1, 1)
    )
    DisputeFactory(
        community=world.a, summary="按期的纠纷", status="mediating", deadline=datetime.date(2099, 1, 1)
    )
    html = client_for("secretary").get("/c/HLS/outreach/disputes/?overdue=1").content.decode()
    assert "超期的纠纷" in html and "按期的纠纷" not in html


def test_a_settled_case_needs_its_level_closing_date_and_resolution(world):
    dispute = DisputeFactory(community=world.a)
    with pytest.raises(ValidationError) as exc:
        services.dispute_save(
            dispute=dispute,
            community=world.a,
            actor=world.users["staff"],
            previous_status="accepted",
            status="resolved",
        )
    assert {"settled_level", "closed_on", "resolution"} <= set(exc.value.error_dict)


def test_a_settled_case_cannot_be_reopened(world):
    dispute = DisputeFactory(
        community=world.a,
        status="resolved",
        settled_level="compound",
        closed_on=datetime.date(2026, 3, 1),
        resolution="已化解",
    )
    with pytest.raises(ValidationError):
        services.dispute_save(
            dispute=dispute,
            community=world.a,
            actor=world.users["staff"],
            previous_status="resolved",
            status="accepted",
        )


def test_staff_settle_a_case_through_the_form_and_it_is_audited(world, client_for):
    dispute = DisputeFactory(community=world.a, status="mediating")
    client, url = client_for("staff"), f"/c/HLS/outreach/disputes/{dispute.pk}/"
    response = client.post(
        url,
        with_edit_token(
            client,
            url,
            {
                "received_on": "2026-02-01",
                "summary": dispute.summary,
                "category": "neighbour",
                "status": "resolved",
                "settled_level": "compound",
                "resolution": "双方握手言和",
                "closed_on": "2026-02-05",
            },
        ),
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.status, dispute.settled_level) == ("resolved", "compound")
    assert AuditLog.objects.filter(action="outreach.dispute.update", object_id=str(dispute.pk)).exists()


def test_a_secretary_reads_a_case_but_cannot_change_it(world, client_for):
    dispute = DisputeFactory(community=world.a)
    client = client_for("secretary")
    assert client.get(f"/c/HLS/outreach/disputes/{dispute.pk}/").status_code == 200
    assert client.post(f"/c/HLS/outreach/disputes/{dispute.pk}/", {"status": "resolved"}).status_code == 403


def test_no_outreach_page_deletes_a_record():
    from outreach.urls import urlpatterns

    # Only a membership row can be removed (a person leaving a team, the row kept with its date) and an item
    # of a plan still in draft (after approval an item is withdrawn with a reason and kept); ledgers are
    # never deleted.
    removing = [p.name for p in urlpatterns if "delete" in p.name or "remove" in p.name]
    assert removing == ["member_remove", "plan_item_delete"]


def test_a_new_dispute_gets_a_default_deadline_30_days_after_receipt(world, client_for):
    from datetime import date, timedelta

    from outreach.models import Dispute

    client = client_for("staff")
    html = client.get("/c/HLS/outreach/disputes/new/").content.decode()
    assert f'name="deadline" value="{date.today() + timedelta(days=30):%Y-%m-%d}"' in html
    response = client.post(
        "/c/HLS/outreach/disputes/new/",
        {
            "received_on": "2026-03-02",
            "summary": "楼上漏水",
            "category": Dispute._meta.get_field("category").choices[0][0],
            "status": "accepted",
            "deadline": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Dispute.objects.get().deadline == date(2026, 4, 1)
