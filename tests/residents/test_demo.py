"""The demo data: 华林山社区 reproduces the seed document's figures, 小北沟社区 its essay's (seed_demo is slow-ish:
two tests, three runs)."""

from io import StringIO

from django.core.management import call_command

from community.models import Community
from grids.models import Building, Compound, Grid, OwnersCommittee, SubGrid, Unit
from residents import idnumber
from residents.models import Household, Resident
from residents.selectors import population_figures

MODELS = [Grid, SubGrid, Compound, OwnersCommittee, Building, Unit, Household, Resident]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "history": Resident.history.count() + Household.history.count()
    }


def test_seed_demo_gives_both_communities_the_figures_of_their_documents(db):
    call_command("seed_demo", stdout=StringIO())
    hls = Community.objects.get(code="HLS")
    xbg = Community.objects.get(code="XBG")

    fig = population_figures(hls)
    assert (fig.households, fig.persons) == (1517, 4101)
    assert (fig.minority_households, fig.minority_persons) == (532, 1436)
    assert str(fig.minority_share) == "35.0"
    assert {g.name for g in fig.groups} == {"回族", "东乡族", "保安族", "撒拉族"}
    assert fig.floating_persons > 0
    # Han–Hui families count once among minority households, and under each ethnicity they have.
    assert sum(g.households for g in fig.groups) > fig.minority_households
    # People who moved away or died are kept with their date, outside the figures.
    gone = Resident.objects.filter(community=hls).exclude(status="active")
    assert gone.filter(status="moved_out").exists() and gone.filter(status="deceased").exists()
    assert not gone.filter(status_date__isnull=True).exists()

    fig = population_figures(xbg)
    assert (fig.households, fig.persons) == (1078, 2906)
    assert {g.name: (g.households, g.persons) for g in fig.groups} == {
        "回族": (10, 24),
        "满族": (12, 35),
        "朝鲜族": (2, 7),
        "蒙古族": (3, 5),
        "锡伯族": (1, 1),
    }

    # Seven grids in HLS; the grid persona works in its 第一网格; some links are left for the gap view.
    assert list(Grid.objects.filter(community=hls).values_list("name", flat=True)) == [
        "第一网格",
        "第二网格",
        "第三网格",
        "第四网格",
        "第五网格",
        "第六网格",
        "第七网格",
    ]
    assert Grid.objects.get(community=hls, number=1).workers.filter(username="grid").exists()
    assert Unit.objects.filter(community=hls, head_name="").exists()
    assert Building.objects.filter(community=hls, head_name="").exists()

    # Exactly one active head (本人) per household.
    heads = Resident.objects.filter(relation="head", status="active")
    assert heads.count() == Household.objects.count() == heads.values("household").distinct().count()

    # Every ID number is valid, agrees with birth date and sex, and carries its community's area code.
    areas = {hls.pk: "620103", xbg.pk: "140302"}
    rows = list(Resident.objects.values_list("community_id", "id_number", "birth_date", "sex"))
    for community_id, number, birth, sex in rows:
        info = idnumber.parse(number)
        assert (info.birth_date, info.sex) == (birth, sex), number
        assert number.startswith(areas[community_id])
    assert len({(c, n) for c, n, _b, _s in rows}) == len(rows)
    # Pinyin is stored although bulk_create skips save(), so that search by initials finds them.
    assert not Resident.objects.filter(name_initials="").exists()


def test_seed_demo_a_second_time_changes_nothing(db):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert population_figures(Community.objects.get(code="HLS")).persons == 4101
