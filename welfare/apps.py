from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.roles import Role


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("民族政策落实")
    role_permissions = {
        # See cases (grid workers: of their grids' residents).
        "welfare.view": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        # Register cases, edit them, send them to review, end them, attach documents.
        "welfare.edit": {Role.STAFF},
        # Approve or refuse (the party secretary).
        "welfare.decide": {Role.SECRETARY},
    }
    # The import runs as a TransferJob of the residents' pipeline (residents/transfer/dispatch.job_importer):
    # its progress page, outcome, retry and audit are the residents' imports'.
    importers = {"welfare": {"run": "welfare.importer.import_welfare", "permission": "welfare.edit"}}
    nav_items = [{"label": _("救助与保障"), "url": "welfare:index", "permission": "welfare.view"}]

    def resident_departure(self, resident, on, status_label, *, apply=False, actor=None):
        """Moving out or death: the open cases and what happens to them (``apply``: do it). Texts for the
        confirmation page."""
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from . import services

        if apply:
            steps = services.departure_apply(resident=resident, on=on, status_label=status_label, actor=actor)
        else:
            steps = services.departure_plan(resident=resident, on=on)
        return [step.text for step in steps]

    def overview_panel(self, request):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .panels import overview_panel

        return overview_panel(request)

    def resident_panel(self, request, resident):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .views import resident_panel

        return resident_panel(request, resident)

    def household_panel(self, request, household):
        """The cases of a household's members, for the household page (same shape as ``resident_panel``)."""
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .views import household_panel

        return household_panel(request, household)
