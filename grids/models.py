"""The grid tree of a community (网格 → 片格 → 小区 → 楼栋 → 单元) and its "five-in-one" chain.

One responsible link per level (五位一体): a community cadre answers for a grid, the property
manager for a compound, the owners' committee for the building heads, a building head (楼长)
for the unit heads, a unit head (单元长) for the household heads.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.models import Community


class Grid(models.Model):
    """网格."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), related_name="grids", on_delete=models.PROTECT
    )
    number = models.PositiveSmallIntegerField(_("网格编号"))
    name = models.CharField(_("网格名称"), max_length=50)
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("包网格社区干部"),
        related_name="cadre_of_grids",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    cadre_name = models.CharField(
        _("包网格干部姓名"), max_length=30, blank=True, help_text=_("未开通账号的干部")
    )
    cadre_phone = models.CharField(_("干部电话"), max_length=20, blank=True)
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("网格员"), related_name="worker_of_grids", blank=True
    )

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="grid_number_unique"),
            models.UniqueConstraint(fields=["community", "name"], name="grid_name_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def responsible(self) -> str:
        if self.cadre_id:
            return self.cadre.display_name
        return self.cadre_name


class SubGrid(models.Model):
    """片格 — an optional subdivision of a grid."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    grid = models.ForeignKey(Grid, verbose_name=_("网格"), related_name="subgrids", on_delete=models.PROTECT)
    name = models.CharField(_("片格名称"), max_length=50)
    leader_name = models.CharField(_("片格长"), max_length=30, blank=True)
    leader_phone = models.CharField(_("片格长电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("片格")
        verbose_name_plural = _("片格")
        ordering = ["grid__number", "name"]
        constraints = [models.UniqueConstraint(fields=["grid", "name"], name="subgrid_name_unique")]

    def __str__(self):
        return self.name


class Compound(models.Model):
    """小区 — a residential compound, with its property company and manager (物业经理包小区).

    A compound is one place, named once in its community, even when its buildings fall in several grids
    (large compounds are routinely split): ``grid`` is the grid it was drawn in, a building in another grid
    says so itself (``Building.grid``), and a household carries its own grid.
    """

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    grid = models.ForeignKey(Grid, verbose_name=_("网格"), related_name="compounds", on_delete=models.PROTECT)
    subgrid = models.ForeignKey(
        SubGrid,
        verbose_name=_("片格"),
        related_name="compounds",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    name = models.CharField(_("小区名称"), max_length=60)
    property_company = models.CharField(_("物业公司"), max_length=80, blank=True)
    property_manager = models.CharField(_("物业经理"), max_length=30, blank=True)
    property_manager_phone = models.CharField(_("物业经理电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("小区")
        verbose_name_plural = _("小区")
        ordering = ["grid__number", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="compound_name_unique")]

    def __str__(self):
        return self.name

    @property
    def grid_ids(self) -> str:
        """Its own grid and those of its buildings, as "1 3" (uses prefetched buildings)."""
        ids = [self.grid_id] + sorted({b.grid_id for b in self.buildings.all() if b.grid_id} - {self.grid_id})
        return " ".join(str(pk) for pk in ids)

    @property
    def grid_names(self) -> str:
        """The grids its buildings fall in, when they are more than its own (uses prefetched buildings)."""
        grids = {self.grid_id: self.grid}
        for building in self.buildings.all():
            if building.grid_id and building.grid_id not in grids:
                grids[building.grid_id] = building.grid
        return "、".join(g.name for g in sorted(grids.values(), key=lambda g: g.number))


class OwnersCommittee(models.Model):
    """业主委员会 of one compound (业主委员会包楼长)."""

    compound = models.OneToOneField(
        Compound, verbose_name=_("小区"), related_name="owners_committee", on_delete=models.CASCADE
    )
    name = models.CharField(_("名称"), max_length=80, blank=True)
    chair_name = models.CharField(_("主任"), max_length=30, blank=True)
    chair_phone = models.CharField(_("主任电话"), max_length=20, blank=True)
    members = models.TextField(_("成员"), blank=True)
    elected_on = models.DateField(_("选举日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("业主委员会")
        verbose_name_plural = _("业主委员会")

    def __str__(self):
        return self.name or f"{self.compound.name}业主委员会"


class Building(models.Model):
    """楼栋, with its building head (楼长)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    compound = models.ForeignKey(
        Compound, verbose_name=_("小区"), related_name="buildings", on_delete=models.PROTECT
    )
    number = models.CharField(_("楼号"), max_length=20)
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("所在网格"),
        related_name="buildings",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("小区跨网格时填写本楼所在的网格；留空即小区所属网格"),
    )
    head_name = models.CharField(_("楼长"), max_length=30, blank=True)
    head_phone = models.CharField(_("楼长电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["compound__name", "number"]
        constraints = [models.UniqueConstraint(fields=["compound", "number"], name="building_number_unique")]

    def __str__(self):
        return (
            f"{self.compound.name}{self.number}号楼"
            if self.number.isdigit()
            else f"{self.compound.name}{self.number}"
        )

    @property
    def grid_id_in_effect(self) -> int:
        """The grid the building falls in: its own, else its compound's."""
        return self.grid_id or self.compound.grid_id


class Unit(models.Model):
    """单元 (stairwell), with its unit head (单元长)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), related_name="units", on_delete=models.PROTECT
    )
    number = models.CharField(_("单元号"), max_length=20)
    head_name = models.CharField(_("单元长"), max_length=30, blank=True)
    head_phone = models.CharField(_("单元长电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("单元")
        verbose_name_plural = _("单元")
        ordering = ["building__number", "number"]
        constraints = [models.UniqueConstraint(fields=["building", "number"], name="unit_number_unique")]

    def __str__(self):
        return f"{self.number}单元" if self.number.isdigit() else self.number
