"""Organisations and their members, the jurisdiction's units (religious sites: ``liaison``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.middleware import requires
from community.records import form_values
from residents.selectors import residents_for

from .. import selectors, services
from ..forms import MemberForm, OrganisationForm, UnitForm
from ..models import JurisdictionUnit, Organisation, OrganisationKind, UnitKind
from .common import _exact, _form_page, _listing, _save_form, _stored, _url


@requires("outreach.view")
def organisation_list(request, code):
    context = _listing(
        request,
        selectors.organisations_for(request.access),
        search=("name", "head_name", "description"),
        sorts={"kind": ["kind_order", "grid__number", "name"], "name": ["name"]},
        filters={"kind": _exact("kind")},
        selects=[("kind", _("类别"), OrganisationKind.choices)],
    )
    context.update(
        volunteers=selectors.volunteer_figures(request.community),
        unit_count=selectors.units_for(request.access).count(),
        site_count=selectors.sites_for(request.access).count(),
    )
    return render(request, "outreach/organisation_list.html", context)


@requires("outreach.view")
def organisation_detail(request, code, pk):
    organisation = selectors.get_organisation_for(request.access, pk)
    members = selectors.organisation_members(organisation, request.access)
    return render(
        request,
        "outreach/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "hidden_members": sum(not m.visible for m in members),
            "member_form": MemberForm(access=request.access),
        },
    )


def _organisation_form(request, organisation):
    form = OrganisationForm(request.POST or None, instance=organisation, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.organisation_save(
                organisation=_stored(organisation),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("组织信息已保存。"),
            next_url=lambda obj: _url("organisation_detail", request, obj.pk),
        )
        if response:
            return response
    title = _("编辑组织") if organisation.pk else _("新建组织或队伍")
    return _form_page(request, form=form, title=title, back=_url("organisations", request))


@requires("outreach.edit")
def organisation_create(request, code):
    return _organisation_form(request, Organisation(community=request.community))


@requires("outreach.edit")
def organisation_edit(request, code, pk):
    return _organisation_form(request, selectors.get_organisation_for(request.access, pk))


@require_POST
@requires("outreach.edit")
def member_add(request, code, pk):
    organisation = selectors.get_organisation_for(request.access, pk)
    form = MemberForm(request.POST, access=request.access)
    if form.is_valid():
        try:
            member = services.member_add(organisation=organisation, actor=request.user, **form.cleaned_data)
            messages.success(request, _("已添加成员：%(name)s") % {"name": member.display_name})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(_url("organisation_detail", request, organisation.pk))


@require_POST
@requires("outreach.edit")
def member_remove(request, code, pk, member_pk):
    organisation = selectors.get_organisation_for(request.access, pk)
    member = organisation.members.filter(pk=member_pk).first()
    # a registered resident outside the user's scope (another grid's) is not theirs to remove
    if member is None or (
        member.resident_id and not residents_for(request.access).filter(pk=member.resident_id).exists()
    ):
        raise Http404
    services.member_remove(member=member, actor=request.user)
    messages.success(request, _("已移出成员：%(name)s") % {"name": member.display_name})
    return redirect(_url("organisation_detail", request, organisation.pk))


@requires("outreach.view")
def unit_list(request, code):
    context = _listing(
        request,
        selectors.units_for(request.access),
        search=("name", "address", "contact_name"),
        sorts={"kind": ["kind", "name"], "name": ["name"]},
        filters={"kind": _exact("kind")},
        selects=[("kind", _("类别"), UnitKind.choices)],
    )
    return render(request, "outreach/unit_list.html", context)


def _unit_form(request, *, unit, title, back):
    form = UnitForm(request.POST or None, instance=unit, access=request.access)
    if request.method == "POST":
        response = _save_form(
            request,
            form,
            lambda f: services.unit_save(
                unit=_stored(unit),
                **form_values(f),
                community=request.community,
                actor=request.user,
                edit_token=f.edit_token,
            ),
            success=_("已保存。"),
            next_url=back,
        )
        if response:
            return response
    return _form_page(request, form=form, title=title, back=back)


@requires("outreach.edit")
def unit_create(request, code):
    return _unit_form(
        request,
        unit=JurisdictionUnit(community=request.community),
        title=_("新增辖区单位"),
        back=_url("units", request),
    )


@requires("outreach.edit")
def unit_edit(request, code, pk):
    return _unit_form(
        request,
        unit=selectors.get_unit_for(request.access, pk),
        title=_("编辑辖区单位"),
        back=_url("units", request),
    )
