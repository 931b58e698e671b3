"""民族团结进步创建: the year's record at a glance, 示范, commendations, facilities, funding with its
receipts, staff training, and the 创建 archive (one ZIP a year)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.audit import AuditAction, log_action
from community.middleware import requires
from community.records import form_values
from community.storage import private_storage

from .. import archive, services
from ..forms import CommendationForm, FacilityForm, FundingForm, HonourForm, ReceiptForm, TrainingForm
from ..models import (
    Commendation,
    Facility,
    FacilityKind,
    Funding,
    FundSource,
    Honour,
    HonourKind,
    HonourStage,
    Level,
    Training,
)
from ..selectors import creation, figures
from .common import _exact, _form_page, _in_year, _listing, _save_form, _stored, _url, _years, safe_year

GROUPS = [
    (
        "宗教事务联络",
        figures.LIAISON,
        ["sites", "religious_figures", "joint_due", "joint_done", "joint_overdue", "joint_visits", "talks"],
    ),
    (
        "清真食品监管",
        figures.HALAL,
        [
            "halal_shops",
            "halal_expired",
            "halal_inspections",
            "halal_open",
            "halal_rectified",
            "halal_complaints",
            "halal_complaints_open",
        ],
    ),
    (
        "示范创建与表彰",
        figures.CREATION,
        [
            "model_households",
            "model_buildings",
            "model_units",
            "model_workplaces",
            "nominations",
            "commendations",
        ],
    ),
    (
        "阵地、经费与培训",
        figures.CREATION,
        [
            "facilities",
            "facility_area",
            "funding",
            "funding_entries",
            "trainings",
            "trainees",
            "training_hours",
        ],
    ),
    (
        "协会、队伍与特色党小组",
        figures.CREATION,
        [
            "associations",
            "association_members",
            "teams",
            "team_members",
            "party_groups",
            "party_group_members",
        ],
    ),
]


def reference_date(year: int) -> date:
    """Today for this year, the 31st of December for a past year."""
    today = date.today()
    return today if year >= today.year else date(year, 12, 31)


@requires("outreach.creation_view")
def creation_index(request, code):
    """The year's 创建 figures, each opening its rows, and the archive of the year."""
    year = safe_year(request)
    on = reference_date(year)
    values = figures.register_figures(request.community, on, year)
    access = request.access
    groups = [
        (title, [(figures.FIGURES[key], values[key]) for key in keys])
        for title, permission, keys in GROUPS
        if access.has(permission)
    ]
    return render(
        request,
        "outreach/creation_index.html",
        {
            "year": year,
            "on": on,
            "groups": groups,
            "years": _years(),
            "can_open": access.has("outreach.figure_rows"),
        },
    )


@requires("outreach.creation_view")
def creation_archive(request, code):
    """The 创建 archive of a year as one ZIP with an index (audited)."""
    year = safe_year(request)
    built = archive.build(request.community, year, reference_date(year))
    log_action(
        AuditAction.OUTREACH_CREATION_ARCHIVE,
        request=request,
        data={"year": year, "files": len(built.entries), "bytes": built.size},
    )
    response = HttpResponse(built.content, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{built.quoted_name}"
    return response


def _same_year(queryset, value):
    return queryset.filter(year=int(value)) if value.isdigit() and int(value) <= 9999 else queryset


# -- 示范 -----------------------------------------------------------------------------------------------


def _named_filter(queryset, value):
    return queryset.filter(creation.named_on(date.today())) if value == "named" else queryset


@requires("outreach.creation_view")
def honour_list(request, code):
    context = _listing(
        request,
        creation.honours_for(request.access),
        search=("reason", "workplace__name", "building__compound__name"),
        sorts={"year": ["-year", "kind"], "kind": ["kind", "-year"], "nominated": ["-nominated_on"]},
        filters={
            "kind": _exact("kind"),
            "stage": _exact("stage"),
            "level": _exact("level"),
            "year": _same_year,
            "current": _named_filter,
        },
        selects=[
            ("kind", _("类别"), HonourKind.choices),
            ("stage", _("进度"), HonourStage.choices),
            ("level", _("级别"), Level.choices),
            ("year", _("年度"), _years()),
        ],
    )
    return render(request, "outreach/honour_list.html", context)


def _honour_form(request, honour):
    initial = {} if honour.pk else {"year": date.today().year, "nominated_on": date.today()}
    form = HonourForm(request.POST or None, instance=honour, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.creation.honour_save(
                honour=_stored(honour),
                **form_values(f, "household"),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("示范创建记录已保存。"),
            next_url=_url("honours", request),
        )
        if response:
            return response
    title = _("编辑示范创建") if honour.pk else _("登记示范创建")
    return _form_page(request, form=form, title=title, back=_url("honours", request), crumb=_crumb(request))


@requires("outreach.creation_edit")
def honour_create(request, code):
    return _honour_form(request, Honour(community=request.community))


@requires("outreach.creation_edit")
def honour_edit(request, code, pk):
    return _honour_form(request, creation.get_honour_for(request.access, pk))


# -- commendations --------------------------------------------------------------------------------------


@requires("outreach.creation_view")
def commendation_list(request, code):
    context = _listing(
        request,
        creation.commendations_for(request.access),
        search=("resident__name", "name", "title", "awarded_by", "reason"),
        sorts={"awarded": ["-awarded_on"], "title": ["title", "-awarded_on"]},
        filters={"level": _exact("level"), "year": _same_year},
        selects=[("level", _("级别"), Level.choices), ("year", _("年度"), _years())],
    )
    return render(request, "outreach/commendation_list.html", context)


def _commendation_form(request, commendation):
    initial = {} if commendation.pk else {"year": date.today().year, "awarded_on": date.today()}
    form = CommendationForm(
        request.POST or None, instance=commendation, initial=initial, access=request.access
    )
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.creation.commendation_save(
                commendation=_stored(commendation),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("表彰记录已保存。"),
            next_url=_url("commendations", request),
        )
        if response:
            return response
    title = _("编辑表彰") if commendation.pk else _("登记表彰")
    return _form_page(
        request, form=form, title=title, back=_url("commendations", request), crumb=_crumb(request)
    )


@requires("outreach.creation_edit")
def commendation_create(request, code):
    return _commendation_form(request, Commendation(community=request.community))


@requires("outreach.creation_edit")
def commendation_edit(request, code, pk):
    return _commendation_form(request, creation.get_commendation_for(request.access, pk))


# -- facilities -----------------------------------------------------------------------------------------


def _in_use(queryset, value):
    if value == "in_use":
        return queryset.filter(creation.facility_in_use(date.today()))
    if value == "retired":
        return queryset.exclude(creation.facility_in_use(date.today()))
    return queryset


@requires("outreach.creation_view")
def facility_list(request, code):
    context = _listing(
        request,
        creation.facilities_for(request.access),
        search=("name", "location", "notes"),
        sorts={"kind": ["kind", "name"], "name": ["name"], "since": ["-since"], "area": ["-area_m2"]},
        filters={"kind": _exact("kind"), "state": _in_use},
        selects=[
            ("kind", _("类别"), FacilityKind.choices),
            ("state", _("状态"), [("in_use", _("在用")), ("retired", _("已停用"))]),
        ],
    )
    return render(request, "outreach/facility_list.html", context)


def _facility_form(request, facility):
    initial = {} if facility.pk else {"since": date.today()}
    form = FacilityForm(request.POST or None, instance=facility, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.creation.facility_save(
                facility=_stored(facility),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("阵地设施已保存。"),
            next_url=_url("facilities", request),
        )
        if response:
            return response
    title = _("编辑阵地设施") if facility.pk else _("登记阵地设施")
    return _form_page(
        request, form=form, title=title, back=_url("facilities", request), crumb=_crumb(request)
    )


@requires("outreach.creation_edit")
def facility_create(request, code):
    return _facility_form(request, Facility(community=request.community))


@requires("outreach.creation_edit")
def facility_edit(request, code, pk):
    return _facility_form(request, creation.get_facility_for(request.access, pk))


# -- funding and receipts -------------------------------------------------------------------------------


@requires("outreach.creation_view")
def funding_list(request, code):
    context = _listing(
        request,
        creation.funding_for(request.access),
        search=("purpose", "notes"),
        sorts={"date": ["-date"], "amount": ["-amount"]},
        filters={"source": _exact("source"), "year": _in_year("date")},
        selects=[("source", _("来源"), FundSource.choices), ("year", _("年份"), _years())],
    )
    year = safe_year(request)
    context.update(
        year=year, total=figures.register_total("funding", request.community, reference_date(year), year)
    )
    return render(request, "outreach/funding_list.html", context)


@requires("outreach.creation_view")
def funding_detail(request, code, pk):
    funding = creation.get_funding_for(request.access, pk)
    return render(
        request,
        "outreach/funding_detail.html",
        {"funding": funding, "receipts": funding.receipts.all(), "receipt_form": ReceiptForm()},
    )


def _funding_form(request, funding):
    initial = {} if funding.pk else {"date": date.today()}
    form = FundingForm(request.POST or None, instance=funding, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.creation.funding_save(
                funding=_stored(funding),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("经费记录已保存，可在详情页上传票据。"),
            next_url=lambda obj: _url("funding_detail", request, obj.pk),
        )
        if response:
            return response
    title = _("编辑经费记录") if funding.pk else _("登记民族工作经费")
    return _form_page(request, form=form, title=title, back=_url("funding", request), crumb=_crumb(request))


@requires("outreach.creation_edit")
def funding_create(request, code):
    return _funding_form(request, Funding(community=request.community))


@requires("outreach.creation_edit")
def funding_edit(request, code, pk):
    return _funding_form(request, creation.get_funding_for(request.access, pk))


@require_POST
@requires("outreach.creation_edit")
def receipt_upload(request, code, pk):
    funding = creation.get_funding_for(request.access, pk)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.creation.receipt_add(
                funding=funding, upload=form.cleaned_data["file"], actor=request.user
            )
            messages.success(request, _("票据已上传。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(_url("funding_detail", request, funding.pk))


@requires("outreach.creation_view")
def receipt_download(request, code, pk):
    """Serve a receipt through the permission check; every download is audited."""
    receipt = creation.get_receipt_for(request.access, pk)
    try:
        handle = private_storage().open(services.creation.receipt_name(receipt), "rb")
    except FileNotFoundError:
        raise Http404 from None
    services.creation.receipt_served(receipt=receipt, actor=request.user)
    return FileResponse(
        handle, as_attachment=True, filename=receipt.original_name, content_type=receipt.content_type
    )


# -- training -------------------------------------------------------------------------------------------


@requires("outreach.creation_view")
def training_list(request, code):
    context = _listing(
        request,
        creation.trainings_for(request.access),
        search=("topic", "provider", "other_trainees", "notes"),
        sorts={"date": ["-date"], "hours": ["-hours"]},
        filters={"year": _in_year("date")},
        selects=[("year", _("年份"), _years())],
    )
    return render(request, "outreach/training_list.html", context)


def _training_form(request, training):
    initial = {"trainees": training.trainees.all()} if training.pk else {"date": date.today()}
    form = TrainingForm(request.POST or None, instance=training, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.creation.training_save(
                training=_stored(training),
                **form_values(f),
                community=request.community,
                actor=request.user,
                trainees=list(f.cleaned_data["trainees"]),
                edit_token=f.edit_token,
            ),
            success=_("培训记录已保存。"),
            next_url=_url("trainings", request),
        )
        if response:
            return response
    title = _("编辑培训记录") if training.pk else _("登记工作人员培训")
    return _form_page(request, form=form, title=title, back=_url("trainings", request), crumb=_crumb(request))


@requires("outreach.creation_edit")
def training_create(request, code):
    return _training_form(request, Training(community=request.community))


@requires("outreach.creation_edit")
def training_edit(request, code, pk):
    return _training_form(request, creation.get_training_for(request.access, pk))


def _crumb(request):
    return (_("民族团结创建"), _url("creation", request))
