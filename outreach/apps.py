from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.roles import Role


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("宣传与走访")
    role_permissions = {
        # Read events, propaganda, visits, disputes, organisations and the jurisdiction
        # (grid workers: the visits of their own grids). Agreements need residents.view_restricted.
        "outreach.view": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        # Record and edit them (nothing is deleted: disputes are closed, events marked held).
        "outreach.edit": {Role.STAFF, Role.GRID_WORKER},
        # 宗教事务联络: religious sites, religious figures, joint visits, talks. Grid workers read the
        # sites of their own grids (selectors.sites_for) and what hangs on them; nobody outside the
        # community staff records them. The street office sees aggregates on the dashboard only.
        "outreach.liaison_view": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        "outreach.liaison_edit": {Role.STAFF},
        # Reveal a masked contact number of a record the role may read (audited).
        "outreach.reveal_contact": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        # 清真食品 oversight: shops and canteens, inspections, complaints (not a grid worker's ledger).
        "outreach.halal_view": {Role.STAFF, Role.SECRETARY},
        "outreach.halal_edit": {Role.STAFF},
        # 民族团结进步创建: 示范, commendations, facilities, funding and receipts, training, the archive.
        "outreach.creation_view": {Role.STAFF, Role.SECRETARY},
        "outreach.creation_edit": {Role.STAFF},
        # 年度工作计划: drafted and amended by the staff, approved by the party secretary alone.
        "outreach.plan_view": {Role.STAFF, Role.SECRETARY},
        "outreach.plan_edit": {Role.STAFF},
        "outreach.plan_approve": {Role.SECRETARY},
        # The rows behind these registers' figures (named persons: not for the street office).
        "outreach.figure_rows": {Role.STAFF, Role.SECRETARY},
    }
    nav_items = [
        {"label": _("活动与宣传"), "url": "outreach:events", "permission": "outreach.view"},
        {
            "label": _("年度计划"),
            "url": "outreach:plan",
            "permission": "outreach.plan_view",
            "also": [
                "outreach:plan_import",
                "outreach:plan_item_create",
                "outreach:plan_item_edit",
                "outreach:plan_item_delete",
            ],
        },
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
            ],
        },
        {
            "label": _("宗教事务"),
            "url": "outreach:sites",
            "permission": "outreach.liaison_view",
            "also": ["outreach:site_create", "outreach:site_edit"],
        },
        {"label": _("清真食品"), "url": "outreach:halal", "permission": "outreach.halal_view"},
        {"label": _("民族团结创建"), "url": "outreach:creation", "permission": "outreach.creation_view"},
    ]

    def overview_panel(self, request):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .panels import overview_panel

        return overview_panel(request)

    def resident_panel(self, request, resident):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .panels import resident_panel

        return resident_panel(request, resident)
