"""The resident picker's search (htmx partial)."""

from django.db.models import Q
from django.shortcuts import render

from community.middleware import requires
from residents.selectors import residents_for


@requires("outreach.edit")
def resident_search(request, code):
    """Up to 20 residents of the user's scope matching a name or its pinyin initials (htmx partial)."""
    query = request.GET.get("picker_q", "").strip()
    field = request.GET.get("field", "participants")
    kind = "radio" if request.GET.get("kind") == "radio" else "checkbox"
    results = []
    if query:
        results = list(
            residents_for(request.access)
            .filter(status="active")
            .filter(
                Q(name__contains=query)
                | Q(name_initials__istartswith=query)
                | Q(name_pinyin__istartswith=query)
            )
            .order_by("name_pinyin")[:20]
        )
    return render(
        request,
        "outreach/_picker_results.html",
        {"results": results, "query": query, "field": field, "kind": kind},
    )
