"""Dashboard data: arranges the selectors' figures into sections, charts and tables. No counting here."""

from datetime import date, timedelta

from community.models import Community
from residents import selectors

from .exporters.street_rollup import rollup
from .registry import COMPLETENESS, SECTIONS, community_figures


def _chart(kind: str, title: str, labels: list, series: list[dict]) -> dict:
    """Plain data for static/js/dashboard.js (ECharts); the same numbers are in the section's table."""
    return {"kind": kind, "title": title, "labels": labels, "series": series}


def community_dashboard(community: Community, on: date, year: int, *, access=None) -> dict:
    figures = community_figures(community, on, year)
    pop = figures["_population"]
    composition = selectors.ethnic_composition(community, on)
    grids = selectors.population_by_grid(community, on)
    restricted = access.has("residents.view_restricted") if access else False
    categories = selectors.category_counts(community, on, include_restricted=restricted)
    changes = selectors.changes_since(community, on - timedelta(days=30), on)
    charts = {
        "composition": _chart(
            "pie",
            "常住人口民族构成",
            [r.name for r in composition if r.registered],
            [{"name": "常住", "data": [r.registered for r in composition if r.registered]}],
        ),
        "grids": _chart(
            "bar",
            "各网格常住人口",
            [g.name for g in grids],
            [
                {"name": "常住人口", "data": [g.persons for g in grids]},
                {"name": "少数民族", "data": [g.minority for g in grids]},
            ],
        ),
    }
    data = {
        "community": community,
        "figures": figures,
        "population": pop,
        "composition": composition,
        "grids": grids,
        "categories": categories,
        "changes": changes,
        "charts": charts,
        "kpis": [
            "常住人口",
            "常住户数",
            "少数民族人口",
            "少数民族占比",
            "少数民族户数",
            "流动人口",
            "网格数",
            "党员人数",
        ],
        "sections": [],
    }
    for contribute in SECTIONS:
        contribute(community, on, year, figures, data)
    return data


def street_dashboard(street, on: date, year: int, *, sort: str = "") -> dict:
    """Aggregates of every community of the street, side by side, with totals. No ID numbers."""
    header, rows, totals = rollup(street, on, year)
    communities = list(Community.objects.filter(street=street).order_by("name"))
    by_name = {c.name: c for c in communities}
    table = [{"community": by_name[row[0]], "values": row[1:]} for row in rows]
    keys = header[1:]
    if sort.lstrip("-") in keys:
        index = keys.index(sort.lstrip("-"))
        table.sort(
            key=lambda r: (r["values"][index] is None, r["values"][index] or 0), reverse=sort.startswith("-")
        )
    completeness = [check(street, on, year) for check in COMPLETENESS]
    charts = {
        "population": _chart(
            "bar",
            "各社区常住人口与少数民族人口",
            [r["community"].name for r in table],
            [
                {"name": "常住人口", "data": [r["values"][keys.index("常住人口")] for r in table]},
                {"name": "少数民族人口", "data": [r["values"][keys.index("少数民族人口")] for r in table]},
            ],
        )
    }
    return {
        "header": keys,
        "table": table,
        "totals": totals[1:],
        "sort": sort,
        "completeness": completeness,
        "charts": charts,
    }
