"""Events and propaganda output."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from community.middleware import requires
from community.records import form_values

from .. import selectors, services
from ..forms import EventForm, PropagandaForm
from ..models import Event, EventStatus, EventType, Propaganda
from .common import _exact, _form_page, _in_year, _listing, _save_form, _stored, _url, _year, _years


@requires("outreach.view")
def event_list(request, code):
    """Events of the community, with this year's counts by type."""
    context = _listing(
        request,
        selectors.events_for(request.access),
        search=("title", "place", "organiser", "occasion", "description"),
        sorts={"date": ["-date"], "title": ["title"], "type": ["type__order"]},
        filters={"type": _exact("type__code"), "status": _exact("status"), "year": _in_year("date")},
        selects=[
            ("type", _("类型"), [(t.code, t.name) for t in EventType.objects.all()]),
            ("status", _("状态"), EventStatus.choices),
            ("year", _("年份"), _years()),
        ],
    )
    year = _year(request)
    context.update(
        year=year,
        by_type=selectors.events_by_type_and_month(request.community, year),
        propaganda=selectors.propaganda_totals(request.community, *selectors.year_range(year)),
    )
    return render(request, "outreach/event_list.html", context)


@requires("outreach.view")
def event_detail(request, code, pk):
    """One event with its participants and their breakdown by ethnicity."""
    event = selectors.get_event_for(request.access, pk)
    participants, others = selectors.scoped_people(
        request.access, event.participants.all(), event.registered_count
    )
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "participants": participants,
            "other_participants": others,
            "breakdown": selectors.participants_by_ethnicity(
                selectors.events_for(request.access).filter(pk=pk)
            ),
            "propaganda": event.propaganda.all(),
            "religious_figures": event.religious_figures.select_related("site"),
        },
    )


def _event_form(request, event):
    """Create or edit an event. A grid worker picks among, and sees, the residents of their grids only;
    participants from other grids stay on the event untouched (``keep``)."""
    if not request.access.has("outreach.edit"):
        raise PermissionDenied
    keep = selectors.hidden_people_ids(request.access, event.participants.all()) if event.pk else []
    initial = (
        {
            "participants": selectors.scoped_people(request.access, event.participants.all())[0],
            "religious_figures": event.religious_figures.all(),
        }
        if event.pk
        else {"date": date.today()}
    )
    if not event.pk and (type_code := request.GET.get("type")):
        initial["type"] = EventType.objects.filter(code=type_code).first()
    if not event.pk and initial.get("type"):
        initial["plan_item"] = selectors.plans.suggest_item(
            request.community, date.today(), event_type=initial["type"]
        )
    form = EventForm(request.POST or None, instance=event, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.event_save(
                event=_stored(event),
                **form_values(f),
                community=request.community,
                actor=request.user,
                participants=[*f.cleaned_data["participants"], *keep],
                edit_token=f.edit_token,
                token_m2m=getattr(f, "token_m2m", ()),
                religious_figures=f.cleaned_data["religious_figures"],
            ),
            success=_("活动已保存。"),
            next_url=lambda obj: _url("event_detail", request, obj.pk),
        )
        if response:
            return response
    title = _("编辑活动") if event.pk else _("登记活动")
    back = _url("event_detail", request, event.pk) if event.pk else _url("events", request)
    return _form_page(request, form=form, title=title, back=back, kept_people=len(keep))


@requires("outreach.edit")
def event_create(request, code):
    return _event_form(request, Event(community=request.community))


@requires("outreach.edit")
def event_edit(request, code, pk):
    return _event_form(request, selectors.get_event_for(request.access, pk))


@requires("outreach.view")
def propaganda_list(request, code):
    context = _listing(
        request,
        selectors.propaganda_for(request.access),
        search=("subject", "event__title", "notes"),
        sorts={"date": ["-date"], "subject": ["subject"], "leaflets": ["-leaflets"]},
        filters={"year": _in_year("date")},
        selects=[("year", _("年份"), _years())],
    )
    year = _year(request)
    context.update(
        year=year, totals=selectors.propaganda_totals(request.community, *selectors.year_range(year))
    )
    return render(request, "outreach/propaganda_list.html", context)


def _propaganda_form(request, row):
    initial = {"date": date.today()}
    if not row.pk and (event_id := request.GET.get("event", "")).isdigit():
        event = selectors.events_for(request.access).filter(pk=event_id).first()
        if event:
            initial.update(event=event, date=event.date, subject=event.title)
    form = PropagandaForm(request.POST or None, instance=row, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.propaganda_save(
                propaganda=_stored(row),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("宣传品已保存。"),
            next_url=_url("propaganda", request),
        )
        if response:
            return response
    title = _("编辑宣传品") if row.pk else _("登记宣传品")
    return _form_page(request, form=form, title=title, back=_url("propaganda", request))


@requires("outreach.edit")
def propaganda_create(request, code):
    return _propaganda_form(request, Propaganda(community=request.community))


@requires("outreach.edit")
def propaganda_edit(request, code, pk):
    return _propaganda_form(request, selectors.get_propaganda_for(request.access, pk))
