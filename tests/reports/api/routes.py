"""The read API in the permission matrix. API calls carry a token, not a session: each persona calls
with the token its organisation would hold, so the matrix walks the API's scoping like the pages'.

- anonymous, sysadmin: no token → 401 (a session is not a token);
- staff: a ledgers token of community A; secretary: a figures-only token of A (ledgers → 403);
- grid: a revoked token of A → 401; street: a ledgers token of A's street;
- outsider: a ledgers token of community B, auditor: of the other street → 404 on A and on A's street.
"""

from tests.reports.api.helpers import bearer, issue
from tests.routes import Route

ALL = ["anonymous", "staff", "secretary", "grid", "street", "outsider", "auditor", "sysadmin"]


def _token(world, persona) -> dict:
    from reports.api.tokens import token_revoke
    from reports.models import ApiToken

    if persona in {"anonymous", "sysadmin"}:
        return {}
    if persona == "staff":
        raw = issue(world)
    elif persona == "secretary":
        raw = issue(world, view="figures")
    elif persona == "grid":
        raw = issue(world)
        token_revoke(token=ApiToken.objects.latest("created_at"), actor=None)
    elif persona == "street":
        raw = issue(world, street=world.street)
    elif persona == "outsider":
        raw = issue(world, community=world.b)
    else:  # auditor: a token of the other street
        raw = issue(world, street=world.other_street)
    return bearer(raw)


NO_TOKEN = {"anonymous": 401, "sysadmin": 401, "grid": 401}
FIGURES = {**NO_TOKEN, "staff": 200, "secretary": 200, "street": 200, "outsider": 404, "auditor": 404}
LEDGERS = {**FIGURES, "secretary": 403}
STREET = {**NO_TOKEN, "staff": 404, "secretary": 404, "street": 200, "outsider": 404, "auditor": 404}
PUBLIC = dict.fromkeys(ALL, 200)
#: Every ledger endpoint (the URL names of ``reports.api.views.LEDGERS``), each in the matrix.
LEDGER_NAMES = [
    "residents",
    "households",
    "welfare_cases",
    "events",
    "visits",
    "disputes",
    "organisations",
    "floating_residents",
    "hardship_households",
    "religious_sites",
    "religious_figures",
    "joint_visits",
    "halal_establishments",
    "halal_inspections",
    "halal_complaints",
    "honours",
    "commendations",
    "facilities",
    "funding",
    "trainings",
]


def api(expect, kwargs=lambda w: {"code": w.a.code}) -> Route:
    assert set(expect) == set(ALL)
    return Route(expect=expect, kwargs=kwargs, headers=_token)


def _community_archive(world):
    from tests.reports.routes import _community_archive

    return _community_archive(world)


def _street_archive(world):
    from tests.reports.routes import _archive

    return _archive(world)


ROUTES = {
    "api:schema": Route(expect=PUBLIC),
    "api:docs": Route(expect=PUBLIC),
    "api:scope": api({**FIGURES, "outsider": 200, "auditor": 200}, kwargs=lambda w: {}),
    "api:community_figures": api(FIGURES),
    **{f"api:{name}": api(LEDGERS) for name in LEDGER_NAMES},
    "api:community_reports": api(FIGURES),
    "api:community_report_file": api(
        FIGURES, kwargs=lambda w: {"code": w.a.code, "pk": _community_archive(w).pk}
    ),
    "api:street_figures": api(STREET, kwargs=lambda w: {"street_id": w.street.pk}),
    "api:street_reports": api(STREET, kwargs=lambda w: {"street_id": w.street.pk}),
    "api:street_report_file": api(
        STREET, kwargs=lambda w: {"street_id": w.street.pk, "pk": _street_archive(w).pk}
    ),
}
