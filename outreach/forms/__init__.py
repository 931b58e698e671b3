"""Forms of the outreach ledgers (``ledgers``) and of the liaison, 清真 and 创建 registers (``registers``)."""

from .ledgers import *  # noqa: F403
from .plans import *  # noqa: F403
from .registers import *  # noqa: F403
