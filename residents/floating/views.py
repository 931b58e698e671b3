"""The floating register's pages: list with reminders, arrival, detail, edit, departure, service log.

Reads go through the scoped selectors (grid workers: their own grids; others' records are 404);
writes through the services, which validate and audit.
"""

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community import versioning
from community.middleware import requires

from .. import idnumber
from .. import selectors as registry
from ..forms import apply_errors
from ..selectors import change_history
from . import selectors, services
from .forms import SORTS, DepartureForm, FloatingFilterForm, PersonForm, ServiceForm, StayForm

PAGE_SIZE = 50


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits kept."""
    if not phone:
        return ""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def _sort_links(request) -> dict:
    current = request.GET.get("sort") or "arrived"
    links = {}
    for key in SORTS:
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = key
        links[key] = {"url": f"?{params.urlencode()}", "active": current == key}
    return links


@requires("residents.view")
def floating_list(request, code):
    """Search, filter, sort and page through the floating residents in the user's scope, with reminders."""
    today = date.today()
    scope = selectors.floating_for(request.access)
    form = FloatingFilterForm(request.GET or None, access=request.access)
    stays = selectors.with_visit_state(form.filter(scope, today))
    page = Paginator(stays, PAGE_SIZE).get_page(request.GET.get("page"))
    for stay in page:
        stay.masked_permit = idnumber.mask(stay.permit_number)
        stay.masked_landlord_phone = mask_phone(stay.landlord_phone)
        stay.permit_due = bool(stay.permit_expires and (stay.permit_expires - today).days <= 30)
        stay.days_here = (today - stay.arrived_on).days
    return render(
        request,
        "floating/list.html",
        {
            "form": form,
            "page": page,
            "reminders": selectors.reminders(scope, today),
            "sort_links": _sort_links(request),
            "today": today,
        },
    )


def _copy_from(access, stay_id) -> dict:
    """Initial stay fields copied from a family member's registration (“登记同户家属”)."""
    try:
        source = selectors.floating_for(access).filter(pk=uuid.UUID(stay_id or "")).first()
    except ValueError:
        return {}
    if source is None:
        return {}
    keep = ["arrived_on", "origin", "reason", "expected_stay", "housing", "landlord_name", "landlord_phone"]
    return {name: getattr(source, name) for name in keep}


@requires("residents.edit")
def floating_create(request, code):
    """Register an arrival: a new person (with the household they live in), or ``?resident=`` an existing one."""
    access = request.access
    resident = None
    if resident_id := request.GET.get("resident"):
        try:
            resident = registry.get_resident_for(access, uuid.UUID(resident_id))
        except ValueError:
            resident = None
    initial = {}
    if household_id := request.GET.get("household"):
        household = registry.households_for(access).filter(pk=_uuid(household_id)).first()
        if household is not None:
            initial = {"household": household, "relation": "spouse" if household.members.exists() else "head"}
    data = request.POST if request.method == "POST" else None
    person = None if resident else PersonForm(data, access=access, initial=initial, prefix="person")
    stay_form = StayForm(data, initial=_copy_from(access, request.GET.get("from")), prefix="stay")
    if request.method == "POST" and stay_form.is_valid() and (person is None or person.is_valid()):
        try:
            stay = services.arrival_register(
                community=access.community,
                actor=request.user,
                resident=resident,
                person=person.service_fields() if person else None,
                **stay_form.stay_fields(),
            )
        except ValidationError as exc:
            _apply_errors([f for f in (person, stay_form) if f is not None], exc)
        else:
            messages.success(request, _("已登记流动人口 %(name)s。") % {"name": stay.resident.name})
            return redirect("floating:detail", code=code, pk=stay.pk)
    return render(
        request,
        "floating/form.html",
        {
            "person": person,
            "form": stay_form,
            "resident": resident,
            "has_households": person is None or person.fields["household"].queryset.exists(),
        },
    )


@requires("residents.view")
def floating_detail(request, code, pk):
    """One registration: the person, the stay, the other stays, the service log and the history."""
    stay = selectors.get_floating_for(request.access, pk)
    services_list = list(selectors.services_for_stay(stay)[:100])
    other_stays = list(stay.resident.floating_stays.exclude(pk=stay.pk).order_by("-arrived_on"))
    return render(
        request,
        "floating/detail.html",
        {
            "stay": stay,
            "resident": stay.resident,
            "services": services_list,
            "other_stays": other_stays,
            "masked_id": idnumber.mask(stay.resident.id_number),
            "masked_permit": idnumber.mask(stay.permit_number),
            "masked_landlord_phone": mask_phone(stay.landlord_phone),
            "history": change_history(stay),
            "service_form": ServiceForm(
                has_household=bool(stay.resident.household_id), served_by=request.user.display_name
            ),
        },
    )


@requires("residents.edit")
def floating_edit(request, code, pk):
    stay = selectors.get_floating_for(request.access, pk)
    form = StayForm(request.POST or None, instance=stay, prefix="stay")
    versioning.add_edit_token(form, stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_update(
                stay=selectors.get_floating_for(request.access, pk),
                actor=request.user,
                edit_token=versioning.posted_token(form),
                **form.stay_fields(),
            )
        except versioning.ConcurrentEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存 %(name)s 的流动人口登记。") % {"name": stay.resident.name})
            return redirect("floating:detail", code=code, pk=stay.pk)
    return render(request, "floating/form.html", {"form": form, "stay": stay, "resident": stay.resident})


@requires("residents.edit")
def floating_depart(request, code, pk):
    """Record a departure (asks for confirmation: the person leaves the register on that date)."""
    stay = selectors.get_floating_for(request.access, pk)
    if stay.departed_on:
        messages.info(request, _("该登记已记录离开。"))
        return redirect("floating:detail", code=code, pk=stay.pk)
    form = DepartureForm(request.POST or None, stay=stay)
    if request.method == "POST" and form.is_valid():
        try:
            services.departure_record(
                stay=stay,
                actor=request.user,
                on=form.cleaned_data["on"],
                destination=form.cleaned_data["destination"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记 %(name)s 离开。") % {"name": stay.resident.name})
            return redirect("floating:detail", code=code, pk=stay.pk)
    return render(request, "floating/depart.html", {"stay": stay, "form": form})


@requires("residents.edit")
def service_create(request, code, pk):
    """Record a service to the stay's person or household (POST from the detail page's form)."""
    stay = selectors.get_floating_for(request.access, pk)
    resident = stay.resident
    form = ServiceForm(
        request.POST or None, has_household=bool(resident.household_id), served_by=request.user.display_name
    )
    if request.method == "POST" and form.is_valid():
        whole = form.cleaned_data["subject"] == "household"
        try:
            services.service_record(
                community=request.community,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                served_on=form.cleaned_data["served_on"],
                served_by=form.cleaned_data["served_by"],
                notes=form.cleaned_data["notes"],
                resident=None if whole else resident,
                household=resident.household if whole else None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已记录服务。"))
            return redirect("floating:detail", code=code, pk=stay.pk)
    return render(request, "floating/service_form.html", {"stay": stay, "form": form})


def _apply_errors(forms: list, exc: ValidationError) -> None:
    """Put a service's errors on whichever of the page's forms has the field (else on the last form)."""
    if not hasattr(exc, "error_dict"):
        forms[-1].add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = next((f for f in forms if field in f.fields), None)
        for error in errors:
            (target or forms[-1]).add_error(field if target else None, error)


def _uuid(value):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None
