"""The population panel on the community overview."""

import pytest
from django.urls import reverse

from residents.panels import overview_panel
from tests.factories import HouseholdFactory, ResidentFactory


@pytest.fixture(autouse=True)
def only_the_registry_panel(monkeypatch):
    """The overview with the registry's panel alone: other apps' panels are tested by their own tests
    (and may be half-built while this one is checked)."""
    from community import selectors

    monkeypatch.setattr(
        selectors, "overview_panels", lambda request: [p for p in [overview_panel(request)] if p]
    )


def _overview(world):
    return reverse("community:overview", kwargs={"code": world.a.code})


def _populate(world, n: int) -> None:
    """``n`` active 常住 residents of A in households of up to five: every third is 回族; one floating."""
    household = None
    for i in range(n):
        if i % 5 == 0:
            household = HouseholdFactory(community=world.a)
        ResidentFactory(
            household=household,
            relation="head" if i % 5 == 0 else "son",
            ethnicity="03" if i % 3 == 0 else "01",
        )
    ResidentFactory(household=household, relation="other", residence_type="floating", ethnicity="26")


def test_staff_see_the_population_figures_with_links_to_the_lists(world, client_for):
    _populate(world, 6)  # households of 5 and 1; 回族 are residents 0 and 3 (first household)
    response = client_for("staff").get(_overview(world))
    assert response.status_code == 200
    panel = next(p for p in response.context["panels"] if p["template"] == "residents/_overview_panel.html")
    figures = panel["context"]["figures"]
    assert (figures.households, figures.persons, figures.floating_persons) == (2, 6, 1)
    assert (figures.minority_households, figures.minority_persons) == (1, 2)
    html = response.content.decode()
    assert 'data-testid="figure-persons"' in html
    assert "33.3%" in html
    assert "回族" in html and "东乡族" not in html  # the floating 东乡族 resident is not counted
    assert "ethnicity=03" in html and "residence_type=floating" in html


def test_the_street_office_sees_the_figures_but_no_links_to_resident_lists(world, client_for):
    _populate(world, 6)
    response = client_for("street").get(_overview(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="population-panel"' in html
    assert 'data-testid="figure-minority-share"' in html and "33.3%" in html
    assert reverse("residents:list", kwargs={"code": world.a.code}) not in html


def test_a_community_without_residents_shows_zeros_and_no_share(world, client_for):
    html = client_for("secretary").get(_overview(world)).content.decode()
    assert 'data-testid="population-panel"' in html
    assert "暂无少数民族常住居民" in html


@pytest.mark.parametrize("persona", ["staff", "street"])
def test_the_overview_costs_the_same_queries_for_5_and_50_residents(
    world, client_for, count_queries, persona
):
    client = client_for(persona)
    url = _overview(world)
    _populate(world, 5)
    client.get(url)  # warm up: session, permissions cache
    five = count_queries(lambda: client.get(url))
    _populate(world, 45)
    fifty = count_queries(lambda: client.get(url))
    # Session, user, community and membership (access), the population figures (totals with the floating
    # residents, per ethnicity: two), the user's communities (switcher) — none per resident; staff also the
    # floating register's reminders (one aggregate), the street office its second-factor device (django-otp,
    # required for the role) and no reminders (it may not open the register).
    assert five == fifty == 8


def test_the_overview_leads_to_the_floating_registers_reminders_in_the_users_scope(world, client_for):
    import datetime

    from tests.factories import HouseholdFactory
    from tests.floating.helpers import make_stay

    today = datetime.date.today()
    make_stay(
        household=HouseholdFactory(community=world.a),
        arrived_on=today - datetime.timedelta(days=40),
        permit_expires=today + datetime.timedelta(days=10),
    )
    html = client_for("staff").get(_overview(world)).content.decode()
    assert 'data-testid="floating-reminders"' in html
    assert "居住证30天内到期（含已过期）1 人" in html and "来社区后尚未走访服务 1 人" in html
    assert "其中超过一个月 1 人" in html
    assert reverse("floating:list", kwargs={"code": world.a.code}) + "?reminder=permit" in html
    street = client_for("street").get(_overview(world)).content.decode()
    assert 'data-testid="floating-reminders"' not in street
