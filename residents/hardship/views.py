"""The hardship register's pages: households in hardship, help given, 结对帮扶 and helper visits, the ledger.

Reads go through the scoped selectors (grid workers: their own grids; others' records are 404);
writes through the services, which validate and audit.
"""

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community import versioning
from community.middleware import requires

from .. import idnumber
from .. import selectors as registry
from ..floating.views import mask_phone
from ..forms import apply_errors
from ..selectors import change_history
from ..transfer.exporter import XLSX, hardship_ledger_export
from . import selectors, services
from .forms import SORTS, EndForm, HardshipFilterForm, HardshipForm, HelpForm, PairingForm, VisitForm

PAGE_SIZE = 50


@requires("residents.view")
def hardship_list(request, code):
    """Hardship households of the user's scope; an unpaired one is marked as a gap."""
    form = HardshipFilterForm(request.GET or None, access=request.access)
    page = Paginator(form.filter(selectors.hardship_for(request.access)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    sort_links = {}
    for key in SORTS:
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = key
        sort_links[key] = f"?{params.urlencode()}"
    return render(request, "hardship/list.html", {"form": form, "page": page, "sort_links": sort_links})


@requires("residents.edit")
def hardship_create(request, code):
    access = request.access
    initial = {}
    if household_id := request.GET.get("household"):
        household = registry.households_for(access).filter(pk=_uuid(household_id)).first()
        initial = {"household": household} if household else {}
    form = HardshipForm(request.POST or None, access=access, with_household=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.hardship_create(
                community=access.community,
                household=form.cleaned_data["household"],
                actor=request.user,
                **form.record_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记困难家庭：%(a)s。") % {"a": record.household.address})
            return redirect("hardship:detail", code=code, pk=record.pk)
    return render(request, "hardship/form.html", {"form": form})


@requires("residents.view")
def hardship_detail(request, code, pk):
    """One hardship household: members, causes, help given with yearly totals, pairing and visits, history."""
    record = selectors.get_hardship_for(request.access, pk)
    household = registry.get_chain_household_for(request.access, record.household_id)
    members = list(household.members.all())
    for member in members:
        member.masked_id = idnumber.mask(member.id_number)
    pairings = list(record.pairings.prefetch_related("visits").order_by("-since"))
    for pairing in pairings:
        pairing.masked_phone = mask_phone(pairing.helper_phone)
    current = next((p for p in pairings if p.ended_on is None), None)
    return render(
        request,
        "hardship/detail.html",
        {
            "record": record,
            "household": household,
            "members": members,
            "help": list(record.help.all()[:100]),
            "totals": selectors.help_totals_per_year(record),
            "pairings": pairings,
            "current": current,
            "history": change_history(record),
            "help_form": HelpForm(handed_over_by=request.user.display_name),
            "pairing_form": PairingForm(),
            "visit_form": VisitForm(),
        },
    )


@requires("residents.edit")
def hardship_edit(request, code, pk):
    record = selectors.get_hardship_for(request.access, pk)
    form = HardshipForm(request.POST or None, instance=record, access=request.access, with_household=False)
    versioning.add_edit_token(form, record)
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_update(
                record=selectors.get_hardship_for(request.access, pk),
                actor=request.user,
                edit_token=versioning.posted_token(form),
                **form.record_fields(),
            )
        except versioning.ConcurrentEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("hardship:detail", code=code, pk=record.pk)
    return render(request, "hardship/form.html", {"form": form, "record": record})


@requires("residents.edit")
def hardship_end(request, code, pk):
    """The household leaves the register (confirmation first; the record is kept)."""
    record = selectors.get_hardship_for(request.access, pk)
    form = EndForm(request.POST or None, initial={"on": date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_end(record=record, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记退出困难家庭。"))
            return redirect("hardship:detail", code=code, pk=record.pk)
    return render(request, "hardship/end.html", {"record": record, "form": form})


def _sub_form(request, code, pk, form_class, template, save, **form_kwargs):
    """A small form of the detail page (help, pairing, visit) on its own page when it has errors."""
    record = selectors.get_hardship_for(request.access, pk)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(record, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("hardship:detail", code=code, pk=record.pk)
    return render(request, "hardship/sub_form.html", {"record": record, "form": form, "title": template})


@requires("residents.edit")
def help_create(request, code, pk):
    def save(record, data):
        services.help_record(record=record, actor=request.user, **data)

    return _sub_form(
        request, code, pk, HelpForm, _("登记帮扶"), save, handed_over_by=request.user.display_name
    )


@requires("residents.edit")
def pairing_create(request, code, pk):
    def save(record, data):
        services.pairing_create(record=record, actor=request.user, **data)

    return _sub_form(request, code, pk, PairingForm, _("结对帮扶"), save)


@requires("residents.edit")
def visit_create(request, code, pk):
    def save(record, data):
        pairing = record.pairings.filter(ended_on__isnull=True).first()
        if pairing is None:
            raise ValidationError(_("该户尚未结对，请先登记结对帮扶人。"))
        services.visit_record(pairing=pairing, actor=request.user, **data)

    return _sub_form(request, code, pk, VisitForm, _("登记帮扶走访"), save)


@requires("residents.view")
@require_GET
def hardship_export(request, code):
    """The 少数民族困难家庭台帐 (one row a household, persons beside it) as the office workbook; audited."""
    minority = request.GET.get("scope", "minority") != "all"
    export = hardship_ledger_export(
        community=request.community,
        records=selectors.hardship_for(request.access),
        minority=minority,
        full_ids=request.access.has("residents.export_full_ids"),
        actor=request.user,
    )
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def _uuid(value):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None
