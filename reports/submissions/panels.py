"""The reports' panel on the community overview: what is due to the street office this year. Two queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import community_standings


def overview_panel(request):
    access = getattr(request, "access", None)
    if access is None or not access.has("reports.view"):
        return None
    year = timezone.localdate().year
    standings = [s for s in community_standings(access.community, year) if s.due_on or s.submission]
    if not standings:
        return None
    return {
        "title": _("报告上报"),
        "order": 1,
        "template": "reports/submissions/_overview_panel.html",
        "context": {
            "standings": standings,
            "year": year,
            "url": reverse("reports:index", kwargs={"code": access.community.code}),
        },
    }
