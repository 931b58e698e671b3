"""宗教事务联络: religious sites, their religious figures, the monthly joint visits, talks."""

from datetime import date

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from community import periods
from community.middleware import requires
from community.records import form_values

from .. import selectors, services
from ..forms import FigureForm, JointVisitForm, SiteForm
from ..models import FigureRole, JointVisit, ReligiousFigure, ReligiousSite, SiteKind
from ..selectors import liaison
from .common import (
    _exact,
    _exact_id,
    _form_page,
    _in_year,
    _listing,
    _save_form,
    _stored,
    _url,
    _years,
    safe_year,
)


@requires("outreach.liaison_view")
def site_list(request, code):
    """Religious sites (grid workers: of their grids) with their figures and this month's joint visit."""
    sites = selectors.sites_for(request.access)
    context = _listing(
        request,
        sites,
        search=("name", "address", "contact_name"),
        sorts={"name": ["name"], "kind": ["kind", "name"]},
        filters={"kind": _exact("kind")},
        selects=[("kind", _("类别"), SiteKind.choices)],
    )
    today = date.today()
    shown = list(context["page"].object_list)
    duties = {d.site.pk: d for d in liaison.joint_visit_duties(request.community, today, today, sites=shown)}
    serving = liaison.figure_in_force(today)
    counts = dict(
        ReligiousFigure.objects.filter(serving, site__in=[s.pk for s in shown])
        .values("site")
        .annotate(n=Count("pk"))
        .values_list("site", "n")
    )
    for site in shown:
        site.duty = duties.get(site.pk)
        site.figure_count = counts.get(site.pk, 0)
    return render(request, "outreach/site_list.html", context)


@requires("outreach.liaison_view")
def site_detail(request, code, pk):
    """A site: its contact, religious figures, this year's joint visits month by month, talks."""
    site = selectors.get_site_for(request.access, pk)
    today = date.today()
    return render(
        request,
        "outreach/site_detail.html",
        {
            "site": site,
            "can_edit": request.access.has("outreach.liaison_edit"),
            "figures": liaison.site_figures(site),
            "duties": liaison.joint_visit_duties(
                request.community, date(today.year, 1, 1), today, sites=[site]
            ),
            "visits": site.joint_visits.prefetch_related("staff", "figures").order_by("-date", "-pk")[:12],
            "talks": selectors.liaison.talks_for(request.access)
            .filter(religious_figures__site=site)
            .distinct()
            .order_by("-date")[:12],
        },
    )


def _site_form(request, site):
    form = SiteForm(request.POST or None, instance=site, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.site_save(
                site=_stored(site),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("宗教场所已保存。"),
            next_url=lambda obj: _url("site_detail", request, obj.pk),
        )
        if response:
            return response
    title = _("编辑宗教场所") if site.pk else _("新增宗教场所")
    return _form_page(request, form=form, title=title, back=_url("sites", request), crumb=_crumb(request))


@requires("outreach.liaison_edit")
def site_create(request, code):
    return _site_form(request, ReligiousSite(community=request.community))


@requires("outreach.liaison_edit")
def site_edit(request, code, pk):
    return _site_form(request, selectors.get_site_for(request.access, pk))


def _serving(queryset, value):
    today = date.today()
    if value == "serving":
        return queryset.filter(liaison.figure_in_force(today))
    if value == "left":
        return queryset.exclude(liaison.figure_in_force(today))
    return queryset


@requires("outreach.liaison_view")
def figure_list(request, code):
    """The register of religious figures (宗教人士), contacts masked."""
    sites = selectors.sites_for(request.access)
    context = _listing(
        request,
        liaison.figures_for(request.access),
        search=("name", "site__name", "notes"),
        sorts={"site": ["site__name", "role_order", "name"], "name": ["name"], "since": ["-since"]},
        filters={"site": _exact_id("site_id"), "role": _exact("role"), "serving": _serving},
        selects=[
            ("site", _("宗教场所"), [(str(s.pk), s.name) for s in sites]),
            ("role", _("身份"), FigureRole.choices),
            ("serving", _("状态"), [("serving", _("在任")), ("left", _("已离任"))]),
        ],
    )
    return render(request, "outreach/figure_list.html", context)


def _figure_form(request, figure):
    initial = {}
    if not figure.pk:
        initial["since"] = date.today()
        if (site_id := request.GET.get("site", "")).isdigit():
            initial["site"] = selectors.sites_for(request.access).filter(pk=site_id).first()
    form = FigureForm(request.POST or None, instance=figure, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.liaison.figure_save(
                figure=_stored(figure),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("宗教人士信息已保存。"),
            next_url=lambda obj: _url("site_detail", request, obj.site_id),
        )
        if response:
            return response
    title = _("编辑宗教人士") if figure.pk else _("登记宗教人士")
    return _form_page(request, form=form, title=title, back=_url("figures", request), crumb=_crumb(request))


@requires("outreach.liaison_edit")
def figure_create(request, code):
    return _figure_form(request, ReligiousFigure(community=request.community))


@requires("outreach.liaison_edit")
def figure_edit(request, code, pk):
    return _figure_form(request, liaison.get_figure_for(request.access, pk))


@requires("outreach.liaison_view")
def joint_visits(request, code):
    """The monthly joint visits: each site × month of the year (done / due / overdue), then the records."""
    year = safe_year(request)
    today = date.today()
    sites = list(selectors.sites_for(request.access).filter(joint_visits_from__isnull=False).order_by("name"))
    duties = []
    if year <= today.year:
        # A past year is seen from the day after it ended, so that December is over too.
        on = today if year == today.year else date(year + 1, 1, 1)
        duties = [
            d
            for d in liaison.joint_visit_duties(request.community, date(year, 1, 1), on, sites=sites)
            if d.month.year == year
        ]
    grid = {site.pk: [None] * 12 for site in sites}
    for duty in duties:
        grid[duty.site.pk][duty.month.month - 1] = duty
    context = _listing(
        request,
        selectors.liaison.joint_visits_for(request.access),
        search=("topics", "situation", "follow_up", "other_participants"),
        sorts={"date": ["-date"], "site": ["site__name", "-date"]},
        filters={"site": _exact_id("site_id"), "year": _in_year("date")},
        selects=[
            ("site", _("宗教场所"), [(str(s.pk), s.name) for s in selectors.sites_for(request.access)]),
            ("year", _("年份"), _years()),
        ],
    )
    context.update(
        year=year,
        years=_years(),
        rows=[(site, grid[site.pk]) for site in sites],
        done=sum(d.status == liaison.DONE for d in duties),
        due=len(duties),
        overdue=sum(d.status == liaison.OVERDUE for d in duties),
    )
    return render(request, "outreach/joint_visits.html", context)


@requires("outreach.liaison_view")
def joint_visit_detail(request, code, pk):
    visit = liaison.get_joint_visit_for(request.access, pk)
    households = visit.households.select_related("grid", "compound", "building", "unit")
    return render(request, "outreach/joint_visit_detail.html", {"visit": visit, "households": households})


def _joint_visit_form(request, visit):
    initial = {}
    if visit.pk:
        initial.update(staff=visit.staff.all(), figures=visit.figures.all())
    else:
        initial.update(staff=[request.user.pk], date=date.today())
        if (site_id := request.GET.get("site", "")).isdigit():
            initial["site"] = selectors.sites_for(request.access).filter(pk=site_id).first()
        month = periods.safe_date(f"{request.GET.get('month', '')}-01")  # ?month=2026-13 is no month
        if month and month < date.today().replace(day=1):
            initial["date"] = month  # recording a past month's visit late
    form = JointVisitForm(request.POST or None, instance=visit, initial=initial, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.liaison.joint_visit_save(
                visit=_stored(visit),
                **form_values(f),
                community=request.community,
                actor=request.user,
                staff=list(f.cleaned_data["staff"]),
                figures=list(f.cleaned_data["figures"]),
                households=f.households(),
                edit_token=f.edit_token,
            ),
            success=_("联合走访已登记。"),
            next_url=lambda obj: _url("joint_visit_detail", request, obj.pk),
        )
        if response:
            return response
    title = _("编辑联合走访") if visit.pk else _("登记联合走访")
    return _form_page(
        request, form=form, title=title, back=_url("joint_visits", request), crumb=_crumb(request)
    )


@requires("outreach.liaison_edit")
def joint_visit_create(request, code):
    return _joint_visit_form(request, JointVisit(community=request.community))


@requires("outreach.liaison_edit")
def joint_visit_edit(request, code, pk):
    return _joint_visit_form(request, liaison.get_joint_visit_for(request.access, pk))


@requires("outreach.liaison_view")
def talk_list(request, code):
    """座谈 and talks: events religious figures took part in."""
    context = _listing(
        request,
        liaison.talks_for(request.access),
        search=("title", "place", "description"),
        sorts={"date": ["-date"], "title": ["title"]},
        filters={"year": _in_year("date")},
        selects=[("year", _("年份"), _years())],
    )
    return render(request, "outreach/talk_list.html", context)


def _crumb(request):
    return (_("宗教事务"), _url("sites", request))
