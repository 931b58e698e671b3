"""Reads every page makes and that rarely change, kept in Django's cache (Redis in production, the process's
memory otherwise) and forgotten the moment what they were read from changes.

Each value is stored beside the *version* of its scope (``"access"``, ``"tree:<community id>"``) it was read
under. A change replaces the scope's version with a new random one (``forget``), so every value read
before it stops matching and is read again from the database. ``forget`` runs twice: at once, for the rest
of the changing request and transaction, and again when the transaction commits, because a request in
another process may have read the old rows and stored them under the first new version in between.

The version is random rather than a counter: a version lost from the cache (evicted, or the cache
restarted) is replaced by a new one, never by a number an old value was stored under. Values also expire
after :data:`CACHE_SECONDS`, for writes that bypass the model signals (``QuerySet.update``, raw SQL).
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

#: How long a value may be served at most, whatever its version says.
CACHE_SECONDS = 300
_MISSING = object()


def _version_key(scope: str) -> str:
    return f"tongxin:version:{scope}"


def forget(scope: str) -> None:
    """Make every value of ``scope`` stale: now, and again once the current transaction commits."""
    cache.set(_version_key(scope), uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(_version_key(scope), uuid.uuid4().hex, None))


def version(scope: str) -> str:
    """The current version of ``scope`` (a new one when the cache holds none)."""
    value = cache.get(_version_key(scope))
    if value is None:
        cache.add(_version_key(scope), uuid.uuid4().hex, None)
        value = cache.get(_version_key(scope))
    return value


def cached(scope: str, key: str, compute: Callable[[], T], *, seconds: int = CACHE_SECONDS) -> T:
    """The value of ``key`` in ``scope``, from the cache when it was stored under the scope's current
    version, else from ``compute()`` (and stored). One cache round trip when the value is there.
    ``None`` is never stored but read again each time (a refused page is not worth a place in the cache).
    ``seconds`` bounds how long the value is kept, whatever its version says."""
    full_key = f"tongxin:{scope}:{key}"
    found = cache.get_many([_version_key(scope), full_key])
    version = found.get(_version_key(scope))
    entry = found.get(full_key, _MISSING)
    if version is not None and entry is not _MISSING and entry[0] == version:
        return entry[1]
    if version is None:
        fresh = uuid.uuid4().hex
        cache.add(_version_key(scope), fresh, None)  # a concurrent ``forget`` or reader may have set one
        version = cache.get(_version_key(scope)) or fresh
    value = compute()
    if value is not None:
        cache.set(full_key, (version, value), seconds)
    return value
