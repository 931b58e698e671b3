"""The roles a membership can hold. Apart from ``models`` so that app configs can name them in their
``role_permissions`` (an ``apps.py`` is imported before any model may be)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("社区工作人员")
    GRID_WORKER = "grid_worker", _("网格员")
    SECRETARY = "secretary", _("社区书记")
    STREET = "street", _("街道办")
    AUDITOR = "auditor", _("审计员")


#: The roles held in one community (the others: a street office, or the whole system for the auditor).
COMMUNITY_ROLES = frozenset({Role.STAFF, Role.GRID_WORKER, Role.SECRETARY})
