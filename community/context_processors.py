"""Template context shared by every page: the current community, role, and the navigation.

Each role has its own navigation: community roles the sections of their community (from the apps'
``nav_items``), the street office its street pages, the auditor the audit trail. The section of the
current page is marked (``active``).
"""

import functools

from django.apps import apps
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from .access import cached_communities_for_user
from .models import Role, StreetOffice  # noqa: F401  (StreetOffice: type of street_nav)
from .permissions import role_has


class _Lazy:
    """A list computed on first use, once (templates test and iterate it several times)."""

    def __init__(self, compute):
        self._compute = compute
        self._items = None

    def _get(self):
        if self._items is None:
            self._items = self._compute()
        return self._items

    def __iter__(self):
        return iter(self._get())

    def __bool__(self):
        return bool(self._get())

    def __len__(self):
        return len(self._get())

    def __getitem__(self, index):
        return self._get()[index]


def _mark_active(items: list[dict], request) -> list[dict]:
    """Mark the item of the current page: its own URL names first, else the longest URL prefix."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    current = next((item for item in items if view_name in item["names"]), None)
    if current is None:
        prefixes = [item for item in items if item["match_prefix"] and request.path.startswith(item["url"])]
        current = max(prefixes, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return items


def community_nav(access) -> list[dict]:
    """The sections of ``access.community`` that its role may open (the apps' ``nav_items``)."""
    # A fresh copy of each item: _mark_active marks the current page's.
    where = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return [dict(item) for item in _community_nav(access.community.code, access.role, where)]


@functools.lru_cache(maxsize=4096)
def _community_nav(code: str, role: str, where: tuple[str, str]) -> tuple[dict, ...]:
    """The sections of community ``code`` for ``role``, reversed once per process: the URLs depend on
    nothing else but ``where`` they are reversed (the script prefix and the URLconf)."""
    items = [
        {
            "label": _("社区概况"),
            "url": reverse("community:overview", kwargs={"code": code}),
            "names": {"community:overview"},
            "match_prefix": False,
        }
    ]
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if not role_has(role, item["permission"]):
                continue
            url = reverse(item["url"], kwargs={"code": code})  # a mistyped name fails, not a lost section
            names = {item["url"], *item.get("also", ())}
            items.append({"label": item["label"], "url": url, "names": names, "match_prefix": True})
    return tuple(items)


def street_nav(street: StreetOffice) -> list[dict]:
    """The street office's own pages: its home, the side-by-side dashboard, completeness, reports."""
    dashboard = reverse("street:dashboard", kwargs={"street_id": street.pk})
    return [
        {"label": _("街道首页"), "url": reverse("home"), "names": {"home"}, "match_prefix": False},
        {
            "label": _("各社区数据看板"),
            "url": dashboard,
            "names": {"street:dashboard"},
            "match_prefix": False,
        },
        {
            "label": _("工作完成情况"),
            "url": f"{dashboard}#completeness",
            "names": set(),
            "match_prefix": False,
        },
        {
            "label": _("汇总报告与打包下载"),
            "url": reverse("street:index", kwargs={"street_id": street.pk}),
            "names": {"street:index"},
            "match_prefix": False,
        },
        {
            "label": _("报告上报收件箱"),
            "url": reverse("street:inbox", kwargs={"street_id": street.pk}),
            "names": {"street:inbox", "street:submission"},
            "match_prefix": False,
        },
        {
            "label": _("信息报送"),
            "url": reverse("street:info", kwargs={"street_id": street.pk}),
            "names": {"street:info", "street:info_detail"},
            "match_prefix": False,
        },
    ]


def _global_nav(request) -> list[dict]:
    """Navigation outside a community: the street office's pages, or the auditor's trail (one query)."""
    match = getattr(request, "resolver_match", None)
    street_id = match.kwargs.get("street_id") if match else None
    memberships = list(
        request.user.memberships.filter(role__in=[Role.STREET, Role.AUDITOR])
        .select_related("street")
        .order_by("pk")
    )
    streets = [m.street for m in memberships if m.street is not None]  # only a street office's has one
    street = next((s for s in streets if s.pk == street_id), streets[0] if streets else None)
    if street is not None:
        return _mark_active(street_nav(street), request)
    if any(role_has(m.role, "audit.view") for m in memberships):
        url = reverse("audit_log")
        return [
            {
                "label": _("审计日志"),
                "url": url,
                "names": {"audit_log"},
                "match_prefix": False,
                "active": True,
            }
        ]
    return []


def portal(request):
    access = getattr(request, "access", None)
    user = getattr(request, "user", None)
    context = {"current_community": getattr(request, "community", None), "access": access}
    if access is not None:
        context["nav_items"] = _Lazy(lambda: _mark_active(community_nav(access), request))
        context["nav_title"] = access.community.name
    elif user is not None and user.is_authenticated:
        nav = _Lazy(lambda: _global_nav(request))
        context["nav_items"] = nav
    if user is not None and user.is_authenticated:
        # Lazily evaluated: only pages that show the switcher read it (from the cache, or one query).
        context["my_communities"] = _Lazy(lambda: cached_communities_for_user(user))
    return context
