"""The floating register's and the hardship register's panels on a resident's and a household's page."""

from .floating.models import FloatingResident
from .hardship.models import HardshipHousehold


def resident_panel(request, resident):
    """A floating resident's stays (one query); nothing for someone never registered as arriving."""
    stays = list(FloatingResident.objects.filter(resident=resident).order_by("-arrived_on"))
    if not stays:
        return None
    return {"title": "流动人口登记", "template": "floating/_resident_panel.html", "context": {"stays": stays}}


def household_panel(request, household):
    """The household's hardship records (one query); nothing for a household never in hardship."""
    records = list(HardshipHousehold.objects.filter(household=household).order_by("-since"))
    access = getattr(request, "access", None)
    can_add = (
        access is not None and access.has("residents.edit") and not any(r.ended_on is None for r in records)
    )
    return {
        "title": "困难家庭",
        "template": "hardship/_household_panel.html",
        "context": {"records": records, "can_add": can_add},
    }
