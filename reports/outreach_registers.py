"""Figures of religious liaison, 清真 oversight, the 创建 record and the organisations, for reports,
narratives and dashboards — taken from ``outreach.selectors.figures``, where each is counted on the
rows its link opens (``outreach:figure_rows``).

Listed in ``reports/registry.py``: a figure provider, a dashboard section and a check of the street
office's completeness view.
"""

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from outreach.selectors import figures as register_figures
from outreach.selectors import liaison

from .figures import Figure

# The figures the dashboard section shows, by group (keys of outreach.selectors.figures.FIGURES).
DASHBOARD_GROUPS = [
    ("宗教事务联络", ["sites", "religious_figures", "joint_done", "joint_due", "joint_overdue", "talks"]),
    ("清真食品监管", ["halal_shops", "halal_inspections", "halal_open", "halal_complaints_open"]),
    (
        "民族团结进步创建",
        ["model_households", "model_workplaces", "commendations", "facilities", "funding", "trainings"],
    ),
    (
        "协会、队伍与特色党小组",
        [
            "associations",
            "association_members",
            "teams",
            "team_members",
            "party_groups",
            "party_group_members",
        ],
    ),
]


def rows_url(community, key: str, on: date, year: int) -> str:
    url = reverse("outreach:figure_rows", kwargs={"code": community.code, "key": key})
    return f"{url}?{urlencode({'date': on.isoformat(), 'year': year})}"


def registers_provider(community, on: date, year: int) -> dict:
    """Every figure of the registers by its name (``{宗教场所数}``), linked to its rows."""
    values = register_figures.register_figures(community, on, year)
    out = {}
    for key, definition in register_figures.FIGURES.items():
        out[definition.name] = Figure(
            definition.name,
            values[key],
            definition.unit,
            url=rows_url(community, key, on, year),
            definition=definition.definition,
        )
    out["_registers"] = values
    return out


def registers_section(community, on: date, year: int, figures: dict, data: dict) -> None:
    """The dashboard's card of the registers; figures link to their rows for those who may open them."""
    defs = register_figures.FIGURES
    data["sections"].append(
        {
            "template": "reports/_dash_outreach_registers.html",
            "groups": [
                (title, [figures[defs[key].name] for key in keys]) for title, keys in DASHBOARD_GROUPS
            ],
        }
    )


def check_joint_visits(street, on: date, year: int) -> dict:
    """Street completeness: each community's monthly joint visits this year (overdue months, this month).

    Three queries whatever the number of communities.
    """
    communities = list(street.communities.order_by("name"))
    counts = liaison.joint_visits_by_community([c.pk for c in communities], date(year, 1, 1), on)
    rows = []
    for c in communities:
        if c.pk not in counts:
            rows.append((c.name, "未安排", True))
        else:
            overdue, pending = counts[c.pk]
            rows.append((c.name, f"逾期 {overdue} 次，本月待走访 {pending} 处", overdue == 0))
    return {"title": "每月与宗教场所联合走访", "rows": rows}
