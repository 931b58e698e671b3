"""The period of a page — a year and a reference date — read from its query string, validated once.

Every page that takes ``?year=`` / ``?date=`` (dashboards, the street pages, narratives, the rows behind a
figure, the outreach lists) reads them through :func:`period_from`: a value that is not a year of the
portal (``abc``, ``1``, ``99999``) or not a date (``2026-02-30``) falls back to the default with a Chinese
message, never a server error. The report form (``reports.exporters.base.ReportForm``) is the same form
with the year required.
"""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib import messages
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 2000
MAX_YEAR = 2100


def default_reference_date(year: int, today: date | None = None) -> date:
    """Today for the current year (or a future one), the year's last day for a past year."""
    today = today or date.today()
    return today if year >= today.year else date(year, 12, 31)


def safe_date(text: str | None) -> date | None:
    """A date from ISO text, or None for anything else (``2026-02-30`` included: parse_date raises)."""
    try:
        return parse_date(text or "")
    except ValueError:
        return None


class PeriodForm(forms.Form):
    """年度 and 统计截止日期, with the messages a clerk reads next to the field."""

    year = forms.IntegerField(
        label=_("年度"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        error_messages={
            "invalid": _("年度应为 %(min)s 至 %(max)s 之间的年份。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            "min_value": _("年度应为 %(min)s 至 %(max)s 之间的年份。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            "max_value": _("年度应为 %(min)s 至 %(max)s 之间的年份。") % {"min": MIN_YEAR, "max": MAX_YEAR},
        },
    )
    date = forms.DateField(
        label=_("统计截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空：当年为今天，往年为12月31日"),
        error_messages={"invalid": _("统计截止日期不是有效的日期（如 2026-02-30 不存在）。")},
    )

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value is not None and not (MIN_YEAR <= value.year <= MAX_YEAR):
            raise forms.ValidationError(
                _("统计截止日期应在 %(min)s 年至 %(max)s 年之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
        return value


@dataclass(frozen=True)
class Period:
    year: int
    on: date
    problems: list[str] = field(default_factory=list)


def read_period(params, *, today: date | None = None) -> Period:
    """The year and reference date of ``params`` (a QueryDict or dict); invalid values fall back.

    - no year: the date's year (default today's);
    - no date: :func:`default_reference_date` of the year;
    - a date outside the year: the year wins (the page's year field was changed, its date field not).
    """
    today = today or date.today()
    form = PeriodForm({"year": params.get("year", ""), "date": params.get("date", "")})
    form.is_valid()
    problems = [str(error) for errors in form.errors.values() for error in errors]
    year = form.cleaned_data.get("year") if "year" not in form.errors else None
    on = form.cleaned_data.get("date") if "date" not in form.errors else None
    if year is None:
        year = on.year if on else today.year
    if on is None or on.year != year:
        on = default_reference_date(year, today)
    return Period(year=year, on=on, problems=problems)


def period_from(request, *, today: date | None = None) -> Period:
    """:func:`read_period` of the request's query string; each problem is shown as a warning message."""
    period = read_period(request.GET, today=today)
    for problem in period.problems:
        messages.warning(
            request,
            _("%(problem)s已改为显示 %(year)s 年（截止 %(on)s）。")
            % {"problem": problem, "year": period.year, "on": period.on.isoformat()},
        )
    return period


def year_from(request, *, today: date | None = None) -> int:
    """Only the year (pages without a reference date: the street's archive, the outreach lists)."""
    return period_from(request, today=today).year
