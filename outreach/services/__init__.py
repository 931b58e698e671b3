"""Writes to the outreach ledgers (see each module). Each validates and writes its audit row."""

from .ledgers import *  # noqa: F403
