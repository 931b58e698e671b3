"""Template context shared by every page: the current community, role, and the navigation."""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from .access import communities_for_user


def _nav(access):
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if not access.has(item["permission"]):
                continue
            try:
                url = reverse(item["url"], kwargs={"code": access.community.code})
            except NoReverseMatch:
                continue
            items.append(
                {"label": item["label"], "url": url, "icon": item.get("icon", ""), "section": item["url"]}
            )
    return items


def portal(request):
    access = getattr(request, "access", None)
    user = getattr(request, "user", None)
    context = {"current_community": getattr(request, "community", None), "access": access}
    if access is not None:
        context["nav_items"] = _nav(access)
    if user is not None and user.is_authenticated:
        # Lazily evaluated: only pages that show the switcher pay for the query.
        context["my_communities"] = communities_for_user(user)
    return context
