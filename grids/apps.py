from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from community.roles import Role


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("网格")
    role_permissions = {
        # See the grid tree and the five-in-one chain (grid workers: their own grids only).
        "grids.view": {Role.STAFF, Role.SECRETARY, Role.GRID_WORKER},
        # Create grids/compounds/buildings/units and assign the people of the chain.
        "grids.edit": {Role.STAFF, Role.GRID_WORKER},
        # Draw the grid tree itself: create grids and assign their workers and cadres (the office; a grid
        # worker keeps the compounds, buildings and people inside their own grids).
        "grids.draw": {Role.STAFF},
    }
    nav_items = [{"label": _("网格与责任链"), "url": "grids:list", "permission": "grids.view"}]

    def ready(self):
        # Django app loading: the signals are registered once the models are ready.
        from . import signals  # noqa: F401
