"""The rows behind each figure of the liaison, 清真 and 创建 registers, and the audited reveal of a
masked contact number."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from community import periods
from community.middleware import requires

from .. import services
from ..contacts import CONTACT_FIELDS
from ..selectors import figures, get_site_for, halal, liaison
from .common import _url, safe_year

PAGE_SIZE = 50


@requires("outreach.figure_rows")
def figure_rows(request, code, key):
    """The rows behind one figure on ``?date=`` (activity from January of ``?year=``): the list is
    exactly as long as the figure, or adds up to it."""
    definition = figures.FIGURES.get(key)
    if definition is None:
        raise Http404
    if not request.access.has(definition.permission):
        raise PermissionDenied
    on = periods.safe_date(request.GET.get("date"))  # a real date in a year the ledgers can hold, else today
    if on is None or not periods.MIN_YEAR <= on.year <= date.today().year + 1:
        on = date.today()
    year = safe_year(request) if request.GET.get("year") else on.year
    if year > on.year:
        year = on.year
    _definition, rows = figures.figure_rows(key, request.community, on, year)
    value = definition.measure(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    table = [[column(row) for _label, column in definition.columns] for row in page.object_list]
    return render(
        request,
        "outreach/figure_rows.html",
        {"definition": definition, "value": value, "page": page, "table": table, "on": on, "year": year},
    )


# kind → (how to find the record in the user's scope, the permission of its register)
REVEALABLE = {
    "site": (get_site_for, "outreach.liaison_view"),
    "figure": (liaison.get_figure_for, "outreach.liaison_view"),
    "halal": (halal.get_establishment_for, "outreach.halal_view"),
    "complaint": (halal.get_complaint_for, "outreach.halal_view"),
}


@require_POST
@requires("outreach.reveal_contact")
def contact_reveal(request, code, kind, pk):
    """Show one masked contact number in full; audited. htmx gets it in place, others a small page."""
    if kind not in REVEALABLE:
        raise Http404
    find, permission = REVEALABLE[kind]
    if not request.access.has(permission):
        raise PermissionDenied
    obj = find(request.access, pk)
    services.liaison.contact_reveal(record=obj, field=CONTACT_FIELDS[kind], actor=request.user)
    template = "outreach/_contact_revealed.html" if request.htmx else "outreach/contact_revealed.html"
    back = {
        "site": lambda: _url("site_detail", request, obj.pk),
        "figure": lambda: _url("site_detail", request, obj.site_id),
        "halal": lambda: _url("halal_detail", request, obj.pk),
        "complaint": lambda: _url("complaints", request),
    }[kind]()
    return render(request, template, {"obj": obj, "kind": kind, "back": back})
