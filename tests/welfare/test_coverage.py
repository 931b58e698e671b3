"""Coverage figures against a hand-counted community with mixed-ethnicity households."""

from datetime import date

from django.urls import reverse

from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory, btype
from welfare.selectors import coverage

ON = date(2026, 6, 30)


def test_coverage_counts_persons_households_and_minority_shares(world):
    mixed = HouseholdFactory(community=world.a)
    han_head = ResidentFactory(household=mixed, ethnicity="01")
    hui_wife = ResidentFactory(household=mixed, ethnicity="03", relation="spouse", sex="F")
    hui = HouseholdFactory(community=world.a)
    hui_head = ResidentFactory(household=hui, ethnicity="03")
    han = HouseholdFactory(community=world.a)
    han_only = ResidentFactory(household=han, ethnicity="01")
    for person in (han_head, hui_wife, hui_head, han_only):
        CaseFactory(resident=person, start_on=date(2025, 1, 1))
    CaseFactory(resident=han_only, start_on=date(2025, 1, 1))  # a second case of the same person counts once
    CaseFactory(resident=hui_head, type=btype("medical_insurance"), start_on=date(2026, 1, 1))
    CaseFactory(
        resident=han_head,
        status="ended",
        start_on=date(2024, 1, 1),
        end_on=date(2025, 1, 1),
        type=btype("medical_insurance"),
    )
    CaseFactory(resident=han_only, status="applying", type=btype("medical_insurance"), start_on=None)
    CaseFactory(
        resident=hui_wife, start_on=date(2026, 7, 1), type=btype("medical_insurance")
    )  # starts after ON

    cov = coverage(world.a, ON)
    d = cov["dibao"]
    assert (d.persons, d.households, d.minority_persons, d.minority_households) == (4, 3, 2, 2)
    assert str(d.minority_person_share) == "50.0" and str(d.minority_household_share) == "66.7"
    m = cov["medical_insurance"]
    assert (m.persons, m.minority_persons) == (1, 1)


def test_the_case_list_costs_the_same_queries_for_5_and_50_cases(world, client_for, count_queries):
    client = client_for("staff")
    url = reverse("welfare:index", kwargs={"code": "HLS"})
    for _ in range(5):
        CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)))
    few = count_queries(lambda: client.get(url))
    for _ in range(45):
        CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)))
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership, switcher, types, count, page (cases + resident + ethnicity + grid),
    # grids and ethnicities of the filter form — 10
    assert few == many == 10, (few, many)


def test_the_due_list_costs_the_same_queries_for_5_and_50_cases(world, client_for, count_queries):
    client = client_for("staff")
    url = reverse("welfare:due", kwargs={"code": "HLS"})
    today = date.today()
    for _ in range(5):
        CaseFactory(
            resident=ResidentFactory(household=HouseholdFactory(community=world.a)), next_review_on=today
        )
    few = count_queries(lambda: client.get(url))
    for _ in range(45):
        CaseFactory(
            resident=ResidentFactory(household=HouseholdFactory(community=world.a)), next_review_on=today
        )
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership; the count and the page of cases due (with resident); the
    # switcher — 7
    assert few == many == 7, (few, many)


def test_grid_workers_see_only_their_grids_cases(world, client_for):
    mine = CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)))
    mine.household.grid.workers.add(world.users["grid"])
    other = CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)))
    client = client_for("grid")
    page = client.get(reverse("welfare:index", kwargs={"code": "HLS"}))
    assert [c.pk for c in page.context["page"]] == [mine.pk]
    assert client.get(reverse("welfare:detail", kwargs={"code": "HLS", "pk": other.pk})).status_code == 404


def test_housing_rows_count_the_households_members_and_flats_to_move_into_later(world):
    from datetime import timedelta

    from django.utils import timezone

    from welfare.selectors import housing_coverage

    today = timezone.localdate()
    home = HouseholdFactory(community=world.a)
    han = ResidentFactory(household=home, ethnicity="01")
    ResidentFactory(household=home, ethnicity="03", relation="spouse", sex="F")
    ResidentFactory(household=home, ethnicity="03", relation="son", residence_type="floating")  # not 常住
    later = CaseFactory(
        resident=han, type=btype("housing"), housing_mode="in_kind", start_on=today + timedelta(days=9)
    )
    other = ResidentFactory(household=HouseholdFactory(community=world.a), ethnicity="01")
    CaseFactory(
        resident=other, type=btype("housing"), housing_mode="subsidy", start_on=today + timedelta(days=9)
    )
    CaseFactory(resident=other, type=btype("housing"), housing_mode="subsidy", status="reviewing")
    rows = {h.key: h for h in housing_coverage(world.a, today)}
    assert (rows["arranged"].households, rows["arranged"].persons) == (1, 2)
    assert (rows["arranged"].minority_households, rows["arranged"].minority_persons) == (1, 1)
    assert rows["in_kind"].households == 0  # not moved in yet
    assert (
        rows["subsidy"].households == 0
    )  # a subsidy starting later, and one under review, are not in benefit
    assert later.status_label == "准备入住"
    assert housing_coverage(world.b, today)[0].households is None  # 小北沟 never recorded 廉租房: a gap
