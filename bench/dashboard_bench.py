"""Both dashboards on a generated street office (20 communities × 5,000 residents = 100,000) on PostgreSQL.

Server time of each page (Django's test client in-process: middleware, selectors, templates; no cache)
beside the time of the bare SQL aggregates it needs, measured in the same run.
"""

from datetime import date

from .common import pass_second_factor, row, setup_django, timed

BARE_SQL = [
    # population by residence type and ethnicity (composition), with the household counts (headline figures)
    """SELECT ethnicity_id, residence_type, COUNT(*), COUNT(DISTINCT household_id) FROM residents_resident
       WHERE community_id = %s AND status = 'active' GROUP BY ethnicity_id, residence_type""",
    # per grid
    """SELECT h.grid_id, COUNT(*), COUNT(*) FILTER (WHERE r.ethnicity_id <> '01'), COUNT(DISTINCT r.household_id)
       FROM residents_resident r JOIN residents_household h ON h.id = r.household_id
       WHERE r.community_id = %s AND h.community_id = r.community_id AND r.status = 'active' AND r.residence_type = 'registered' GROUP BY h.grid_id""",
    # headline: persons, households, minority persons and households (distinct households)
    """SELECT COUNT(*), COUNT(DISTINCT household_id), COUNT(*) FILTER (WHERE ethnicity_id <> '01'),
       COUNT(DISTINCT household_id) FILTER (WHERE ethnicity_id <> '01') FROM residents_resident
       WHERE community_id = %s AND status = 'active' AND residence_type = 'registered'""",
    # categories, party members, retired cadres, disabled
    """SELECT COUNT(*) FILTER (WHERE is_hardship), COUNT(*) FILTER (WHERE is_unemployed), COUNT(*) FILTER (WHERE is_disabled),
       COUNT(*) FILTER (WHERE is_retired_cadre), COUNT(*) FILTER (WHERE is_correction),
       COUNT(*) FILTER (WHERE is_respected_elder), COUNT(*) FILTER (WHERE is_religious),
       COUNT(*) FILTER (WHERE is_minority_rep), COUNT(*) FILTER (WHERE political_status IN ('party', 'probationary'))
       FROM residents_resident WHERE community_id = %s AND status = 'active' AND residence_type = 'registered'""",
    # changes since a month ago: the headline then, arrivals, departures, deaths
    """SELECT COUNT(*) FILTER (WHERE residence_type = 'registered' AND (status = 'active' OR status_date > CURRENT_DATE - 30)
       AND (moved_in_on IS NULL OR moved_in_on <= CURRENT_DATE - 30)),
       COUNT(*) FILTER (WHERE moved_in_on > CURRENT_DATE - 30), COUNT(*) FILTER (WHERE status = 'moved_out'
       AND status_date > CURRENT_DATE - 30), COUNT(*) FILTER (WHERE status = 'deceased' AND status_date > CURRENT_DATE - 30)
       FROM residents_resident WHERE community_id = %s""",
]


def bare(community_ids) -> None:
    """The registry aggregates the dashboards need, as bare SQL, for each community (the baseline)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for cid in community_ids:
            for sql in BARE_SQL:
                cursor.execute(sql, [cid])
                cursor.fetchall()


def run(communities: int = 20, residents: int = 5000) -> None:
    setup_django("tx_bench_dashboards")
    from django.test import Client

    from community.models import Membership, User
    from residents.scale import generate

    print(f"generating 1 street × {communities} communities × {residents} residents …", flush=True)
    made = generate(1, communities, residents, seed=8)
    street = made[0].street
    secretary = User.objects.create(username="bench-secretary")
    Membership.objects.create(user=secretary, role="secretary", community=made[0])
    officer = User.objects.create(username="bench-street")
    Membership.objects.create(user=officer, role="street", street=street)
    on = date.today()

    c1 = Client()
    c1.force_login(secretary)
    c2 = Client()
    c2.force_login(officer)
    pass_second_factor(c2, officer)
    community_page = timed(lambda: c1.get(f"/c/{made[0].code}/dashboard/?date={on}"))
    community_sql = timed(lambda: bare([made[0].pk]))
    street_page = timed(lambda: c2.get(f"/street/{street.pk}/reports/dashboard/?date={on}"), repeat=3)
    street_sql = timed(lambda: bare([c.pk for c in made]), repeat=3)
    from django.conf import settings

    settings.DASHBOARD_CACHE_SECONDS = 300  # the pages as users mostly get them: from the shared cache
    cached_community = timed(lambda: c1.get(f"/c/{made[0].code}/dashboard/?date={on}"))
    cached_street = timed(lambda: c2.get(f"/street/{street.pk}/reports/dashboard/?date={on}"))
    print(f"\nDashboards, {communities * residents:,} residents on PostgreSQL (median of runs)")
    print(row("community dashboard, computed", community_page, community_sql))
    print(row("community dashboard, from the cache", cached_community, community_sql))
    print(row(f"street dashboard ({communities} communities), computed", street_page, street_sql))
    print(row("street dashboard, from the cache", cached_street, street_sql))
