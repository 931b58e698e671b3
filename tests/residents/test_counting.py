"""The population counting rules of DOMAIN.md against a hand-counted community."""

from datetime import date

from residents.selectors import population_figures, responsibility_chain
from tests.factories import HouseholdFactory, ResidentFactory, UnitFactory


def test_population_figures_follow_the_counting_rules(world):
    a = world.a
    han_hui = HouseholdFactory(community=a)
    ResidentFactory(household=han_hui, ethnicity="01", relation="head")
    ResidentFactory(household=han_hui, ethnicity="03", relation="spouse", sex="F")
    hui = HouseholdFactory(community=a)
    ResidentFactory(household=hui, ethnicity="03")
    ResidentFactory(household=hui, ethnicity="26", relation="son")  # 东乡族
    han = HouseholdFactory(community=a)
    ResidentFactory(household=han, ethnicity="01")
    ResidentFactory(household=han, ethnicity="03", relation="other", residence_type="floating")
    ResidentFactory(
        household=han, ethnicity="03", relation="son", status="moved_out", status_date=date(2025, 3, 1)
    )
    gone = HouseholdFactory(community=a)
    ResidentFactory(household=gone, ethnicity="35", status="deceased", status_date=date(2025, 5, 1))
    ResidentFactory(community=world.b, household=HouseholdFactory(community=world.b), ethnicity="03")

    fig = population_figures(a)
    assert (fig.persons, fig.households) == (5, 3)
    assert (fig.minority_persons, fig.minority_households) == (3, 2)
    assert fig.floating_persons == 1
    assert str(fig.minority_share) == "60.0"
    groups = {g.name: (g.households, g.persons) for g in fig.groups}
    assert groups == {"回族": (2, 2), "东乡族": (1, 1)}

    # On a date before the move-out and the death, those residents still count.
    earlier = population_figures(a, on=date(2025, 1, 1))
    assert (earlier.persons, earlier.households) == (7, 4)
    assert {g.name: g.persons for g in earlier.groups} == {"回族": 3, "东乡族": 1, "撒拉族": 1}


def test_the_chain_names_every_link_and_shows_gaps(world):
    unit = UnitFactory(building__compound__grid__community=world.a, head_name="单元长甲")
    household = HouseholdFactory(community=world.a, unit=unit)
    household.grid.cadre_name = "网格干部乙"
    ResidentFactory(household=household, name="户主丙")
    chain = responsibility_chain(household)
    assert [link.level for link in chain] == [
        "户主",
        "单元长",
        "楼长",
        "业主委员会",
        "物业经理",
        "包网格社区干部",
    ]
    assert [link.person for link in chain][0:2] == ["户主丙", "单元长甲"]
    assert chain[2].is_gap and chain[-1].person == "网格干部乙"
