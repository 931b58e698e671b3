"""Forms of the outreach ledgers (see each module)."""

from .ledgers import *  # noqa: F403
