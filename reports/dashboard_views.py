"""Dashboards: the party secretary's view of a community and the street office's view of all of them.

Every number comes from the selectors (reports.figures, reports.selectors and the apps'); views only
arrange them. Each chart has its data table beside it; each number links to the rows behind it.
"""

from datetime import date, timedelta

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from community.caching import cached
from community.ledger_versions import dashboard_scope
from community.middleware import requires
from community.periods import period_from

from . import dashboard
from .information.selectors import street_table as information_table
from .models import InfoCategory
from .submissions.selectors import report_types, street_standings


def _communities(standings: dict) -> list:
    first = next(iter(standings.values()), [])
    return [s.community for s in first]


def _on(request) -> tuple[date, int]:
    """The reference date and year of the page (junk values fall back with a message: community.periods)."""
    period = period_from(request)
    return period.on, period.year


def _cached(kind: str, pk, key: str, compute):
    """The dashboard's figures from the shared cache (Redis when configured), computed on a miss, with
    whether they were there ("hit"/"miss"). The scope is forgotten on any write to the ledgers it counts
    (community.ledger_versions). ``computed_at`` says when the figures were computed; the page states it.
    """
    computed = []

    def fresh():
        computed.append(True)
        return {**compute(), "computed_at": timezone.now()}

    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return fresh(), "miss"
    data = cached(dashboard_scope(kind, pk), key, fresh, seconds=seconds)
    return data, "miss" if computed else "hit"


@requires("dashboard.view")
def community_dashboard(request, code):
    on, year = _on(request)
    page = {"on": on, "year": year, "month_ago": on - timedelta(days=30)}

    def compute():
        # The figures and their sections rendered once (most of a page's time): what the role may open is
        # linked, so the role is part of the key.
        data = dashboard.community_dashboard(request.community, on, year, access=request.access)
        return {**data, "body": render_to_string("reports/_dashboard_body.html", {**data, **page}, request)}

    data, state = _cached("community", request.community.pk, f"{on}:{year}:{request.access.role}", compute)
    template = "reports/dashboard_print.html" if request.GET.get("print") else "reports/dashboard.html"
    response = render(request, template, {**data, **page})
    response["X-Dashboard-Cache"] = state
    return response


@requires("reports.street")
def street_dashboard(request, street_id):
    street = request.street
    on, year = _on(request)
    sort = request.GET.get("sort", "")
    data, state = _cached(
        "street",
        street.pk,
        f"{on}:{year}:{sort}",
        lambda: dashboard.street_dashboard(street, on, year, sort=sort),
    )
    # Who has submitted what, and the information reports, are read fresh on every visit (never cached): a
    # report the street just accepted shows at once. Three queries each.
    standings = street_standings(street, year)
    submissions = [
        (c, [standings[report][i] for report in standings]) for i, c in enumerate(_communities(standings))
    ]
    response = render(
        request,
        "reports/street_dashboard.html",
        {
            **data,
            "street": street,
            "on": on,
            "year": year,
            "submissions": submissions,
            "submission_reports": [(r, label) for r, label in report_types() if r in standings],
            "information": information_table(street, year, on),
            "info_categories": InfoCategory.labels,
        },
    )
    response["X-Dashboard-Cache"] = state
    return response
