"""The ledgers (台帐) of DOMAIN.md: named, filtered views of the registry.

One definition used by the ledger pages, the Excel export (``export_ledger --ledger KEY``) and the
reports. Each ledger lists active residents; ``restricted`` ledgers need "residents.view_restricted".
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .ethnicities import minority
from .models import ResidentStatus


@dataclass(frozen=True)
class Ledger:
    key: str
    title: str
    condition: Q
    restricted: bool = False


LEDGERS: dict[str, Ledger] = {
    ledger.key: ledger
    for ledger in [
        Ledger("residents", _("居民台帐"), Q()),
        Ledger("minority", _("少数民族人员台帐"), minority()),
        Ledger("hardship", _("少数民族困难家庭台帐"), minority() & Q(is_hardship=True)),
        # The seed's 下岗失业 ledger is of minority residents (DOMAIN.md: "少数民族下岗失业情况").
        Ledger("unemployed", _("少数民族下岗失业台帐"), minority() & Q(is_unemployed=True)),
        Ledger("elders", _("德高望重离退休人员台帐"), Q(is_respected_elder=True) | Q(is_retired_cadre=True)),
        Ledger("disabled", _("残疾人台帐"), Q(is_disabled=True)),
        Ledger("correction", _("社区矫正/帮教对象台帐"), Q(is_correction=True), restricted=True),
    ]
}


def ledger_rows(ledger: Ledger, residents):
    """Active residents of ``residents`` (an access-scoped queryset) that belong to ``ledger``."""
    return residents.filter(ledger.condition, status=ResidentStatus.ACTIVE)


def visible_ledgers(access) -> list[Ledger]:
    return [lg for lg in LEDGERS.values() if not lg.restricted or access.has("residents.view_restricted")]
