from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.roles import Role


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("报告")
    role_permissions = {
        # See the reports page, previews and the archive of a community.
        "reports.view": {Role.STAFF, Role.SECRETARY, Role.STREET},
        # Generate (and so archive) a community's report.
        "reports.generate": {Role.STAFF, Role.SECRETARY, Role.STREET},
        # Shape a report: title, headings, order of sections, sections added or removed, 落款.
        "reports.shape": {Role.SECRETARY},
        # Generate although the pre-flight check lists gaps (their clauses are left out): the secretary.
        "reports.generate_with_gaps": {Role.SECRETARY},
        # Write the narrative paragraphs of a community's reports.
        "reports.write": {Role.STAFF, Role.SECRETARY},
        # Open the ledger rows behind a figure (named persons: not for the street office).
        "reports.rows": {Role.STAFF, Role.SECRETARY},
        # The community dashboard (the auditor and grid workers: none).
        "dashboard.view": {Role.STAFF, Role.SECRETARY, Role.STREET},
        # 审核签发 a generated version, and 上报 a signed version to the street office: the secretary.
        "reports.signoff": {Role.SECRETARY},
        "reports.submit": {Role.SECRETARY},
        # 信息报送: read a community's information reports; write them (and 续报).
        "information.view": {Role.STAFF, Role.SECRETARY, Role.STREET},
        "information.submit": {Role.STAFF, Role.SECRETARY},
        # The street office's own pages: roll-up, ZIP of its communities' reports.
        "reports.street": {Role.STREET},
    }

    def overview_panel(self, request):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .submissions.panels import overview_panel

        return overview_panel(request)

    nav_items = [
        {"label": _("数据看板"), "url": "dashboard:community", "permission": "dashboard.view"},
        {"label": _("报告"), "url": "reports:index", "permission": "reports.view"},
        {"label": _("信息报送"), "url": "reports:info", "permission": "information.view"},
    ]
