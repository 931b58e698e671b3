"""Disputes and residents' concerns: received, mediated, settled or reported — never deleted."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from community.middleware import requires
from community.records import form_values
from residents.selectors import residents_for

from .. import selectors, services
from ..forms import DisputeForm
from ..models import Dispute, DisputeCategory, DisputeStatus, SettlingLevel
from .common import (
    _exact,
    _form_page,
    _in_year,
    _listing,
    _save_form,
    _stored,
    _url,
    _year,
    _years,
    export_response,
)

DISPUTE_COLUMNS = [
    ("序号", 6),
    ("受理日期", 12),
    ("事由", 30),
    ("类别", 10),
    ("当事人", 18),
    ("上访", 6),
    ("调处人", 10),
    ("状态", 8),
    ("办结时限", 12),
    ("化解层级", 10),
    ("调处结果", 30),
    ("办结日期", 12),
]


def _parties_text(dispute) -> str:
    """The parties the user may see by name, the others (another grid's) by number, then the unregistered."""
    names = [p.name for p in dispute.visible_parties]
    hidden = dispute.party_count - len(names)
    if hidden > 0:
        names.append(_("其他网格居民 %(n)s 人") % {"n": hidden})
    if dispute.other_parties:
        names.append(dispute.other_parties)
    return "、".join(names)


def _overdue(queryset, value):
    return queryset.filter(
        status__in=[DisputeStatus.ACCEPTED, DisputeStatus.MEDIATING], deadline__lt=date.today()
    )


@requires("outreach.view")
def dispute_list(request, code):
    context = _listing(
        request,
        selectors.disputes_for(request.access),
        search=("summary", "other_parties", "handler", "resolution"),
        # a party is found by name only within the user's scope (grid workers: their grids)
        search_q=lambda q: Q(parties__in=residents_for(request.access).filter(name__icontains=q)),
        sorts={"received_on": ["-received_on"], "deadline": ["deadline"], "status": ["status"]},
        filters={
            "status": _exact("status"),
            "category": _exact("category"),
            "level": _exact("settled_level"),
            "petition": lambda qs, v: qs.filter(is_petition=True),
            "overdue": _overdue,
            "year": _in_year("received_on"),
        },
        selects=[
            ("status", _("状态"), DisputeStatus.choices),
            ("category", _("类别"), DisputeCategory.choices),
            ("level", _("化解层级"), SettlingLevel.choices),
            ("petition", _("上访"), [("1", _("仅上访"))]),
            ("overdue", _("超期"), [("1", _("仅超期未结"))]),
            ("year", _("受理年份"), _years()),
        ],
    )
    if request.GET.get("format") == "xlsx":
        disputes = context["page"].paginator.object_list
        rows = (
            [
                n,
                d.received_on,
                d.summary,
                d.get_category_display(),
                _parties_text(d),
                "是" if d.is_petition else "",
                d.handler,
                d.get_status_display(),
                d.deadline,
                d.get_settled_level_display(),
                d.resolution,
                d.closed_on,
            ]
            for n, d in enumerate(disputes, start=1)
        )
        return export_response(
            request, title=_("矛盾纠纷台帐"), slug="disputes", columns=DISPUTE_COLUMNS, rows=rows
        )
    year = _year(request)
    context.update(
        year=year,
        today=date.today(),
        figures=selectors.dispute_figures(request.community, *selectors.year_range(year)),
    )
    return render(request, "outreach/dispute_list.html", context)


def _dispute_form(request, dispute):
    """Receive a case, or move it along its status flow. Roles without outreach.edit read only."""
    can_edit = request.access.has("outreach.edit")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    previous = dispute.status if dispute.pk else None
    keep = selectors.hidden_people_ids(request.access, dispute.parties.all()) if dispute.pk else []
    today = date.today()
    initial = (
        {"parties": selectors.scoped_people(request.access, dispute.parties.all())[0]}
        if dispute.pk
        else {"received_on": today, "deadline": today + timedelta(days=services.DISPUTE_TERM_DAYS)}
    )
    form = DisputeForm(request.POST or None, instance=dispute, initial=initial, access=request.access)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.dispute_save(
                dispute=_stored(dispute),
                **form_values(f),
                community=request.community,
                actor=request.user,
                parties=[*f.cleaned_data["parties"], *keep],
                previous_status=previous,
                edit_token=f.edit_token,
            ),
            success=_("矛盾纠纷记录已保存。"),
            next_url=_url("disputes", request),
        )
        if response:
            return response
    title = _("调处与结案") if dispute.pk else _("受理矛盾纠纷/居民诉求")
    return _form_page(
        request,
        form=form,
        title=title,
        back=_url("disputes", request),
        readonly=not can_edit,
        kept_people=len(keep),
    )


@requires("outreach.edit")
def dispute_create(request, code):
    return _dispute_form(request, Dispute(community=request.community))


@requires("outreach.view")
def dispute_edit(request, code, pk):
    return _dispute_form(request, selectors.get_dispute_for(request.access, pk))
