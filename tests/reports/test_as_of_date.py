"""Past figures do not change: every ledger is counted as it stood on the reference date.

The issue's case: a 低保 case active on 31 December and ended on 1 March disappeared from the year's figures,
so a regenerated report differed from the archived one.
"""

from datetime import date, timedelta

from django.utils import timezone

from outreach.models import Dispute
from outreach.services import dispute_save, member_remove
from reports.exporters import get_exporter
from reports.registry import community_figures, rows_for
from reports.services import report_generate
from residents.services import resident_status_record, resident_update
from tests.factories import HouseholdFactory, ResidentFactory
from tests.outreach.factories import DisputeFactory, MemberFactory, OrganisationFactory
from tests.welfare.factories import CaseFactory
from welfare.models import CaseStatus
from welfare.services import case_transition


def _last_year():
    today = timezone.localdate()
    return today.year - 1, date(today.year - 1, 12, 31)


def test_a_case_ended_after_the_reference_date_still_counts_on_it(world):
    year, on = _last_year()
    resident = ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="03")
    case = CaseFactory(resident=resident, start_on=date(year, 3, 1))
    before = community_figures(world.a, on, year)["低保人数"].value
    case_transition(
        case=case,
        to_status=CaseStatus.ENDED,
        actor=world.users["staff"],
        role="staff",
        reason="收入超标",
        version=case.version,
        on=timezone.localdate(),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ENDED
    figures = community_figures(world.a, on, year)
    assert before == figures["低保人数"].value == 1
    assert figures["少数民族低保人数"].value == 1
    _rows, listed = rows_for("welfare_persons:dibao", world.a, on, year)
    assert list(listed.values_list("resident_id", flat=True)) == [resident.pk]
    assert community_figures(world.a, timezone.localdate())["低保人数"].value == 0  # and today it has ended


def test_a_case_ending_on_the_reference_date_is_not_counted_on_it(world):
    """ "Had not ended by it": a case whose 结束日期 is the reference date no longer counts that day."""
    _year, on = _last_year()
    resident = ResidentFactory(household=HouseholdFactory(community=world.a))
    CaseFactory(resident=resident, start_on=on - timedelta(days=100), end_on=on)
    assert community_figures(world.a, on)["低保人数"].value == 0
    assert community_figures(world.a, on - timedelta(days=1))["低保人数"].value == 1


def test_a_case_applied_for_is_not_counted_until_it_is_approved(world):
    resident = ResidentFactory(household=HouseholdFactory(community=world.a))
    CaseFactory(resident=resident, status="reviewing", start_on=date(2020, 1, 1))
    assert community_figures(world.a, timezone.localdate())["低保人数"].value == 0


def test_a_category_dropped_later_still_counts_on_the_earlier_date(world):
    year, on = _last_year()
    resident = ResidentFactory(
        household=HouseholdFactory(community=world.a),
        ethnicity="03",
        is_hardship=True,
        political_status="party",
    )
    resident_update(
        resident=resident, actor=world.users["staff"], is_hardship=False, political_status="masses"
    )
    then = community_figures(world.a, on, year)
    now = community_figures(world.a, timezone.localdate())
    assert (then["少数民族困难家庭人数"].value, then["党员人数"].value) == (1, 1)
    assert (now["少数民族困难家庭人数"].value, now["党员人数"].value) == (0, 0)
    _rows, listed = rows_for("ledger:hardship", world.a, on, year)
    assert list(listed) == [resident]


def test_a_regenerated_past_report_equals_its_archived_figures(world):
    year, on = _last_year()
    community = world.a
    household = HouseholdFactory(community=community)
    hui = ResidentFactory(household=household, ethnicity="03", is_hardship=True)
    han = ResidentFactory(household=household, ethnicity="01", relation="spouse", sex="F")
    case = CaseFactory(resident=hui, start_on=date(year, 2, 1))
    dispute = DisputeFactory(community=community, received_on=date(year, 11, 2), status="mediating")
    team = OrganisationFactory(community=community, unregistered_members=5)
    member = MemberFactory(organisation=team, resident=han, name="")
    exporter = get_exporter("work-report")(community=community)
    form = {"year": year, "date": on.isoformat(), "format": "pdf"}
    archived = report_generate(exporter=exporter, form_data=form, actor=world.users["staff"])

    today = timezone.localdate()
    staff = world.users["staff"]
    case_transition(
        case=case,
        to_status=CaseStatus.ENDED,
        actor=staff,
        role="staff",
        reason="收入超标",
        version=case.version,
        on=today,
    )
    resident_update(resident=hui, actor=staff, is_hardship=False)
    resident_status_record(resident=han, actor=staff, status="moved_out", on=today)
    dispute_save(
        dispute=dispute,
        community=community,
        actor=staff,
        previous_status="mediating",
        status="resolved",
        closed_on=today,
        settled_level="compound",
        resolution="调解",
    )
    member_remove(member=member, actor=staff)
    assert Dispute.objects.get(pk=dispute.pk).status == "resolved"

    again = report_generate(exporter=exporter, form_data=form, actor=staff)
    assert again.version == archived.version + 1
    assert again.figures == archived.figures
    assert archived.figures["低保人数"]["value"] == "1" and archived.figures["已化解件数"]["value"] == "0"
    assert archived.figures["常住人口"]["value"] == "2" and archived.figures["志愿者人数"]["value"] == "6"
