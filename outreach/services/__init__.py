"""Writes to the outreach ledgers. Each validates (full_clean) and writes its audit row.

``ledgers``: events, propaganda, visits, agreements, disputes, organisations (re-exported here);
``liaison``, ``halal``, ``creation``: the religious-liaison, 清真 and 创建 registers.
"""

from . import creation, halal, liaison, plans  # noqa: F401
from .ledgers import *  # noqa: F403
