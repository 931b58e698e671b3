"""The registry's panel on the community overview: the headline population figures.

Every figure comes from ``selectors.population_figures`` (the counting rules, three queries whatever
the number of residents); nothing is counted here or in the template. Where the resident list or a
ledger can show the rows behind a figure, the figure links there — for roles that may open it.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .floating import selectors as floating
from .models import ResidenceType
from .selectors import PopulationFigures, percent, population_figures


@dataclass
class GroupRow:
    code: str
    name: str
    households: int
    persons: int
    share: object  # Decimal of 常住人口, or None
    url: str | None


def _url(name: str, code: str, params: dict | None = None, **kwargs) -> str:
    """The page behind a figure (a mistyped name fails loudly, it does not quietly drop the link)."""
    url = reverse(name, kwargs={"code": code, **kwargs})
    return f"{url}?{urlencode(params)}" if params else url


def overview_panel(request):
    """常住户数, 常住人口, 少数民族户数/人数 and share, 流动人口, and the table per ethnicity.

    Shown to the roles that read the registry and to the street office (aggregates only: the street
    office gets no links, since it may not open the resident list).
    """
    access = getattr(request, "access", None)
    if access is None or not (access.has("residents.view") or access.has("community.view")):
        return None
    figures: PopulationFigures = population_figures(access.community)
    code = access.community.code
    links = access.has("residents.view")
    registered = {"residence_type": ResidenceType.REGISTERED}

    def link(name, params=None, **kwargs):
        return _url(name, code, params, **kwargs) if links else None

    groups = [
        GroupRow(
            g.code,
            g.name,
            g.households,
            g.persons,
            percent(g.persons, figures.persons),
            link("residents:list", {**registered, "ethnicity": g.code}),
        )
        for g in figures.groups
    ]
    reminders = None
    if links:  # the floating register's reminders, in the user's scope (grid workers: their grids)
        reminders = floating.reminders(floating.floating_for(access), date.today())
    return {
        "title": _("人口与民族构成"),
        "template": "residents/_overview_panel.html",
        "context": {
            "figures": figures,
            "groups": groups,
            "grid_scoped": access.grid_scoped,
            "reminders": reminders,
            "urls": {
                "persons": link("residents:list", registered),
                "minority_persons": link("residents:ledger", registered, key="minority"),
                "floating": link("residents:list", {"residence_type": ResidenceType.FLOATING}),
                "ledgers": link("residents:ledgers"),
                "permits": link("floating:list", {"reminder": "permit"}),
                "unvisited": link("floating:list", {"reminder": "unvisited"}),
            },
        },
    }
