"""Shared helpers of the outreach pages: listing (filter, search, sort, paginate) and forms."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse

from community.periods import MAX_YEAR, MIN_YEAR, year_from
from community.versioning import ConcurrentEdit
from residents.transfer import exporter

PAGE_SIZE = 30


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields the form lacks: on the form itself)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _listing(
    request, queryset, *, search=(), sorts: dict, filters: dict | None = None, selects=(), search_q=None
):
    """Filter (GET params), search (``q``), sort (``sort``, ``-`` reverses) and paginate.

    ``selects`` lists the filters shown as drop-downs: ``(param, label, choices)``; ``search_q(q)`` adds a
    condition of its own to the search (e.g. scoped to the user's residents).
    """
    values = {"q": request.GET.get("q", "").strip()}
    for name, apply in (filters or {}).items():
        value = request.GET.get(name, "").strip()
        values[name] = value
        if value:
            queryset = apply(queryset, value)
    if values["q"] and (search or search_q):
        condition = search_q(values["q"]) if search_q else Q()
        for lookup in search:
            condition |= Q(**{f"{lookup}__icontains": values["q"]})
        queryset = queryset.filter(condition).distinct()  # many-to-many lookups may repeat rows
    default = next(iter(sorts))
    current = request.GET.get("sort", default)
    key = current.lstrip("-")
    if key not in sorts:
        current = key = default
    order = sorts[key]
    if current.startswith("-"):
        order = [f"-{f}" if not f.startswith("-") else f[1:] for f in order]
    queryset = queryset.order_by(*order, "-pk")
    links = {}
    for name in sorts:
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{name}" if current == name else name
        links[name] = {
            "url": f"?{params.urlencode()}",
            "direction": "asc" if current == name else "desc" if current == f"-{name}" else "",
        }
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [(name, label, choices, values.get(name, "")) for name, label, choices in selects]
    return {"page": page, "filters": values, "sort_links": links, "selects": shown}


def _years():
    this_year = date.today().year
    return [(str(y), f"{y}年") for y in range(this_year, this_year - 6, -1)]


def _year(request) -> int:
    """The page's year (junk falls back to this year with a message: community.periods)."""
    return year_from(request)


def _in_year(field):
    """The list filter "年份": a year of the portal narrows the list; anything else is ignored."""

    def apply(queryset, value):
        if value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
            return queryset.filter(**{f"{field}__year": int(value)})
        return queryset

    return apply


def _exact(field):
    return lambda queryset, value: queryset.filter(**{field: value})


def _form_page(request, *, form, title, back, template="outreach/form.html", **extra):
    """Render a form page; picker fields get their chosen residents (after a failed POST too)."""
    for name in getattr(form, "picker_fields", ()):
        field = form.fields[name]
        field.picked = form.picked(name)
        field.picker_query = request.POST.get("picker_q", "").strip()[
            :50
        ]  # the search is kept after an error
        field.picker_kind = "checkbox" if isinstance(field, forms.ModelMultipleChoiceField) else "radio"
    if hasattr(form, "picked_household"):
        extra["picked_household"] = form.picked_household()
    return render(request, template, {"form": form, "title": title, "back": back, **extra})


def _save_form(request, form, save, *, success: str, next_url):
    """Validate ``form``, call ``save(form)`` (a service), message and redirect; or None on errors."""
    if not form.is_valid():
        return None
    try:
        obj = save(form)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    except ConcurrentEdit as exc:
        form.add_error(None, str(exc))  # nothing saved; the form keeps what was typed
        return None
    messages.success(request, success)
    return redirect(next_url(obj) if callable(next_url) else next_url)


def export_response(request, *, title, slug: str, columns, rows):
    """A list as a workbook through the ledgers' writer (residents.transfer.exporter), the export audited."""

    export = exporter.list_export(
        community=request.community,
        title=str(title),
        columns=columns,
        rows=rows,
        slug=slug,
        actor=request.user,
    )
    return exporter.xlsx_response(export)


def _stored(row):
    """The stored row an edit form changes, or None for a new one (the service makes that itself)."""
    return row if row.pk else None


def _url(name, request, *args):
    return reverse(f"outreach:{name}", args=[request.community.code, *args])


def safe_year(request) -> int:
    """``?year=`` when it is a year the ledgers can hold (2000 to next year), else this year."""
    this_year = date.today().year
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= this_year + 1 else this_year


def _exact_id(field):
    """Filter on an integer column; a value that is not a number filters nothing (never a 500)."""
    return lambda queryset, value: queryset.filter(**{field: int(value)}) if value.isdigit() else queryset
