"""信息报送 in the figures, the rows behind them and the community dashboard.

Counting rule: the reports a community *submitted* from 1 January of the report year up to the end of the
reference date (the date it was submitted, not the date of what it reports on), by category and month.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from ..figures import Figure, Rows, Scope
from ..models import InfoCategory, InformationReport
from .selectors import counts

TOTAL = "信息报送件数"
CATEGORY_FIGURES = {value: f"{label}信息件数" for value, label in InfoCategory.choices}
DEFINITIONS = {
    TOTAL: "当年1月1日至统计截止日社区向街道报送的信息件数（按报送日期计，不论签收与否）。",
    **{
        name: f"当年1月1日至统计截止日社区报送的“{InfoCategory(value).label}”类信息件数（按报送日期计）。"
        for value, name in CATEGORY_FIGURES.items()
    },
}


def _until(on: date) -> datetime:
    return datetime.combine(on + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())


def _reports(scope: Scope, arg: str):
    """The reports the figure counts; ``arg`` a category, or ``YYYY-MM`` (a month of the year), or ''."""
    start = datetime(scope.year, 1, 1, tzinfo=timezone.get_current_timezone())
    end = min(_until(scope.on), datetime(scope.year + 1, 1, 1, tzinfo=timezone.get_current_timezone()))
    qs = InformationReport.objects.filter(
        community=scope.community, submitted_at__gte=start, submitted_at__lt=end
    )
    if arg in InfoCategory.values:
        return qs.filter(category=arg)
    if arg:
        year, _, month = arg.partition("-")
        if not (year == str(scope.year) and month.isdigit() and 1 <= int(month) <= 12):
            raise ValueError(arg)
        return qs.filter(submitted_at__month=int(month))
    return qs


def _title(scope: Scope, arg: str) -> str:
    if arg in InfoCategory.values:
        return f"{scope.year}年报送的{InfoCategory(arg).label}信息"
    if arg:
        return f"{arg[:4]}年{int(arg[5:])}月报送的信息"
    return f"{scope.year}年报送的信息"


def provider(community, on: date, year: int) -> dict:
    """信息报送件数 and one figure per category. One query."""
    c = counts(Q(community=community), year, on) if on.year == year else None
    if c is None:  # a reference date outside the report year: counted up to the year's end
        c = counts(Q(community=community), year, min(on, date(year, 12, 31)))
    out = {TOTAL: Figure(TOTAL, c.total, "件", "information")}
    for value, name in CATEGORY_FIGURES.items():
        out[name] = Figure(name, c.by_category[value], "件", f"information:{value}")
    out["_information"] = c
    return out


def section(community, on: date, year: int, figures: dict, data: dict) -> None:
    c = figures["_information"]
    data["sections"].append(
        {
            "template": "reports/information/_dash_section.html",
            "year": year,
            "categories": [
                (InfoCategory(v).label, c.by_category[v], f"information:{v}") for v in InfoCategory.values
            ],
            "months": [(m, sum(c.by_month[m].values()), f"information:{year}-{m:02d}") for m in range(1, 13)],
            "total": (c.total, "information"),
        }
    )


ROWS = {"information": Rows(_title, "information", _reports)}
