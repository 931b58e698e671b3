"""清真食品 oversight: shops and canteens, their inspections (rectifications) and complaints."""

from datetime import date

from django.shortcuts import render
from django.utils.translation import gettext as _

from community.middleware import requires
from community.records import form_values

from .. import services
from ..forms import ComplaintForm, EstablishmentForm, InspectionForm
from ..models import HalalComplaint, HalalEstablishment, HalalInspection, HalalKind, InspectionResult
from ..selectors import halal
from .common import _exact, _form_page, _in_year, _listing, _save_form, _stored, _url, _years


def _state(queryset, value):
    today = date.today()
    if value == "open":
        return queryset.filter(halal.open_on(today))
    if value == "closed":
        return queryset.exclude(halal.open_on(today))
    if value == "expired":
        return queryset.filter(halal.open_on(today), licence_expires__lt=today)
    return queryset


@requires("outreach.halal_view")
def establishment_list(request, code):
    """Halal shops and canteens: licence, operator (phone masked), inspections, open rectifications."""
    context = _listing(
        request,
        halal.establishments_for(request.access),
        search=("name", "address", "operator_name", "licence_number"),
        sorts={
            "name": ["name"],
            "kind": ["kind", "name"],
            "licence": ["licence_expires"],
            "inspected": ["-last_inspected"],
        },
        filters={"kind": _exact("kind"), "state": _state},
        selects=[
            ("kind", _("类别"), HalalKind.choices),
            (
                "state",
                _("状态"),
                [("open", _("在营")), ("closed", _("已停业")), ("expired", _("许可已过期"))],
            ),
        ],
    )
    context["today"] = date.today()
    return render(request, "outreach/halal_list.html", context)


@requires("outreach.halal_view")
def establishment_detail(request, code, pk):
    establishment = halal.get_establishment_for(request.access, pk)
    return render(
        request,
        "outreach/halal_detail.html",
        {
            "shop": establishment,
            "inspections": establishment.inspections.order_by("-date", "-pk"),
            "complaints": establishment.complaints.order_by("-received_on", "-pk"),
            "today": date.today(),
        },
    )


def _establishment_form(request, establishment):
    initial = {} if establishment.pk else {"opened_on": date.today()}
    form = EstablishmentForm(
        request.POST or None, instance=establishment, initial=initial, access=request.access
    )
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.halal.establishment_save(
                establishment=_stored(establishment),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("经营场所已保存。"),
            next_url=lambda obj: _url("halal_detail", request, obj.pk),
        )
        if response:
            return response
    title = _("编辑清真食品经营场所") if establishment.pk else _("登记清真食品经营场所")
    return _form_page(request, form=form, title=title, back=_url("halal", request), crumb=_crumb(request))


@requires("outreach.halal_edit")
def establishment_create(request, code):
    return _establishment_form(request, HalalEstablishment(community=request.community))


@requires("outreach.halal_edit")
def establishment_edit(request, code, pk):
    return _establishment_form(request, halal.get_establishment_for(request.access, pk))


def _open_filter(queryset, value):
    if value == "open":
        return queryset.filter(halal.rectification_open_on(date.today()))
    if value == "overdue":
        return queryset.filter(halal.rectification_open_on(date.today()), rectification_due__lt=date.today())
    return queryset


@requires("outreach.halal_view")
def inspection_list(request, code):
    context = _listing(
        request,
        halal.inspections_for(request.access),
        search=("establishment__name", "inspectors", "departments", "findings", "rectification"),
        sorts={"date": ["-date"], "due": ["rectification_due"], "shop": ["establishment__name", "-date"]},
        filters={"result": _exact("result"), "rectification": _open_filter, "year": _in_year("date")},
        selects=[
            ("result", _("结论"), InspectionResult.choices),
            ("rectification", _("整改"), [("open", _("待整改")), ("overdue", _("整改逾期"))]),
            ("year", _("年份"), _years()),
        ],
    )
    context["today"] = date.today()
    return render(request, "outreach/inspection_list.html", context)


def _inspection_form(request, inspection):
    initial = {}
    if not inspection.pk:
        initial["date"] = date.today()
        if (shop_id := request.GET.get("shop", "")).isdigit():
            initial["establishment"] = halal.establishments_for(request.access).filter(pk=shop_id).first()
    form = InspectionForm(request.POST or None, instance=inspection, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.halal.inspection_save(
                inspection=_stored(inspection),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("检查记录已保存。"),
            next_url=lambda obj: _url("halal_detail", request, obj.establishment_id),
        )
        if response:
            return response
    title = _("编辑检查记录") if inspection.pk else _("登记清真食品检查")
    return _form_page(
        request, form=form, title=title, back=_url("inspections", request), crumb=_crumb(request)
    )


@requires("outreach.halal_edit")
def inspection_create(request, code):
    return _inspection_form(request, HalalInspection(community=request.community))


@requires("outreach.halal_edit")
def inspection_edit(request, code, pk):
    return _inspection_form(request, halal.get_inspection_for(request.access, pk))


def _handled(queryset, value):
    if value == "open":
        return queryset.filter(handled_on__isnull=True)
    if value == "handled":
        return queryset.filter(handled_on__isnull=False)
    return queryset


@requires("outreach.halal_view")
def complaint_list(request, code):
    context = _listing(
        request,
        halal.complaints_for(request.access),
        search=("establishment__name", "summary", "result"),
        sorts={"received": ["-received_on"], "shop": ["establishment__name", "-received_on"]},
        filters={"state": _handled, "year": _in_year("received_on")},
        selects=[
            ("state", _("状态"), [("open", _("未办结")), ("handled", _("已办结"))]),
            ("year", _("年份"), _years()),
        ],
    )
    return render(request, "outreach/complaint_list.html", context)


def _complaint_form(request, complaint):
    initial = {}
    if not complaint.pk:
        initial["received_on"] = date.today()
        if (shop_id := request.GET.get("shop", "")).isdigit():
            initial["establishment"] = halal.establishments_for(request.access).filter(pk=shop_id).first()
    form = ComplaintForm(request.POST or None, instance=complaint, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.halal.complaint_save(
                complaint=_stored(complaint),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("投诉记录已保存。"),
            next_url=_url("complaints", request),
        )
        if response:
            return response
    title = _("编辑投诉记录") if complaint.pk else _("登记清真食品投诉")
    return _form_page(
        request, form=form, title=title, back=_url("complaints", request), crumb=_crumb(request)
    )


@requires("outreach.halal_edit")
def complaint_create(request, code):
    return _complaint_form(request, HalalComplaint(community=request.community))


@requires("outreach.halal_edit")
def complaint_edit(request, code, pk):
    return _complaint_form(request, halal.get_complaint_for(request.access, pk))


def _crumb(request):
    return (_("清真食品监管"), _url("halal", request))
