"""Base class of every report exporter."""

from datetime import date

from django import forms


class ExportError(Exception):
    """A report cannot be generated; the message is for the user (Chinese)."""


def default_reference_date(year: int, today: date | None = None) -> date:
    """Today for the current year (or a future one), the year's last day for a past year."""
    today = today or date.today()
    return today if year >= today.year else date(year, 12, 31)


class ReportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    date = forms.DateField(
        label="统计截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空：当年为今天，往年为12月31日",
    )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year and not data.get("date"):
            data["date"] = default_reference_date(year)
        elif year and data.get("date") and data["date"].year != year:
            self.add_error("date", "统计截止日期应在所选年度之内。")
        return data


class Exporter:
    """One report. Subclasses set the class attributes and implement ``render``."""

    identifier: str = ""
    verbose_name: str = ""
    permission: str = "reports.generate"
    scope: str = "community"  # "community" or "street"
    formats: tuple[str, ...] = ("pdf",)
    form_class = ReportForm

    def __init__(self, *, community=None, street=None):
        self.community = community
        self.street = street

    @staticmethod
    def form_data(cleaned: dict) -> dict:
        """Plain, JSON-able values only (a background worker can take them)."""
        return {
            "year": cleaned["year"],
            "date": cleaned["date"].isoformat(),
            "format": cleaned.get("format", "pdf"),
        }

    def figures(self, form_data: dict) -> dict:
        raise NotImplementedError

    def render(self, form_data: dict) -> tuple[str, str, bytes]:
        raise NotImplementedError
