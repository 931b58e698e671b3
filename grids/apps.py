from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("网格")
    role_permissions = {
        # See the grid tree and the five-in-one chain (grid workers: their own grids only).
        "grids.view": {"staff", "secretary", "grid_worker"},
        # Create grids/compounds/buildings/units and assign the people of the chain.
        "grids.edit": {"staff", "grid_worker"},
    }
    nav_items = [{"label": _("网格与责任链"), "url": "grids:list", "permission": "grids.view"}]
