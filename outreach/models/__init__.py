"""The outreach ledgers' models, one module per part of the work.

``ledgers``: events, propaganda, visits, agreements, disputes, organisations, units and religious sites.
``liaison``: religious figures, the monthly joint visits with a religious site.
``halal``: 清真 shops and canteens, their inspections and complaints.
``creation``: the 民族团结进步创建 record (示范, commendations, facilities, funding, training).
``plans``: the plan ledger (年度工作计划: items, approval snapshot, amendments).
"""

from .creation import *  # noqa: F403
from .halal import *  # noqa: F403
from .ledgers import *  # noqa: F403
from .ledgers import agreement_path, agreement_storage  # noqa: F401  (named by migrations)
from .liaison import *  # noqa: F403
from .plans import *  # noqa: F403
