"""Figures of the floating register and of the hardship households, from those registers' selectors.

``register()`` (called by ``reports.providers.register``) adds the providers to ``figures.PROVIDERS``, the
rows behind each figure to ``figures.ROWS``, and a dashboard section. Nothing is counted here: the counting
rules live in ``residents.floating.selectors`` and ``residents.hardship.selectors``, as of the reference date.
"""

from datetime import date, timedelta

from residents.floating import selectors as floating
from residents.hardship import selectors as hardship
from residents.models import Resident

from .figures import Figure, Rows

HAN = "01"


def _year_start(on: date) -> date:
    return date(on.year, 1, 1)


def _month_range(on: date, arg: str) -> tuple[date, date]:
    """The year of ``on`` up to it, or one month of it (``arg`` "1"–"12")."""
    if not arg:
        return _year_start(on), on
    month = int(arg)
    if not 1 <= month <= 12:
        raise ValueError(arg)
    start = date(on.year, month, 1)
    end = date(on.year + month // 12, month % 12 + 1, 1)
    return start, min(on, end - timedelta(days=1))


def _stay_residents(stays):
    return Resident.objects.filter(pk__in=stays.values("resident_id"))


def _arrivals(community, on, arg):
    start, end = _month_range(on, arg)
    return _stay_residents(floating.arrivals_between(community, start, end))


def _departures(community, on, arg):
    start, end = _month_range(on, arg)
    return _stay_residents(floating.departures_between(community, start, end))


ROWS = {
    "floating_stays": Rows("登记流动人口", "residents", lambda c, on, a: floating.counted_floating_residents(c, on)),
    "floating_stays_minority": Rows(
        "少数民族流动人口", "residents",
        lambda c, on, a: floating.counted_floating_residents(c, on).exclude(ethnicity_id=HAN),
    ),
    "floating_stays_ethnicity": Rows(
        "流动人口（按民族）", "residents",
        lambda c, on, a: floating.counted_floating_residents(c, on).filter(ethnicity_id=a),
    ),
    "floating_stays_province": Rows(
        "流动人口（按来源省份）", "residents",
        lambda c, on, a: _stay_residents(floating.counted_stays(c, on).filter(origin_province=a)),
    ),
    "floating_arrivals": Rows("来社区登记的流动人口", "residents", _arrivals),
    "floating_departures": Rows("离开的流动人口", "residents", _departures),
    "floating_served_minority": Rows(
        "已服务的少数民族流动人口", "residents",
        lambda c, on, a: floating.served_minority_residents(c, on, _year_start(on)),
    ),
    "hardship_households": Rows("困难家庭", "households", lambda c, on, a: hardship.hardship_households(c, on)),
    "hardship_persons": Rows("困难家庭人口", "residents", lambda c, on, a: hardship.hardship_persons(c, on)),
    "hardship_minority_households": Rows(
        "少数民族困难家庭", "households", lambda c, on, a: hardship.hardship_households(c, on, minority=True)
    ),
    "hardship_minority_persons": Rows(
        "少数民族困难家庭人口", "residents", lambda c, on, a: hardship.hardship_persons(c, on, minority=True)
    ),
    "hardship_unpaired": Rows("未结对的困难家庭", "households", lambda c, on, a: hardship.unpaired_households(c, on)),
}  # fmt: skip


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
        "流动人口来源省份数": Figure("流动人口来源省份数", len(fig.by_province), "个"),
        "本年来社区流动人口数": Figure("本年来社区流动人口数", sum(fig.arrivals), "人", "floating_arrivals"),
        "本年离开流动人口数": Figure("本年离开流动人口数", sum(fig.departures), "人", "floating_departures"),
        "服务少数民族流动人口数": Figure(
            "服务少数民族流动人口数", fig.served_minority, "人", "floating_served_minority"
        ),
    }
    for group in fig.by_ethnicity:
        name = f"{group.name}流动人口数"
        out[name] = Figure(name, group.persons, "人", f"floating_stays_ethnicity:{group.key}")
    out["_floating"] = fig
    out["_floating_table"] = {
        "type": "table",
        "caption": "表  流动人口来源（统计截止日在住）",
        "header": ["来源省份", "人数"],
        "rows": [[g.name, Figure(g.name, g.persons, "人", f"floating_stays_province:{g.key}")]
                 for g in fig.by_province] or [["—", "尚无登记"]],
    }  # fmt: skip
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
        "结对帮扶户数": Figure("结对帮扶户数", fig.paired, "户"),
        "未结对困难家庭户数": Figure(
            "未结对困难家庭户数", fig.households - fig.paired, "户", "hardship_unpaired"
        ),
        "结对帮扶占比": Figure("结对帮扶占比", fig.paired_share, "%"),
        "本年帮扶次数": Figure("本年帮扶次数", fig.help_count, "次"),
        "本年帮扶金额": Figure("本年帮扶金额", fig.help_amount, "元"),
    }
    for source in fig.by_source:
        out[f"本年{source.label}帮扶金额"] = Figure(f"本年{source.label}帮扶金额", source.amount, "元")
    out["_hardship"] = fig
    out["_hardship_table"] = {
        "type": "table",
        "caption": f"表  {year}年困难家庭帮扶（按来源）",
        "header": ["来源", "次数", "金额（元）"],
        "rows": [[s.label, s.count, Figure(s.label, s.amount, "元")] for s in fig.by_source],
    }
    return out


def registers_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    """The dashboard's floating-population and hardship panels (numbers from the figures above)."""
    fig = figures["_floating"]
    data["sections"].append({
        "template": "reports/_dash_registers.html", "floating": fig, "hardship": figures["_hardship"],
        "unpaired": figures["_hardship"].households - figures["_hardship"].paired,
        "months": [f"{m}月" for m in range(1, 13)],
        "month_rows": [(m, fig.arrivals[m - 1], fig.departures[m - 1]) for m in range(1, 13)
                       if fig.arrivals[m - 1] or fig.departures[m - 1]],
    })  # fmt: skip
    data["charts"]["floating_months"] = {
        "kind": "bar", "title": "每月流动人口来去", "labels": [f"{m}月" for m in range(1, 13)],
        "series": [{"name": "来社区", "data": fig.arrivals}, {"name": "离开", "data": fig.departures}],
    }  # fmt: skip


def check_pairing(street, on: date, year: int) -> dict:
    """The street office's completeness view: hardship households without a paired helper, per community."""
    rows = []
    for community in street.communities.order_by("name"):
        gaps = hardship.unpaired_households(community, on).count()
        rows.append((community.name, f"未结对 {gaps} 户", gaps == 0))
    return {"title": "困难家庭结对帮扶", "rows": rows}


def register(figures, dashboard) -> None:
    figures.ROWS.update(ROWS)
    figures.PROVIDERS.extend([floating_provider, hardship_provider])
    dashboard.SECTIONS.append(registers_section)
    dashboard.COMPLETENESS.append(check_pairing)
