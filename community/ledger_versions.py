"""Ledger versions: a number per community (and per street office) that changes whenever its ledgers do.

The dashboards are kept in the shared cache (Redis in production) under a key that carries these numbers,
so a write makes every cached dashboard of its community, and of its street office, stale at once: the
next visit computes it again. Writes are seen twice over:

- every save or delete of a model of the ledger apps that has a ``community_id`` (a ``post_save`` /
  ``post_delete`` receiver, in ``community.signals``), which catches the admin, commands and factories;
- every audited write (:func:`community.audit.log_action` of any action that is not a read), which catches
  what bypasses the model signals: the import's ``COPY``, ``bulk_update`` and ``QuerySet.update``.

The number changes when the write's transaction commits (a dashboard computed in between would otherwise
be cached as current), once per community and transaction. Versions start from the clock, not from 1, so a
version key lost from the cache never brings back dashboards cached under an earlier life of the same
number. Nothing is done while dashboards are not cached (``DASHBOARD_CACHE_SECONDS = 0``).
"""

import time
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import Community

#: The apps whose rows the dashboards count.
LEDGER_APPS = frozenset({"grids", "residents", "welfare", "outreach", "reports"})


def _key(kind: str, pk) -> str:
    return f"ledger-version:{kind}:{pk}"


def version(kind: str, pk) -> int:
    """The current version of community or street ``pk`` (``kind``: "community" or "street")."""
    key = _key(kind, pk)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    return value


def _bump(kind: str, pk) -> None:
    key = _key(kind, pk)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (never read, or evicted): any new number will do
        cache.set(key, time.time_ns(), None)


def _committed(community_id) -> None:
    _bump("community", community_id)
    street_id = Community.objects.filter(pk=community_id).values_list("street_id", flat=True).first()
    if street_id is not None:
        _bump("street", street_id)


def ledger_changed(community_id) -> None:
    """Say that community ``community_id``'s ledgers change in the current transaction."""
    if community_id is None or not settings.DASHBOARD_CACHE_SECONDS:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(func, "ledger_community", None) == community_id for _, func, _ in connection.run_on_commit
    ):
        return  # already to be bumped when this transaction commits
    bump = partial(_committed, community_id)
    bump.ledger_community = community_id
    transaction.on_commit(bump)
