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
        # The street office's own pages: roll-up, ZIP of its communities' reports.
        "reports.street": {Role.STREET},
    }

    def ready(self):
        from . import providers

        providers.register()

    nav_items = [
        {"label": _("数据看板"), "url": "dashboard:community", "permission": "dashboard.view"},
        {"label": _("报告"), "url": "reports:index", "permission": "reports.view"},
    ]
