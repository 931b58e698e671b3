"""The outreach panel on the community overview: this year's events by type, propaganda totals,
visits this month and open disputes (figures from ``selectors`` only)."""

from datetime import date

from django.db.models import Exists, F, Q

from . import selectors


def overview_panel(request):
    community = request.community
    today = date.today()
    year_start, year_end = selectors.year_range(today.year)
    month_start, _month_end = selectors.month_range(today)
    disputes = selectors.dispute_figures(community, date(2000, 1, 1), today)
    return {
        "title": "宣传与走访",
        "template": "outreach/_overview_panel.html",
        "context": {
            "year": today.year,
            "events": [(name, n) for name, n in selectors.events_by_type(community, today.year).items()],
            "propaganda": selectors.propaganda_totals(community, year_start, year_end),
            "visits": selectors.visit_figures(community, month_start, today),
            "disputes": disputes,
            "show_links": request.access.has("outreach.view"),
            "show_correction": selectors.can_see_restricted(request.access),
            # This year's plan against what was done, month by month (roles that read the plan).
            "plan": selectors.plans.plan_progress(community, today.year, today)
            if request.access.has("outreach.plan_view")
            else None,
            "month": today.month,
        },
    }


def resident_panel(request, resident):
    """On a resident's page: the events they attended, their visits, disputes and teams, their offices
    at a religious site and their commendations.

    One query asks which of these the resident has at all (most have none: then it is the only one), then
    one reads each kind they have. The 责任书 of a person under correction are read for restricted roles
    only, the religious offices for roles reading the liaison register, the commendations for roles reading
    创建.
    """
    access = request.access
    if access is None or not access.has("outreach.view"):
        return None
    their_visits = selectors.visits_for(access).filter(
        Q(resident=resident) | Q(resident__isnull=True, household_id=resident.household_id)
    )
    their_offices = selectors.liaison.figures_for(access).filter(resident=resident)
    # kind → (whether the resident has any, how the panel reads them)
    kinds = {
        "events": (
            resident.outreach_events.all(),
            lambda: resident.outreach_events.select_related("type").order_by("-date")[:5],
        ),
        "visits": (their_visits, lambda: their_visits.order_by("-date")[:5]),
        "disputes": (
            resident.outreach_disputes.all(),
            lambda: resident.outreach_disputes.order_by("-received_on")[:5],
        ),
        "teams": (
            resident.outreach_memberships.all(),
            lambda: resident.outreach_memberships.select_related("organisation").order_by(
                "organisation__name"
            ),
        ),
    }
    if resident.is_correction and selectors.can_see_restricted(access):
        kinds["agreements"] = (
            resident.outreach_agreements.all(),
            lambda: resident.outreach_agreements.order_by("-signed_on")[:3],
        )
    if access.has("outreach.liaison_view"):
        kinds["offices"] = (
            their_offices,
            lambda: their_offices.order_by(F("left_on").desc(nulls_first=True)),
        )
    if access.has("outreach.creation_view"):
        kinds["commendations"] = (
            resident.outreach_commendations.all(),
            lambda: resident.outreach_commendations.order_by("-awarded_on")[:5],
        )
    present = (
        type(resident)
        .objects.filter(pk=resident.pk)
        .values(**{name: Exists(has) for name, (has, _read) in kinds.items()})
        .first()
    )
    if not present or not any(present.values()):
        return None
    found = {name: list(read()) if present[name] else [] for name, (_has, read) in kinds.items()}
    events, visits, disputes, teams = found["events"], found["visits"], found["disputes"], found["teams"]
    agreements = found.get("agreements", [])
    offices = found.get("offices", [])
    commendations = found.get("commendations", [])
    return {
        "title": "宣传与走访",
        "template": "outreach/_resident_panel.html",
        "context": {
            "events": events,
            "visits": visits,
            "disputes": disputes,
            "teams": teams,
            "agreements": agreements,
            "offices": offices,
            "commendations": commendations,
        },
    }
