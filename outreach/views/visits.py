"""Visits, the monthly checklist and the 责任书 of persons under community correction (restricted)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from community import filetypes
from community.audit import AuditAction, log_action
from community.middleware import requires
from community.periods import safe_date
from community.records import form_values

from .. import selectors, services
from ..forms import AgreementForm, VisitForm
from ..models import Agreement, Visit, VisitPurpose
from .common import _exact, _form_page, _in_year, _listing, _save_form, _stored, _url, _years, export_response

CHECKLIST_PAGE = 20
VISIT_COLUMNS = [
    ("序号", 6),
    ("走访日期", 12),
    ("走访类型", 12),
    ("走访对象", 10),
    ("住址", 26),
    ("网格", 10),
    ("走访人员", 18),
    ("走访情况", 40),
    ("后续跟进", 30),
]


def _purposes(request):
    if selectors.can_see_restricted(request.access):
        return VisitPurpose.choices
    return [c for c in VisitPurpose.choices if c[0] != VisitPurpose.CORRECTION]


@requires("outreach.view")
def visit_list(request, code):
    context = _listing(
        request,
        selectors.visits_for(request.access),
        search=("resident__name", "household__compound__name", "household__door", "other_visitors", "notes"),
        sorts={"date": ["-date"], "purpose": ["purpose"]},
        filters={"purpose": _exact("purpose"), "year": _in_year("date")},
        selects=[("purpose", _("走访类型"), _purposes(request)), ("year", _("年份"), _years())],
    )
    if request.GET.get("format") == "xlsx":
        visits = context["page"].paginator.object_list.select_related(
            "resident", "household__grid", "household__compound", "household__building", "household__unit"
        )
        rows = (
            [
                n,
                v.date,
                v.get_purpose_display(),
                v.resident.name if v.resident else "",
                v.household.address if v.household else "",
                v.household.grid.name if v.household else "",
                "、".join(
                    [u.display_name for u in v.visitors.all()]
                    + ([v.other_visitors] if v.other_visitors else [])
                ),
                v.notes,
                v.follow_up,
            ]
            for n, v in enumerate(visits, start=1)
        )
        return export_response(request, title=_("走访记录"), slug="visits", columns=VISIT_COLUMNS, rows=rows)
    return render(request, "outreach/visit_list.html", context)


@requires("outreach.view")
def checklist(request, code):
    """Who is due a visit this month and has not had one (persons under correction: restricted)."""
    month = safe_date(f"{request.GET.get('month', '')}-01") or date.today()
    show = request.GET.get("show", "due")
    show = show if show in selectors.CHECKLIST_SHOW else "due"
    data = selectors.monthly_checklist(request.access, month, include_hardship=False)
    if data.show_correction:
        # Who is under community correction is restricted information: its display is audited.
        log_action(
            AuditAction.OUTREACH_CHECKLIST_VIEW_RESTRICTED,
            request=request,
            data={"month": f"{data.month:%Y-%m}"},
        )
    # Paged by grid (a tab each, the first with someone still due by default), walked building by building.
    grids = selectors.checklist_grids(request.access, month)
    wanted = request.GET.get("grid", "")
    grid = next((g for g in grids if str(g.pk) == wanted), None) or next(
        (g for g in grids if g.missing), None
    )
    grid = grid or (grids[0] if grids else None)
    households = selectors.checklist_households(
        request.access, month, grid_id=grid.pk if grid else None, show=show
    )
    page = Paginator(households, CHECKLIST_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/checklist.html",
        {
            "checklist": data,
            "month_value": f"{data.month:%Y-%m}",
            "grids": grids,
            "grid": grid,
            "page": page,
            "show": show,
            "shows": selectors.CHECKLIST_SHOW.items(),
            "duties": selectors.plans.monthly_duties(
                request.community, data.month, restricted=data.show_correction
            ),
            "hardship_due": sum(g.due for g in grids),
            "hardship_done": sum(g.done for g in grids),
        },
    )


def _visit_form(request, visit):
    initial = {"date": date.today()}
    if visit.pk:
        initial.update(visitors=visit.visitors.all())
    else:
        initial["visitors"] = [request.user.pk]
        for name in ("resident", "household", "purpose"):
            if value := request.GET.get(name):
                initial[name] = value
        if purpose := initial.get("purpose"):
            initial["plan_item"] = selectors.plans.suggest_item(
                request.community, date.today(), purpose=purpose
            )
    form = VisitForm(request.POST or None, instance=visit, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.visit_save(
                visit=_stored(visit),
                **form_values(f),
                community=request.community,
                actor=request.user,
                visitors=f.cleaned_data["visitors"],
                edit_token=f.edit_token,
            ),
            success=_("走访记录已保存。"),
            next_url=_url("visits", request),
        )
        if response:
            return response
    title = _("编辑走访记录") if visit.pk else _("登记走访")
    return _form_page(request, form=form, title=title, back=_url("visits", request))


@requires("outreach.edit")
def visit_create(request, code):
    return _visit_form(request, Visit(community=request.community))


@requires("outreach.edit")
def visit_edit(request, code, pk):
    return _visit_form(request, selectors.get_visit_for(request.access, pk))


@requires("residents.view_restricted")
def agreement_list(request, code):
    """责任书 of persons under community correction (restricted)."""
    context = _listing(
        request,
        selectors.agreements_for(request.access),
        search=("resident__name", "guardian"),
        sorts={"signed_on": ["-signed_on"], "term_end": ["term_end"], "resident": ["resident__name_pinyin"]},
        filters={"year": _in_year("signed_on")},
        selects=[("year", _("签订年份"), _years())],
    )
    context["today"] = date.today()
    log_action(AuditAction.OUTREACH_AGREEMENT_VIEW_LIST, request=request, data={"restricted": True})
    return render(request, "outreach/agreement_list.html", context)


def _agreement_form(request, agreement):
    if not request.access.has("outreach.edit"):
        raise PermissionDenied
    initial = {"signed_on": date.today()}
    if not agreement.pk and (resident := request.GET.get("resident")):
        initial["resident"] = resident
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=agreement,
        initial=initial,
        access=request.access,
    )
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.agreement_save(
                agreement=_stored(agreement),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("责任书已保存。"),
            next_url=_url("agreements", request),
        )
        if response:
            return response
    title = _("编辑责任书") if agreement.pk else _("登记责任书")
    return _form_page(request, form=form, title=title, back=_url("agreements", request), multipart=True)


@requires("residents.view_restricted")
def agreement_create(request, code):
    return _agreement_form(request, Agreement(community=request.community))


@requires("residents.view_restricted")
def agreement_edit(request, code, pk):
    return _agreement_form(request, selectors.get_agreement_for(request.access, pk))


@requires("residents.view_restricted")
def agreement_file(request, code, pk):
    """The scanned 责任书, read from the private storage after the permission check; every opening audited."""
    agreement = selectors.get_agreement_for(request.access, pk)
    if not agreement.file:
        raise Http404
    try:
        handle = agreement.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.agreement_file_served(agreement=agreement, actor=request.user)
    # Served as a download, with the type its first bytes show: never rendered in the portal's origin.
    kind = filetypes.sniff(handle) or ("application/octet-stream", ".bin")
    filename = f"责任书_{agreement.resident.name}_{agreement.signed_on:%Y%m%d}{kind[1]}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=kind[0])
    response["X-Content-Type-Options"] = "nosniff"
    return response
