"""Base class of every report exporter."""

from community.periods import PeriodForm, default_reference_date

__all__ = ["ExportError", "Exporter", "ReportForm", "default_reference_date", "register", "REGISTRY"]


class ExportError(Exception):
    """A report cannot be generated; the message is for the user (Chinese)."""


class ReportForm(PeriodForm):
    """The period form of every page, with the year required (a report is always of one year)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = True
        self.fields["year"].error_messages["required"] = "请填写年度。"

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


#: Identifier → exporter class, filled by ``@register`` as ``community_reports`` and ``street_rollup`` load.
REGISTRY: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.identifier in REGISTRY:
        raise ValueError(f"exporter {cls.identifier!r} registered twice")
    REGISTRY[cls.identifier] = cls
    return cls
