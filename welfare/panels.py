"""Welfare's panel on the community overview: what awaits the person signed in.

The party secretary sees the cases waiting for her decision (待审批), staff the applications not yet
sent to review; each with a short list and a link to all of them. Two queries (the count and the list).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import CaseStatus

SHOWN = 8


def overview_panel(request):
    access = getattr(request, "access", None)
    if access is None:
        return None
    if access.has("welfare.decide"):
        status, title, empty = CaseStatus.REVIEWING, _("待审批"), _("没有等待您审批的救助案件。")
    elif access.has("welfare.edit"):
        status, title, empty = CaseStatus.APPLYING, _("待提交审核"), _("没有尚未提交审核的申请。")
    else:
        return None
    cases = selectors.cases_for(access).filter(status=status).order_by("created_at", "pk")
    total = cases.count()
    url = reverse("welfare:index", kwargs={"code": access.community.code})
    return {
        "title": title,
        "order": 0,  # what awaits the person comes first on their home page
        "template": "welfare/_overview_panel.html",
        "context": {
            "cases": list(cases[:SHOWN]) if total else [],
            "total": total,
            "all_url": f"{url}?status={status}",
            "empty": empty,
            "status": status,
        },
    }
