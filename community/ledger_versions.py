"""The cache scopes of the dashboards (community.caching), forgotten whenever a community's ledgers change.

A community's dashboard is cached under the scope ``dashboard:community:<id>``, a street office's under
``dashboard:street:<id>``; a write to a community's ledgers forgets both scopes, so the next visit computes
the figures again. Writes are seen twice over:

- every save or delete of a model of the ledger apps that has a ``community_id`` (a ``post_save`` /
  ``post_delete`` receiver, in ``community.signals``), which catches the admin, commands and factories;
- every audited write (:func:`community.audit.log_action` of any action that is not a read), which catches
  what bypasses the model signals: the import's ``COPY``, ``bulk_update`` and ``QuerySet.update``.

The scopes are forgotten when the write's transaction commits (a dashboard computed in between would
otherwise be cached as current), once per community and transaction. Nothing is done while dashboards are
not cached (``DASHBOARD_CACHE_SECONDS = 0``).
"""

from functools import partial

from django.conf import settings
from django.db import transaction

from .caching import forget
from .models import Community

#: The apps whose rows the dashboards count.
LEDGER_APPS = frozenset({"grids", "residents", "welfare", "outreach", "reports"})


def dashboard_scope(kind: str, pk) -> str:
    """The cache scope of the dashboard of community or street office ``pk`` (``kind``: "community"/"street")."""
    return f"dashboard:{kind}:{pk}"


def _committed(community_id) -> None:
    forget(dashboard_scope("community", community_id))
    street_id = Community.objects.filter(pk=community_id).values_list("street_id", flat=True).first()
    if street_id is not None:
        forget(dashboard_scope("street", street_id))


def ledger_changed(community_id) -> None:
    """Say that community ``community_id``'s ledgers change in the current transaction."""
    if community_id is None or not settings.DASHBOARD_CACHE_SECONDS:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(func, "ledger_community", None) == community_id for _, func, _ in connection.run_on_commit
    ):
        return  # already to be forgotten when this transaction commits
    forget_later = partial(_committed, community_id)
    forget_later.ledger_community = community_id
    transaction.on_commit(forget_later)
