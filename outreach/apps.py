from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("宣传与走访")
    role_permissions = {
        # Read events, propaganda, visits, disputes, organisations and the jurisdiction
        # (grid workers: the visits of their own grids). Agreements need residents.view_restricted.
        "outreach.view": {"staff", "secretary", "grid_worker"},
        # Record and edit them (nothing is deleted: disputes are closed, events marked held).
        "outreach.edit": {"staff", "grid_worker"},
    }
    nav_items = [
        {"label": _("活动与宣传"), "url": "outreach:events", "permission": "outreach.view"},
        {
            "label": _("走访"),
            "url": "outreach:visits",
            "permission": "outreach.view",
            "also": [
                "outreach:agreements",
                "outreach:agreement_create",
                "outreach:agreement_edit",
                "outreach:visit_create",
                "outreach:visit_edit",
            ],
        },
        {"label": _("本月走访清单"), "url": "outreach:checklist", "permission": "outreach.view"},
        {"label": _("矛盾纠纷"), "url": "outreach:disputes", "permission": "outreach.view"},
        {
            "label": _("组织与辖区"),
            "url": "outreach:organisations",
            "permission": "outreach.view",
            "also": [
                "outreach:units",
                "outreach:unit_create",
                "outreach:unit_edit",
                "outreach:sites",
                "outreach:site_create",
                "outreach:site_edit",
            ],
        },
    ]

    def overview_panel(self, request):
        from .panels import overview_panel

        return overview_panel(request)

    def resident_panel(self, request, resident):
        from .panels import resident_panel

        return resident_panel(request, resident)
