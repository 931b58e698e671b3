"""Scoped reads of the outreach ledgers and the figures taken from them (see each module)."""

from .ledgers import *  # noqa: F403
from .ledgers import _visited_household, _visited_resident  # noqa: F401
