"""Search, filters and sorting of the resident list and the ledgers (django-filter).

The search box ``q`` understands what was typed:

- Chinese characters → the name contains them;
- Latin letters → a prefix of the stored full pinyin or of the initials (``zs`` finds 张三);
- 18 characters of an ID number → that number; 4–6 digits (or X) → the last characters of an ID
  number, or a phone number containing them;
- 7 or more digits → a phone number containing them.

Searching by ID number is audited by the view (:attr:`ResidentFilter.id_search_length`).
"""

import functools
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.widgets import FastSelect

from . import idnumber
from .ethnicities import ETHNICITIES
from .models import CATEGORIES, Ethnicity, ResidenceType, ResidentStatus
from .selectors import compounds_for, grids_for, place_options

ID_FULL = re.compile(r"\d{17}[\dX]")
ID_TAIL = re.compile(r"\d{3,5}[\dX]")
PINYIN = re.compile(r"[a-z]+")
DIGITS = re.compile(r"\d+")

ALL_STATUSES = "all"

# sort key → ordering; "-key" reverses. Age ascends as birth dates descend.
SORTS = {
    "name": ["name_pinyin", "pk"],
    "age": ["-birth_date", "pk"],
    "ethnicity": ["ethnicity_id", "name_pinyin", "pk"],
    "grid": ["household__grid__number", "name_pinyin", "pk"],
}


def _reverse(ordering: list[str]) -> list[str]:
    return [o[1:] if o.startswith("-") else f"-{o}" for o in ordering]


def search_condition(raw: str) -> tuple[Q, int | None]:
    """The condition for what was typed in the search box, and the length when it searched ID numbers."""
    text = idnumber.normalize(raw)
    if not text:
        return Q(), None
    lowered = text.lower()
    if ID_FULL.fullmatch(text):
        return Q(id_number=text), len(text)
    if ID_TAIL.fullmatch(text):
        return Q(id_number__endswith=text) | Q(phone__contains=text), len(text)
    if DIGITS.fullmatch(text):
        return Q(phone__contains=text), None
    if PINYIN.fullmatch(lowered):
        return Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered), None
    return Q(name__contains=raw.strip()), None


ETHNICITY_OPTIONS = sorted((code, name) for code, name, _roman, _letters in ETHNICITIES)


class ResidentFilter(django_filters.FilterSet):
    """Filters of the resident list; choices are scoped to the user (grid workers: their grids)."""

    q = django_filters.CharFilter(
        label=_("搜索"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={"placeholder": _("姓名、拼音或首字母、身份证号（全号或后4–6位）、电话"), "type": "search"}
        ),
    )
    grid = django_filters.ModelChoiceFilter(
        label=_("网格"),
        field_name="household__grid",
        queryset=None,
        empty_label=_("全部网格"),
        widget=FastSelect,
    )
    compound = django_filters.ModelChoiceFilter(
        label=_("小区"),
        field_name="household__compound",
        queryset=None,
        empty_label=_("全部小区"),
        widget=FastSelect,
    )
    ethnicity = django_filters.ModelChoiceFilter(
        label=_("民族"),
        field_name="ethnicity",
        queryset=None,
        empty_label=_("全部民族"),
        widget=FastSelect,
    )
    category = django_filters.ChoiceFilter(
        label=_("类别"), method="filter_category", empty_label=_("全部类别"), widget=FastSelect
    )
    residence_type = django_filters.ChoiceFilter(
        label=_("户籍类型"), choices=ResidenceType.choices, empty_label=_("全部"), widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("人员状态"),
        choices=[*ResidentStatus.choices, (ALL_STATUSES, _("全部状态"))],
        method="filter_status",
        empty_label=None,
        widget=FastSelect,
    )
    sort = django_filters.CharFilter(method="filter_sort", widget=forms.HiddenInput)

    def __init__(self, data=None, *args, access, with_status: bool = True, **kwargs):
        data = data.copy() if data is not None else {}
        if with_status and not data.get("status"):
            data["status"] = ResidentStatus.ACTIVE
        super().__init__(data, *args, **kwargs)
        self.access = access
        self.id_search_length: int | None = None
        self.can_see_restricted = access.has("residents.view_restricted")
        # A chosen grid or compound is checked against these (its id is all they need to read).
        self.filters["grid"].queryset = grids_for(access).select_related(None).only("name").order_by("number")
        self.filters["compound"].queryset = (
            compounds_for(access).select_related(None).only("name").order_by("grid__number", "name")
        )
        self.filters["ethnicity"].queryset = Ethnicity.objects.all()
        self.filters["category"].extra["choices"] = [
            (name, label)
            for name, label, restricted in CATEGORIES
            if self.can_see_restricted or not restricted
        ]
        if not with_status:
            del self.filters["status"]
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        # The ethnicity table is GB/T 3304 as its migration loaded it from ETHNICITIES, read-only (no page or
        # admin changes it; a test holds the two equal): its options are written without a query. The grids'
        # and compounds' come from the cache while the community's tree is unchanged, read when a select is
        # rendered (an export or the API filters without rendering). A chosen value is still checked
        # against its table.
        places = functools.cache(lambda: place_options(access))
        fields = self.form.fields
        fields["grid"].widget.choices = _options(fields["grid"].empty_label, lambda: places()[0])
        fields["compound"].widget.choices = _options(fields["compound"].empty_label, lambda: places()[1])
        fields["ethnicity"].widget.choices = _options(
            fields["ethnicity"].empty_label, lambda: ETHNICITY_OPTIONS
        )

    @property
    def restricted_category_requested(self) -> bool:
        return (
            self.is_bound
            and self.form.is_valid()
            and self.form.cleaned_data.get("category")
            in {name for name, _label, restricted in CATEGORIES if restricted}
        )

    def filter_q(self, queryset, name, value):
        condition, self.id_search_length = search_condition(value)
        return queryset.filter(condition)

    def filter_category(self, queryset, name, value):
        return queryset.filter(**{value: True}) if value else queryset

    def filter_status(self, queryset, name, value):
        if not value or value == ALL_STATUSES:
            return queryset
        return queryset.filter(status=value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*sort_ordering(value))

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*SORTS["name"])
        return queryset


def _options(empty_label, read):
    """A select's choices, read when it is rendered (a widget calls a callable then)."""
    return lambda: [("", empty_label), *read()]


def sort_ordering(value: str) -> list[str]:
    key = (value or "").lstrip("-")
    ordering = SORTS.get(key, SORTS["name"])
    return _reverse(ordering) if value.startswith("-") and key in SORTS else ordering


# The filters of a ledger page that its export follows (the page's search, grid, compound, ethnicity, …).
EXPORT_FILTERS = ("q", "grid", "compound", "ethnicity", "category", "residence_type")


def export_filters(params) -> dict[str, str]:
    """The ledger filters present in ``params`` (a QueryDict or dict), as plain strings for a job's params."""
    return {key: str(params.get(key)).strip() for key in EXPORT_FILTERS if str(params.get(key) or "").strip()}


# An ID or phone number searched for never travels in a URL: the list's search form is posted, and the
# query is kept in the session under a random token (``sq``) that the list's URL — and its export link —
# carry instead (residents.views.search_redirect).
SEARCH_SESSION_KEY = "residents.searches"
KEPT_SEARCHES = 20


def searched(request):
    """``request.GET`` with the search kept under ``sq`` put back as ``q`` (None when it has expired)."""
    data = request.GET.copy()
    if token := data.get("sq"):
        query = request.session.get(SEARCH_SESSION_KEY, {}).get(token)
        data.pop("sq")
        if query is None:
            return None
        data["q"] = query
    return data


def filtered_for_export(residents, filters: dict, access):
    """``residents`` narrowed by the page's filters exactly as the ledger page narrows them."""
    if not filters:
        return residents
    return ResidentFilter(filters, queryset=residents, access=access, with_status=False).qs
