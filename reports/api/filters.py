"""The ledger filters of the API: the pages' filters, validated (a bad value is 400, never ignored).

Residents reuse the resident list's own ``ResidentFilter``; the other ledgers' pages filter by hand in
their views, so their filters are restated here as FilterSets with the same parameter names.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    DisputeCategory,
    DisputeStatus,
    EventStatus,
    EventType,
    FacilityKind,
    FigureRole,
    FundSource,
    HalalKind,
    HonourKind,
    HonourStage,
    InspectionResult,
    Level,
    OrganisationKind,
    SiteKind,
    VisitPurpose,
)
from outreach.selectors import creation, halal, liaison, sites_for
from residents.ethnicities import minority
from residents.filters import DIGITS, ID_FULL, ID_TAIL, ResidentFilter
from residents.floating.models import ArrivalReason
from residents.selectors import grids_for
from welfare.models import CaseStatus


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("label", _("年度"))
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or 1/0); anything else is an error, not "no filter"."""

    widget = forms.TextInput

    def to_python(self, value):
        text = str(value).strip().lower() if value is not None else ""
        if text == "":
            return None
        if text in {"true", "1"}:
            return True
        if text in {"false", "0"}:
            return False
        raise forms.ValidationError(_("请填写 true 或 false。"), code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class OrderFilter(django_filters.ChoiceFilter):
    """``sort=key`` or ``sort=-key`` (reversed) over a fixed table of orderings."""

    def __init__(self, sorts: dict[str, list[str]], **kwargs):
        self.sorts = sorts
        choices = [(k, k) for k in sorts] + [(f"-{k}", f"-{k}") for k in sorts]
        super().__init__(choices=choices, label=_("排序"), method=self.order, **kwargs)

    def order(self, queryset, name, value):
        ordering = self.sorts[value.lstrip("-")]
        if value.startswith("-"):
            ordering = [o[1:] if o.startswith("-") else f"-{o}" for o in ordering]
        return queryset.order_by(*ordering, "-pk")


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet given the token's :class:`Access` (for scoped choices) and a default order."""

    default_order: list[str] = ["-pk"]

    def __init__(self, data=None, queryset=None, *, request=None, access=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.access = access
        if "grid" in self.filters and access is not None:
            self.filters["grid"].queryset = grids_for(access)
        if "site" in self.filters and access is not None:
            self.filters["site"].queryset = sites_for(access)

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*self.default_order)
        return queryset


class ApiResidentFilter(ResidentFilter):
    """The resident list's filter. The search box finds names only: a masked view is not searched by ID
    or phone number (that would reveal them)."""

    def __init__(self, data=None, queryset=None, *, request=None, access=None, **kwargs):
        super().__init__(data, queryset, request=request, access=access, **kwargs)
        self.form.fields["q"].validators.append(names_only)


def names_only(value: str) -> None:
    text = value.strip().upper()
    if ID_FULL.fullmatch(text) or ID_TAIL.fullmatch(text) or DIGITS.fullmatch(text):
        raise forms.ValidationError(_("接口只能按姓名、拼音搜索，不能按身份证号或电话号码搜索。"))


class HouseholdFilter(ScopedFilterSet):
    grid = django_filters.ModelChoiceFilter(label=_("网格"), field_name="grid", queryset=None)
    number = django_filters.CharFilter(label=_("户编号"), field_name="number")
    default_order = ["grid__number", "number", "pk"]


class CaseFilter(ScopedFilterSet):
    type = django_filters.CharFilter(label=_("救助类型代码"), field_name="type__code")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices)
    ethnicity = django_filters.CharFilter(label=_("民族（代码或 minority）"), method="filter_ethnicity")
    grid = django_filters.ModelChoiceFilter(label=_("网格"), field_name="household__grid", queryset=None)
    q = django_filters.CharFilter(label=_("姓名"), method="filter_q")
    sort = OrderFilter(
        {"start": ["-start_on"], "name": ["resident__name_pinyin"], "review": ["next_review_on"]}
    )
    default_order = ["-start_on", "pk"]

    def filter_ethnicity(self, queryset, name, value):
        if value == "minority":
            return queryset.filter(minority("resident__"))
        return queryset.filter(resident__ethnicity_id=value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(resident__name__contains=value) | Q(resident__name_initials__startswith=value.lower())
        )


class EventFilter(ScopedFilterSet):
    year = YearFilter(field_name="date__year")
    type = django_filters.ModelChoiceFilter(label=_("活动类型"), queryset=EventType.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=EventStatus.choices)
    talks = BooleanFilter(label=_("宗教人士参加的座谈、谈心（true）"), method="filter_talks")
    sort = OrderFilter({"date": ["-date"], "title": ["title"]})
    default_order = ["-date", "-pk"]

    def filter_talks(self, queryset, name, value):
        talks = liaison.with_religious_figures()
        return queryset.filter(talks if value else ~talks)


class VisitFilter(ScopedFilterSet):
    year = YearFilter(field_name="date__year")
    # 帮教走访 are not served (restricted): the selector leaves them out, the filter does not offer them.
    purpose = django_filters.ChoiceFilter(
        label=_("走访类型"), choices=[c for c in VisitPurpose.choices if c[0] != VisitPurpose.CORRECTION]
    )
    grid = django_filters.ModelChoiceFilter(label=_("网格"), field_name="household__grid", queryset=None)
    sort = OrderFilter({"date": ["-date"]})
    default_order = ["-date", "-pk"]


class DisputeFilter(ScopedFilterSet):
    year = YearFilter(field_name="received_on__year")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DisputeStatus.choices)
    category = django_filters.ChoiceFilter(label=_("类别"), choices=DisputeCategory.choices)
    is_petition = BooleanFilter(label=_("上访"))
    sort = OrderFilter({"received": ["-received_on"], "deadline": ["deadline"]})
    default_order = ["-received_on", "-pk"]


class OrganisationFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=OrganisationKind.choices)
    is_active = BooleanFilter(label=_("在册"))
    default_order = ["kind_order", "name", "pk"]


class OpenOrEnded(django_filters.ChoiceFilter):
    """``state=open`` (not yet departed/ended) or ``state=ended``, on the register's end-date field."""

    def __init__(self, field: str, **kwargs):
        self.end_field = field
        super().__init__(
            choices=[("open", _("在册")), ("ended", _("已离开/退出"))],
            label=_("状态"),
            method=self.by_state,
            **kwargs,
        )

    def by_state(self, queryset, name, value):
        return queryset.filter(**{f"{self.end_field}__isnull": value == "open"})


class FloatingFilter(ScopedFilterSet):
    state = OpenOrEnded("departed_on")
    year = YearFilter(field_name="arrived_on__year", label=_("来社区年度"))
    reason = django_filters.ChoiceFilter(label=_("来此事由"), choices=ArrivalReason.choices)
    grid = django_filters.ModelChoiceFilter(
        label=_("网格"), field_name="resident__household__grid", queryset=None
    )
    default_order = ["-arrived_on", "pk"]


class HardshipFilter(ScopedFilterSet):
    state = OpenOrEnded("ended_on")
    grid = django_filters.ModelChoiceFilter(label=_("网格"), field_name="household__grid", queryset=None)
    paired = BooleanFilter(label=_("已结对"))
    default_order = ["household__grid__number", "since", "pk"]


# ---------------------------------------------------------------------------------------------
# The registers of #21: religious liaison, 清真食品 oversight, 民族团结进步创建
# ---------------------------------------------------------------------------------------------


class StateFilter(django_filters.ChoiceFilter):
    """``state=<value>`` over a table of conditions on today's date (the pages' "状态" select)."""

    def __init__(self, states: dict, **kwargs):
        self.states = states  # value → (label, (queryset, today) → queryset)
        super().__init__(
            choices=[(k, label) for k, (label, _f) in states.items()],
            method=self.by_state,
            **{"label": _("状态"), **kwargs},
        )

    def by_state(self, queryset, name, value):
        return self.states[value][1](queryset, timezone.localdate())


class ReligiousSiteFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=SiteKind.choices)
    state = StateFilter(
        {
            "open": (_("在册"), lambda qs, today: qs.filter(liaison.site_in_force(today))),
            "closed": (_("已撤销"), lambda qs, today: qs.exclude(liaison.site_in_force(today))),
        }
    )
    default_order = ["name", "pk"]


class ReligiousFigureFilter(ScopedFilterSet):
    site = django_filters.ModelChoiceFilter(label=_("宗教场所"), field_name="site", queryset=None)
    role = django_filters.ChoiceFilter(label=_("身份"), choices=FigureRole.choices)
    serving = StateFilter(
        {
            "serving": (_("在任"), lambda qs, today: qs.filter(liaison.figure_in_force(today))),
            "left": (_("已离任"), lambda qs, today: qs.exclude(liaison.figure_in_force(today))),
        }
    )
    default_order = ["site__name", "role_order", "name", "pk"]


class JointVisitFilter(ScopedFilterSet):
    site = django_filters.ModelChoiceFilter(label=_("宗教场所"), field_name="site", queryset=None)
    year = YearFilter(field_name="date__year")
    default_order = ["-date", "-pk"]


class HalalEstablishmentFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=HalalKind.choices)
    state = StateFilter(
        {
            "open": (_("在营"), lambda qs, today: qs.filter(halal.open_on(today))),
            "closed": (_("已停业"), lambda qs, today: qs.exclude(halal.open_on(today))),
            "expired": (
                _("许可已过期"),
                lambda qs, today: qs.filter(halal.open_on(today), licence_expires__lt=today),
            ),
        }
    )
    grid = django_filters.ModelChoiceFilter(label=_("网格"), field_name="grid", queryset=None)
    default_order = ["name", "pk"]


class HalalInspectionFilter(ScopedFilterSet):
    result = django_filters.ChoiceFilter(label=_("结论"), choices=InspectionResult.choices)
    rectification = StateFilter(
        {
            "open": (_("待整改"), lambda qs, today: qs.filter(halal.rectification_open_on(today))),
            "overdue": (
                _("整改逾期"),
                lambda qs, today: qs.filter(halal.rectification_open_on(today), rectification_due__lt=today),
            ),
        },
        label=_("整改"),
    )
    year = YearFilter(field_name="date__year")
    default_order = ["-date", "-pk"]


class HalalComplaintFilter(ScopedFilterSet):
    state = StateFilter(
        {
            "open": (_("未办结"), lambda qs, today: qs.filter(handled_on__isnull=True)),
            "handled": (_("已办结"), lambda qs, today: qs.filter(handled_on__isnull=False)),
        }
    )
    year = YearFilter(field_name="received_on__year")
    default_order = ["-received_on", "-pk"]


class HonourFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=HonourKind.choices)
    stage = django_filters.ChoiceFilter(label=_("进度"), choices=HonourStage.choices)
    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    year = YearFilter(field_name="year", label=_("创建年度"))
    current = StateFilter(
        {"named": (_("现为示范（已命名未撤销）"), lambda qs, today: qs.filter(creation.named_on(today)))},
        label=_("命名状态"),
    )
    default_order = ["-year", "kind", "-pk"]


class CommendationFilter(ScopedFilterSet):
    level = django_filters.ChoiceFilter(label=_("级别"), choices=Level.choices)
    year = YearFilter(field_name="year")
    default_order = ["-awarded_on", "-pk"]


class FacilityFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=FacilityKind.choices)
    state = StateFilter(
        {
            "in_use": (_("在用"), lambda qs, today: qs.filter(creation.facility_in_use(today))),
            "retired": (_("已停用"), lambda qs, today: qs.exclude(creation.facility_in_use(today))),
        }
    )
    default_order = ["kind", "name", "pk"]


class FundingFilter(ScopedFilterSet):
    source = django_filters.ChoiceFilter(label=_("经费来源"), choices=FundSource.choices)
    year = YearFilter(field_name="date__year")
    default_order = ["-date", "-pk"]


class TrainingFilter(ScopedFilterSet):
    year = YearFilter(field_name="date__year")
    default_order = ["-date", "-pk"]
