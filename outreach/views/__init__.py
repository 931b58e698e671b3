"""Pages of the outreach ledgers: lists (search, filter, sort, paginate) and forms for each.

Reads go through ``selectors`` (scoped by the user's access), writes through ``services``
(validated, audited). Correction-related pages (责任书) declare ``residents.view_restricted``;
the religious-liaison, 清真 and 创建 registers their own permissions (``outreach/apps.py``).
"""

from . import creation, figures, halal, liaison, plans
from .disputes import dispute_create, dispute_edit, dispute_list
from .events import (
    event_create,
    event_detail,
    event_edit,
    event_list,
    propaganda_create,
    propaganda_edit,
    propaganda_list,
)
from .organisations import (
    member_add,
    member_remove,
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
    unit_create,
    unit_edit,
    unit_list,
)
from .picker import resident_search
from .visits import (
    agreement_create,
    agreement_edit,
    agreement_file,
    agreement_list,
    checklist,
    visit_create,
    visit_edit,
    visit_list,
)

__all__ = [
    "agreement_create",
    "agreement_edit",
    "agreement_file",
    "agreement_list",
    "checklist",
    "creation",
    "dispute_create",
    "dispute_edit",
    "dispute_list",
    "event_create",
    "event_detail",
    "event_edit",
    "event_list",
    "figures",
    "halal",
    "liaison",
    "plans",
    "member_add",
    "member_remove",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
    "propaganda_create",
    "propaganda_edit",
    "propaganda_list",
    "resident_search",
    "unit_create",
    "unit_edit",
    "unit_list",
    "visit_create",
    "visit_edit",
    "visit_list",
]
