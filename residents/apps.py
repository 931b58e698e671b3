from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.roles import Role


class ResidentsConfig(AppConfig):
    name = "residents"
    verbose_name = _("居民")
    role_permissions = {
        # Read the registry (grid workers: their own grids only).
        "residents.view": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        # Create and edit residents and households, record moves and deaths.
        "residents.edit": {Role.STAFF, Role.GRID_WORKER},
        # Reveal a masked ID number (audited).
        "residents.reveal_id": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        # See the restricted categories (社区矫正/帮教) and their ledger (audited).
        "residents.view_restricted": {Role.STAFF, Role.SECRETARY},
        # Import sheets (and download their template): a sheet names grids freely and creates grids,
        # compounds and buildings, which is the office's business, not a grid worker's.
        "residents.import": {Role.STAFF},
        # Follow and download every import/export job of the community (others: their own jobs only).
        "residents.all_jobs": {Role.STAFF},
        # Exports carry full ID numbers (the office re-imports them); everyone else's are masked.
        "residents.export_full_ids": {Role.STAFF},
    }

    #: Packages whose ``models`` module belongs to this app besides ``residents.models``: the registers that
    #: hang off residents and households (STYLE.md: past ~500 lines a module becomes a package).
    register_models = ("floating", "hardship")

    def import_models(self):
        """Django imports ``residents.models``; the registers' models are imported here, right after it, so that
        ``residents.models`` need not import the modules that read it (no import cycle)."""
        super().import_models()
        for package in self.register_models:
            import_module(f"{self.name}.{package}.models")

    def ledger_names(self) -> dict:
        """Ledger key → title, for the audit trail's descriptions (community imports no app)."""
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .ledgers import LEDGERS

        return {key: ledger.title for key, ledger in LEDGERS.items()}

    def overview_panel(self, request):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .panels import overview_panel

        return overview_panel(request)

    def resident_panel(self, request, resident):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .registers_panels import resident_panel

        return resident_panel(request, resident)

    def household_panel(self, request, household):
        # Django app loading: apps.py loads before the app's models, so this module is read when called.
        from .registers_panels import household_panel

        return household_panel(request, household)

    nav_items = [
        {"label": _("居民"), "url": "residents:list", "permission": "residents.view"},
        {"label": _("台帐"), "url": "residents:ledgers", "permission": "residents.view"},
        {"label": _("流动人口"), "url": "floating:list", "permission": "residents.view"},
        {"label": _("困难家庭"), "url": "hardship:list", "permission": "residents.view"},
        {"label": _("导入与导出"), "url": "transfer:index", "permission": "residents.edit"},
    ]
