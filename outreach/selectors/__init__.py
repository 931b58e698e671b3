"""Scoped reads of the outreach ledgers and the figures taken from them.

``ledgers``: events, propaganda, visits, agreements, disputes, organisations (re-exported here);
``liaison``, ``halal``, ``creation``: the religious-liaison, 清真 and 创建 registers; ``figures``: the
figures of those registers, each with its rows.
"""

from . import creation, figures, halal, liaison, plans  # noqa: F401
from .ledgers import *  # noqa: F403
from .ledgers import _visited_household, _visited_resident  # noqa: F401
