"""Portal-level pages: the home page, a community's overview, the audit trail."""

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import audit, selectors, services, versioning
from .access import communities_for_user
from .audit import AuditAction, log_action
from .forms import ChinesePasswordChangeForm, CommunityProfileForm
from .middleware import requires
from .models import Community, Role, StreetOffice
from .permissions import role_has
from .spreadsheets import SafeCSVWriter
from .two_factor import eligible, needs_verification, next_step_url


def home(request):
    """Send each user where their work is: one community → its overview; several → a list."""
    user = request.user
    roles = set(user.memberships.values_list("role", flat=True))
    is_street = any(role_has(role, "reports.street") for role in roles)
    communities = list(communities_for_user(user))
    if len(communities) == 1 and not is_street:
        return redirect("community:overview", code=communities[0].code)
    if not communities and any(role_has(role, "audit.view") for role in roles):
        return redirect("audit_log")
    if not communities and (user.is_system_admin or user.is_superuser):
        return redirect("admin:index")
    streets = StreetOffice.objects.filter(memberships__user=user, memberships__role=Role.STREET).order_by(
        "name"
    )
    return render(
        request,
        "community/home.html",
        {
            "communities": communities,
            "is_street": is_street,
            "streets": streets,
            "year": date.today().year,
        },
    )


@requires("community.view")
def overview(request, code):
    """A community's front page: its profile, and the figures of the apps that provide them."""
    community = request.community
    return render(
        request,
        "community/overview.html",
        {"community": community, "panels": selectors.overview_panels(request)},
    )


@requires("community.profile")
def profile(request, code):
    """The community's own profile (成立时间, 面积, 办公楼, staffing), kept by its staff and secretary."""
    community = request.community
    form = CommunityProfileForm(request.POST or None, instance=community)
    versioning.add_edit_token(
        form, Community.objects.get(pk=community.pk)
    )  # a concurrent save is not overwritten
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.community_profile_update(
                community=Community.objects.get(pk=community.pk),
                actor=request.user,
                data=form.cleaned_data,
                edit_token=versioning.posted_token(form),
            )
        except versioning.ConcurrentEdit as exc:
            form.add_error(None, str(exc))
            return render(
                request,
                "community/profile.html",
                {
                    "form": form,
                    "history": community.history.select_related("history_user").order_by("-history_date")[
                        :10
                    ],
                    "next": request.POST.get("next", ""),
                },
            )
        messages.success(request, _("社区概况已保存。") if changed else _("没有修改。"))
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(
            back, {request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)  # e.g. back to the report's pre-flight check
        return redirect("community:overview", code=community.code)
    history = community.history.select_related("history_user").order_by("-history_date")[:10]
    return render(
        request,
        "community/profile.html",
        {"form": form, "history": history, "next": request.GET.get("next", "")},
    )


@requires("audit.view")
def audit_log(request):
    """The audit trail, for the auditor only (everyone else: 404, the page does not exist for them)."""
    filters = _audit_filters(request)
    page = Paginator(selectors.audit_rows(**filters), 50).get_page(request.GET.get("page"))
    entries = [
        {
            "row": row,
            "action": audit.action_label(row.action),
            "role": audit.role_label(row.role),
            "outcome": audit.outcome_label(row.outcome),
            "object": audit.describe(row),
            "name": row.user.display_name if row.user else "",
        }
        for row in page
    ]
    return render(
        request,
        "community/audit_log.html",
        {
            "page": page,
            "entries": entries,
            "filters": filters,
            "kinds": [(f"kind:{k}", v[0]) for k, v in audit.KINDS.items()],
            "actions": sorted(
                ((code, str(label)) for code, label in audit.AuditAction.choices), key=lambda a: a[1]
            ),
            "roles": Role.choices,
            "outcomes": list(audit.OUTCOMES.items()),
            "communities": Community.objects.select_related("street").order_by("street__name", "name"),
        },
    )


def _audit_filters(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in selectors.AUDIT_FILTERS}


@requires("audit.view")
def audit_export(request):
    """The filtered audit trail as CSV (UTF-8 with BOM, for Excel). The export itself is audited."""
    filters = _audit_filters(request)
    rows = selectors.audit_rows(**filters)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SafeCSVWriter(buffer)  # names and file names are text a spreadsheet must not evaluate
    writer.writerow(
        ["时间(UTC)", "用户", "角色", "社区", "操作", "对象类型", "对象", "结果", "IP", "请求编号"]
    )
    count = 0
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.at.isoformat(),
                row.username,
                row.role,
                row.community.name if row.community else "",
                row.action,
                row.object_type,
                row.shown_object,
                row.outcome,
                row.ip or "",
                row.request_id,
            ]
        )
        count += 1
    log_action(AuditAction.AUDIT_EXPORT, request=request, data={"rows": count, **filters})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


def csrf_failure(request, reason=""):
    """The CSRF refusal in Chinese, in the portal's layout, with a way back (settings.CSRF_FAILURE_VIEW)."""
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(request, "403_csrf.html", {"back": referer if safe else ""}, status=403)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password. A session that has not passed its required second factor cannot use it
    (the middleware sends it to the token check first; this view refuses too, should it be reached)."""

    form_class = ChinesePasswordChangeForm
    template_name = "registration/password_change_form.html"
    extra_context = {"title": _("修改密码")}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and needs_verification(request):
            return redirect(f"{next_step_url(request)}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_two_factor": eligible(self.request.user)}
