"""Figures of the floating register and of the hardship households, from those registers' selectors.

Listed in ``reports/registry.py`` (the providers, ``ROWS``, the dashboard section and the street's check).
Nothing is counted here: the counting rules live in ``residents.floating.selectors`` and
``residents.hardship.selectors``, as of the reference date.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Sum

from residents.ethnicities import minority
from residents.floating import selectors as floating
from residents.hardship import selectors as hardship
from residents.hardship.models import HelpSource
from residents.models import Resident

from .figures import Figure, Rows


def _year_range(scope, arg: str = "") -> tuple[date, date]:
    """The report year up to the date, or one month of it (``arg`` "1"–"12")."""
    year_end = min(scope.on, date(scope.year, 12, 31))
    if not arg:
        return scope.start, year_end
    month = int(arg)
    if not 1 <= month <= 12:
        raise ValueError(arg)
    start = date(scope.year, month, 1)
    end = date(scope.year + month // 12, month % 12 + 1, 1)
    return start, min(year_end, end - timedelta(days=1))


def _stay_residents(stays):
    return Resident.objects.filter(pk__in=stays.values("resident_id"))


def _arrivals(scope, arg):
    return _stay_residents(floating.arrivals_between(scope.community, *_year_range(scope, arg)))


def _departures(scope, arg):
    return _stay_residents(floating.departures_between(scope.community, *_year_range(scope, arg)))


def _provinces(scope, arg):
    """One stay per origin province among the stays standing on the date, with the persons from it."""
    stays = floating.counted_stays(scope.community, scope.on)
    first = stays.filter(origin_province=OuterRef("origin_province")).order_by("pk").values("pk")[:1]
    persons = (
        stays.filter(origin_province=OuterRef("origin_province"))
        .values("origin_province")
        .annotate(n=Count("resident", distinct=True))
        .values("n")
    )
    return stays.filter(pk=Subquery(first)).annotate(persons=Subquery(persons))


def _help(scope, arg):
    given = hardship.help_given(scope.community, scope.start, scope.on)
    if arg:
        if arg not in HelpSource.values:
            raise ValueError(arg)
        given = given.filter(source=arg)
    return given


def _help_amount(scope, arg, given):
    return given.aggregate(n=Sum("amount"))["n"] or Decimal(0)


ROWS = {
    "floating_stays": Rows(
        "登记流动人口", "residents", lambda s, a: floating.counted_floating_residents(s.community, s.on)
    ),
    "floating_stays_minority": Rows(
        "少数民族流动人口",
        "residents",
        lambda s, a: floating.counted_floating_residents(s.community, s.on).filter(minority()),
    ),
    "floating_stays_ethnicity": Rows(
        "流动人口（按民族）",
        "residents",
        lambda s, a: floating.counted_floating_residents(s.community, s.on).filter(ethnicity_id=a),
    ),
    "floating_stays_province": Rows(
        "流动人口（按来源省份）",
        "residents",
        lambda s, a: _stay_residents(floating.counted_stays(s.community, s.on).filter(origin_province=a)),
    ),
    "floating_provinces": Rows("流动人口来源省份", "provinces", _provinces),
    "floating_arrivals": Rows("来社区登记的流动人口", "residents", _arrivals),
    "floating_departures": Rows("离开的流动人口", "residents", _departures),
    "floating_served_minority": Rows(
        "已服务的少数民族流动人口",
        "residents",
        lambda s, a: floating.served_minority_residents(s.community, s.on, s.start),
    ),
    "hardship_households": Rows(
        "困难家庭", "households", lambda s, a: hardship.hardship_households(s.community, s.on)
    ),
    "hardship_persons": Rows(
        "困难家庭人口", "residents", lambda s, a: hardship.hardship_persons(s.community, s.on)
    ),
    "hardship_minority_households": Rows(
        "少数民族困难家庭",
        "households",
        lambda s, a: hardship.hardship_households(s.community, s.on, minority=True),
    ),
    "hardship_minority_persons": Rows(
        "少数民族困难家庭人口",
        "residents",
        lambda s, a: hardship.hardship_persons(s.community, s.on, minority=True),
    ),
    "hardship_paired": Rows(
        "已结对帮扶的困难家庭", "households", lambda s, a: hardship.paired_households(s.community, s.on)
    ),
    "hardship_unpaired": Rows(
        "未结对的困难家庭", "households", lambda s, a: hardship.unpaired_households(s.community, s.on)
    ),
    "hardship_help": Rows("帮扶记录", "help", _help),
    "hardship_help_amount": Rows(
        "帮扶记录（金额）", "help", _help, total=_help_amount, total_label="金额合计（元）"
    ),
}


def floating_provider(community, on: date, year: int) -> dict:
    fig = floating.floating_figures(community, on, year)
    out = {
        "登记流动人口数": Figure("登记流动人口数", fig.persons, "人", "floating_stays"),
        "少数民族流动人口数": Figure(
            "少数民族流动人口数", fig.minority_persons, "人", "floating_stays_minority"
        ),
        "少数民族流动人口占比": Figure(
            "少数民族流动人口占比", fig.minority_share, "%", "floating_stays_minority"
        ),
        "流动人口来源省份数": Figure("流动人口来源省份数", fig.provinces, "个", "floating_provinces"),
        "本年来社区流动人口数": Figure("本年来社区流动人口数", fig.arrived, "人", "floating_arrivals"),
        "本年离开流动人口数": Figure("本年离开流动人口数", fig.departed, "人", "floating_departures"),
        "服务少数民族流动人口数": Figure(
            "服务少数民族流动人口数", fig.served_minority, "人", "floating_served_minority"
        ),
    }
    if not floating.register_kept(community):  # never kept: gaps, and the clauses citing them are left out
        out = {name: Figure(name, None, f.unit, f.rows_key) for name, f in out.items()}
    for group in fig.by_ethnicity:
        name = f"{group.name}流动人口数"
        out[name] = Figure(name, group.persons, "人", f"floating_stays_ethnicity:{group.key}")
    out["_floating"] = fig
    out["_floating_table"] = {
        "type": "table",
        "caption": "表  流动人口来源（统计截止日在住）",
        "header": ["来源省份", "人数"],
        "rows": [
            [g.name, Figure(g.name, g.persons, "人", f"floating_stays_province:{g.key}")]
            for g in fig.by_province
        ]
        or [["—", "尚无登记"]],
    }
    return out


def hardship_provider(community, on: date, year: int) -> dict:
    fig = hardship.hardship_figures(community, on, year)
    out = {
        "困难家庭户数": Figure("困难家庭户数", fig.households, "户", "hardship_households"),
        "困难家庭人口": Figure("困难家庭人口", fig.persons, "人", "hardship_persons"),
        "少数民族困难家庭户数": Figure(
            "少数民族困难家庭户数", fig.minority_households, "户", "hardship_minority_households"
        ),
        "少数民族困难家庭人口": Figure(
            "少数民族困难家庭人口", fig.minority_persons, "人", "hardship_minority_persons"
        ),
        "结对帮扶户数": Figure("结对帮扶户数", fig.paired, "户", "hardship_paired"),
        "未结对困难家庭户数": Figure("未结对困难家庭户数", fig.unpaired, "户", "hardship_unpaired"),
        "结对帮扶占比": Figure("结对帮扶占比", fig.paired_share, "%", "hardship_paired"),
        "本年帮扶次数": Figure("本年帮扶次数", fig.help_count, "次", "hardship_help"),
        "本年帮扶金额": Figure("本年帮扶金额", fig.help_amount, "元", "hardship_help_amount"),
    }
    for source in fig.by_source:
        name = f"本年{source.label}帮扶金额"
        out[name] = Figure(name, source.amount, "元", f"hardship_help_amount:{source.source}")
    if not hardship.register_kept(community):  # households are counted all the same (0 is 0 households),
        for name in [
            "结对帮扶户数",
            "未结对困难家庭户数",
            "本年帮扶次数",
            "本年帮扶金额",
        ]:  # help and pairs: gaps
            out[name] = Figure(name, None, out[name].unit, out[name].rows_key)
    out["_hardship"] = fig
    out["_hardship_table"] = {
        "type": "table",
        "caption": f"表  {year}年困难家庭帮扶（按来源）",
        "header": ["来源", "次数", "金额（元）"],
        "rows": [
            [
                s.label,
                Figure(s.label, s.count, "次", f"hardship_help:{s.source}"),
                Figure(s.label, s.amount, "元", f"hardship_help_amount:{s.source}"),
            ]
            for s in fig.by_source
        ],
    }
    return out


def registers_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    """The dashboard's floating-population and hardship panels (numbers from the figures above)."""
    fig = figures["_floating"]
    data["sections"].append(
        {
            "template": "reports/_dash_registers.html",
            "floating": fig,
            "hardship": figures["_hardship"],
            "unpaired": figures["_hardship"].unpaired,
            "months": [f"{m}月" for m in range(1, 13)],
            "month_rows": [
                (m, fig.arrivals[m - 1], fig.departures[m - 1])
                for m in range(1, 13)
                if fig.arrivals[m - 1] or fig.departures[m - 1]
            ],
        }
    )
    data["charts"]["floating_months"] = {
        "kind": "bar",
        "title": "每月流动人口来去",
        "labels": [f"{m}月" for m in range(1, 13)],
        "series": [{"name": "来社区", "data": fig.arrivals}, {"name": "离开", "data": fig.departures}],
    }


def check_pairing(street, on: date, year: int) -> dict:
    """The street office's completeness view: hardship households without a paired helper, per community."""
    communities = list(street.communities.order_by("name"))
    gaps = hardship.unpaired_by_community(communities, on)
    rows = [(c.name, f"未结对 {gaps.get(c.pk, 0)} 户", not gaps.get(c.pk)) for c in communities]
    return {"title": "困难家庭结对帮扶", "rows": rows}
