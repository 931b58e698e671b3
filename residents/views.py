"""The registry's pages: residents, households, ledgers.

Every read goes through the scoped selectors (grid workers see their own grids only); every write
through a service, which validates and audits.
"""

import secrets
import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires
from community.versioning import ConcurrentEdit

from . import idnumber, selectors, services
from .filters import KEPT_SEARCHES, SEARCH_SESSION_KEY, ResidentFilter, export_filters, searched
from .forms import HouseholdForm, ResidentForm, StatusForm, apply_errors
from .ledgers import LEDGERS, ledger_rows, visible_ledgers
from .models import CATEGORIES, RESTRICTED_CATEGORIES, Resident, ResidentStatus, address_text

PAGE_SIZE = 50
REVEALED_SESSION_KEY = "residents.revealed"


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _sensitive(text: str) -> bool:
    """A search for an ID number (whole or its end) or a phone number: it never travels in a URL."""
    return any(ch.isdigit() for ch in idnumber.normalize(text))


def search_redirect(request):
    """The search form is posted; an ID or phone number is kept in the session under a random token
    (``sq``) and the list is shown at a URL without it — URLs end up in access logs and browser history.

    Names and the other filters stay in the URL, so a list can still be bookmarked.
    """
    params = request.POST.copy()
    for name in ("csrfmiddlewaretoken", "page", "sq"):
        params.pop(name, None)
    query = params.get("q", "").strip()
    if query and _sensitive(query):
        token = secrets.token_hex(8)
        kept = dict(list(request.session.get(SEARCH_SESSION_KEY, {}).items())[-(KEPT_SEARCHES - 1) :])
        kept[token] = query
        request.session[SEARCH_SESSION_KEY] = kept
        params.pop("q")
        params["sq"] = token
    params = {key: value for key, value in params.items() if value}
    return redirect(f"{request.path}?{urlencode(params)}" if params else request.path)


def _search_data(request):
    """The list's GET parameters, with the search kept under ``sq`` put back as ``q``."""
    data = searched(request)
    if data is None:
        messages.info(request, _("搜索条件已过期，请重新输入。"))
        data = request.GET.copy()
        data.pop("sq")
    return data


# What a row of the resident table (residents/_resident_table.html) shows, read as plain values: building a
# page's 350 model instances, and the template's lookups through them, were most of the page's time.
ROW_VALUES = (
    "pk",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "phone",
    "residence_type",
    "status",
    "is_correction",
    "ethnicity__name",
    "household_id",
    "household__door",
    "household__grid__name",
    "household__compound__name",
    "household__building__number",
    "household__unit__number",
)


class Row(dict):
    """One row of the resident table (written by residents/templatetags/resident_table.py): a dict whose
    keys also read as attributes (``row.name``)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _filtered_page(request, queryset, *, with_status: bool = True):
    """Apply the search/filter form to a scoped queryset; audit ID-number searches; paginate."""
    access = request.access
    filterset = ResidentFilter(
        _search_data(request), queryset=queryset, access=access, with_status=with_status
    )
    with selectors.joins_in_written_order():
        page = Paginator(filterset.qs.values(*ROW_VALUES), PAGE_SIZE).get_page(request.GET.get("page"))
        values = list(page.object_list)
    today = date.today()
    detail_url = _url_for_each("residents:detail", request.community.code)
    household_url = _url_for_each("residents:household", request.community.code)
    labels = {name: _choice_labels(name) for name in ("sex", "residence_type", "status")}
    page.object_list = [
        Row(
            pk=v["pk"],
            name=v["name"],
            url=detail_url(v["pk"]),
            sex_label=labels["sex"].get(v["sex"], v["sex"]),
            age=_age(v["birth_date"], today),
            ethnicity_name=v["ethnicity__name"],
            masked_id=idnumber.mask(v["id_number"]),
            phone=v["phone"],
            grid_name=v["household__grid__name"] or "",
            address=_row_address(v) if v["household_id"] else "",
            household_url=household_url(v["household_id"]) if v["household_id"] else "",
            residence_type_label=labels["residence_type"].get(v["residence_type"], ""),
            status=v["status"],
            status_label=labels["status"].get(v["status"], v["status"]),
            is_correction=v["is_correction"],
        )
        for v in values
    ]
    if filterset.id_search_length:
        log_action(
            AuditAction.RESIDENT_SEARCH_ID, request=request, data={"length": filterset.id_search_length}
        )
    if filterset.restricted_category_requested:
        log_action(
            AuditAction.RESIDENT_VIEW_RESTRICTED,
            request=request,
            data={"filter": filterset.form.cleaned_data["category"]},
        )
    return filterset, page


def _row_address(values: dict) -> str:
    return address_text(
        place=values["household__compound__name"] or values["household__grid__name"],
        building=values["household__building__number"],
        unit=values["household__unit__number"],
        door=values["household__door"],
    )


def _choice_labels(field: str) -> dict[str, str]:
    """A resident field's choices as translated text, once per page (``get_FOO_display`` costs a row)."""
    return {value: str(label) for value, label in Resident._meta.get_field(field).flatchoices}


def _url_for_each(name: str, code: str):
    """``pk → URL`` of a per-row link, reversed once for the page instead of once a row."""
    marker = uuid.UUID(int=0)
    pattern = reverse(name, kwargs={"code": code, "pk": marker})
    return lambda pk: pattern.replace(str(marker), str(pk))


def _sort_links(request) -> dict[str, dict]:
    """Column header links: the same query with ``sort`` set (clicking the sorted column reverses it)."""
    current = request.GET.get("sort", "name")
    links = {}
    for key in ("name", "age", "ethnicity", "grid"):
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if current == key else key
        direction = "asc" if current == key else "desc" if current == f"-{key}" else ""
        links[key] = {"url": f"?{params.urlencode()}", "direction": direction}
    return links


def _can_see_restricted(request) -> bool:
    return request.access.has("residents.view_restricted")


def _visible_categories(request) -> list[tuple[str, str]]:
    allowed = _can_see_restricted(request)
    return [(name, label) for name, label, restricted in CATEGORIES if allowed or not restricted]


@requires("residents.view")
def resident_list(request, code):
    """Search, filter, sort and page through the residents in the user's scope (the search is posted:
    ``search_redirect``)."""
    if request.method == "POST":
        return search_redirect(request)
    filterset, page = _filtered_page(request, selectors.residents_for(request.access))
    return render(
        request,
        "residents/list.html",
        {
            "filter": filterset,
            "page": page,
            "sort_links": _sort_links(request),
            "show_restricted": _can_see_restricted(request),
        },
    )


@requires("residents.view")
def resident_detail(request, code, pk):
    """All of a resident: fields, household and chain, change history, and panels of other apps."""
    resident, household = selectors.get_resident_and_household_for(request.access, pk)
    show_restricted = _can_see_restricted(request)
    if show_restricted and any(getattr(resident, name) for name in RESTRICTED_CATEGORIES):
        log_action(AuditAction.RESIDENT_VIEW_RESTRICTED, request=request, obj=resident)
    revealed = request.session.pop(REVEALED_SESSION_KEY, None) == str(resident.pk)
    hidden = set() if show_restricted else set(RESTRICTED_CATEGORIES)
    return render(
        request,
        "residents/detail.html",
        {
            "resident": resident,
            "age": _age(resident.birth_date, date.today()),
            "id_display": resident.id_number if revealed else idnumber.mask(resident.id_number),
            # masked beside a masked number: the two together would be the number
            "birth_display": _birth_display(resident, revealed),
            "revealed": revealed,
            "categories": [label for name, label in _visible_categories(request) if getattr(resident, name)],
            "household": household,
            "chain": selectors.responsibility_chain(household) if household else [],
            "history": selectors.change_history(resident, hidden=hidden),
            "panels": selectors.resident_panels(request, resident),
        },
    )


def _birth_display(resident: Resident, revealed: bool) -> str:
    if revealed:
        return f"{resident.birth_date:%Y-%m-%d}"
    return idnumber.mask_birth_date(resident.birth_date)


@require_POST
@requires("residents.reveal_id")
def reveal_id(request, code, pk):
    """Show a full ID number once; audited. htmx gets the number (and the birth date) in place, others a
    redirect."""
    resident = selectors.get_resident_for(request.access, pk)
    number = services.id_number_reveal(resident=resident, actor=request.user)
    if request.htmx:
        return render(
            request,
            "residents/_id_number.html",
            {
                "resident": resident,
                "id_display": number,
                "revealed": True,
                "oob_birth": True,
                "birth_display": _birth_display(resident, True),
                "age": _age(resident.birth_date, date.today()),
            },
        )
    request.session[REVEALED_SESSION_KEY] = str(resident.pk)
    return redirect("residents:detail", code=code, pk=resident.pk)


def _resident_form_page(request, form, resident=None, **extra):
    households = form.fields["household"].queryset
    return render(
        request,
        "residents/form.html",
        {"form": form, "resident": resident, "has_households": households.exists(), **extra},
    )


@requires("residents.edit")
def resident_create(request, code):
    """Register a resident; ``?household=<id>`` (the household page's "add member") preselects the household."""
    access = request.access
    initial, household = {}, None
    if household_id := request.GET.get("household"):
        household = selectors.households_for(access).filter(pk=_uuid_or_none(household_id)).first()
        if household is not None:
            initial = {"household": household, "relation": "spouse" if household.members.exists() else "head"}
            # The member entered before this one (保存并添加下一位) lends what a household shares.
            if residence := request.GET.get("residence_type"):
                initial["residence_type"] = residence
    form = ResidentForm(request.POST or None, access=access, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_create(
                community=access.community,
                actor=request.user,
                reason=form.cleaned_data["reason"] or _("新登记"),
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记居民 %(name)s。") % {"name": resident.name})
            if request.POST.get("then") == "next" and resident.household_id:
                params = urlencode(
                    {"household": resident.household_id, "residence_type": resident.residence_type}
                )
                return redirect(f"{reverse('residents:create', kwargs={'code': code})}?{params}")
            return redirect("residents:detail", code=code, pk=resident.pk)
    if household is None and form.is_bound:
        household = form.cleaned_data.get("household") if hasattr(form, "cleaned_data") else None
    members = list(household.members.filter(status="active").order_by("pk")) if household else []
    return _resident_form_page(request, form, household=household, members=members)


@requires("residents.edit")
def resident_edit(request, code, pk):
    access = request.access
    form = ResidentForm(request.POST or None, access=access, instance=selectors.get_resident_for(access, pk))
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_update(
                resident=selectors.get_resident_for(access, pk),  # fresh: the form changed its copy
                actor=request.user,
                reason=form.cleaned_data["reason"] or _("编辑"),
                edit_token=form.edit_token,
                **form.service_fields(),
            )
        except ConcurrentEdit as exc:
            form.add_error(None, str(exc))  # nothing saved; the form keeps what was typed
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存 %(name)s 的信息。") % {"name": resident.name})
            return redirect("residents:detail", code=code, pk=resident.pk)
    return _resident_form_page(request, form, resident=form.instance)


@requires("residents.edit")
def resident_status(request, code, pk):
    """Record a move-out or a death (never a deletion); the history keeps the change and its reason."""
    resident = selectors.get_resident_for(request.access, pk)
    form = StatusForm(request.POST or None, resident=resident)
    if request.method == "POST" and form.is_valid() and not request.POST.get("confirmed"):
        data = form.cleaned_data
        leaving = data["status"] != ResidentStatus.ACTIVE and resident.status == ResidentStatus.ACTIVE
        consequences = (
            services.departure_preview(resident=resident, on=data["on"], status=data["status"])
            if leaving
            else []
        )
        if consequences:  # listed before anything is saved; confirming saves all in one transaction
            return render(
                request,
                "residents/status_confirm.html",
                {
                    "resident": resident,
                    "form": form,
                    "consequences": consequences,
                    "status_label": ResidentStatus(data["status"]).label,
                },
            )
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_status_record(
                resident=resident,
                actor=request.user,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已将 %(name)s 记为“%(status)s”。")
                % {"name": resident.name, "status": resident.get_status_display()},
            )
            return redirect("residents:detail", code=code, pk=resident.pk)
    return render(request, "residents/status.html", {"resident": resident, "form": form})


@requires("residents.view")
def household_detail(request, code, pk):
    """A household: its members, head, the chain up to the grid cadre, and its history."""
    household = selectors.get_chain_household_for(request.access, pk)
    members = list(household.members.all())
    today = date.today()
    for member in members:
        member.masked_id = idnumber.mask(member.id_number)
        member.age = _age(member.birth_date, today)
    return render(
        request,
        "residents/household.html",
        {
            "household": household,
            "members": members,
            "head": selectors.household_head(household),
            "chain": selectors.responsibility_chain(household),
            "history": selectors.change_history(household),
            "panels": selectors.household_panels(request, household),
        },
    )


@requires("residents.edit")
def household_create(request, code):
    """Create a household at an address of the user's grids, then add its members."""
    access = request.access
    form = HouseholdForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        fields = {
            k: form.cleaned_data[k]
            for k in ("grid", "compound", "building", "unit", "door", "number", "notes")
        }
        try:
            household = services.household_create(community=access.community, actor=request.user, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已建立新户：%(address)s（户编号 %(number)s）。请添加家庭成员。")
                % {"address": household.address, "number": household.number},
            )
            if request.POST.get("then") == "member":
                return redirect(
                    f"{reverse('residents:create', kwargs={'code': code})}?household={household.pk}"
                )
            return redirect("residents:household", code=code, pk=household.pk)
    return render(request, "residents/household_form.html", {"form": form})


@requires("residents.view")
def ledger_index(request, code):
    """The ledgers (台帐) with the number of rows of each."""
    access = request.access
    counts = selectors.ledger_counts(access)
    ledgers = [{"ledger": lg, "count": counts[lg.key]} for lg in visible_ledgers(access)]
    return render(request, "residents/ledgers.html", {"ledgers": ledgers})


def _export_url(code: str, key: str, params=None) -> str:
    """The export of the ledger as the page shows it: the link carries the page's filters."""
    url = reverse("transfer:export", kwargs={"code": code})
    params = params or {}
    carried = export_filters(params)
    if params.get("sq"):  # an ID or phone search: its token, never the number (transfer.views.export)
        carried["sq"] = params["sq"]
    return f"{url}?{urlencode({'ledger': key, **carried})}"


@requires("residents.view")
def ledger_detail(request, code, key):
    """One ledger as a filtered, paginated list. The restricted ledger needs its permission and is audited."""
    ledger = LEDGERS.get(key)
    if ledger is None:
        raise Http404
    if request.method == "POST":
        return search_redirect(request)
    if ledger.restricted:
        if not _can_see_restricted(request):
            raise PermissionDenied
        log_action(AuditAction.RESIDENT_VIEW_RESTRICTED, request=request, data={"ledger": key})
    rows = ledger_rows(ledger, selectors.residents_for(request.access))
    filterset, page = _filtered_page(request, rows, with_status=False)
    return render(
        request,
        "residents/ledger.html",
        {
            "ledger": ledger,
            "filter": filterset,
            "page": page,
            "sort_links": _sort_links(request),
            "show_restricted": _can_see_restricted(request),
            "export_url": _export_url(code, key, request.GET),
        },
    )


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None
