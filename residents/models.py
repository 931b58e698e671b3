"""The registry every figure counts from: ethnicities, households and residents."""

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from community.models import Community
from grids.models import Building, Compound, Grid, SubGrid, Unit

from .ethnicities import is_minority
from .pinyin import name_pinyin


class VersionedRecords(HistoricalRecords):
    """The recorded versions of a model that is read as it stood on a date (``selectors.resident_versions``).

    Adds an index on (id, history_date, history_id): the version of each row on a date is the last one of
    its id before that date. Without it PostgreSQL walks the whole ``history_date`` index for each row
    (minutes for a 5,000-resident community in a 100,000-resident database).
    """

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        by_date = models.Index(
            fields=[model._meta.pk.attname, "history_date", "history_id"],
            name=f"{model._meta.model_name[:12]}_version_idx",
        )
        options["indexes"] = (*options.get("indexes", ()), by_date)
        return options


class Ethnicity(models.Model):
    """GB/T 3304-1991 ethnic group (loaded by a data migration)."""

    code = models.CharField(_("代码"), max_length=2, primary_key=True)
    name = models.CharField(_("民族名称"), max_length=20, unique=True)
    short_name = models.CharField(_("简称"), max_length=20)
    roman = models.CharField(_("罗马字母拼写"), max_length=20)
    letter_code = models.CharField(_("字母代码"), max_length=2)

    class Meta:
        verbose_name = _("民族")
        verbose_name_plural = _("民族")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def is_minority(self) -> bool:
        return is_minority(self.code)


class Household(models.Model):
    """户 — an address inside the grid tree. Its head is the active member whose relation is 本人."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT)
    # The tree is denormalised down to the unit so that scoping and counting by grid/compound is one join.
    grid = models.ForeignKey(Grid, verbose_name=_("网格"), on_delete=models.PROTECT)
    subgrid = models.ForeignKey(
        SubGrid, verbose_name=_("片格"), null=True, blank=True, on_delete=models.PROTECT
    )
    compound = models.ForeignKey(
        Compound, verbose_name=_("小区"), null=True, blank=True, on_delete=models.PROTECT
    )
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单元"), null=True, blank=True, on_delete=models.PROTECT)
    door = models.CharField(_("门牌号"), max_length=30, blank=True)
    number = models.CharField(_("户编号"), max_length=40, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], condition=~Q(number=""), name="household_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["community", "grid"])]

    def __str__(self):
        return self.address

    @property
    def address(self) -> str:
        return address_text(
            place=self.compound.name if self.compound_id else self.grid.name,
            building=self.building.number if self.building_id else None,
            unit=self.unit.number if self.unit_id else None,
            door=self.door,
        )


def address_text(*, place: str, building: str | None, unit: str | None, door: str) -> str:
    """A household's address from its compound's name (else its grid's), building, unit and door numbers:
    written once for the model (``Household.address``) and for rows read without it (the resident table)."""
    parts = [
        place,
        f"{building}号楼" if building is not None else "",
        (f"{unit}单元" if unit.isdigit() else unit) if unit is not None else "",  # as str(Unit)
        f"{door}室" if door and door.isdigit() else door,
    ]
    return "".join(p for p in parts if p)


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Relation(models.TextChoices):
    HEAD = "head", _("本人")
    SPOUSE = "spouse", _("配偶")
    SON = "son", _("子")
    DAUGHTER = "daughter", _("女")
    PARENT = "parent", _("父母")
    GRANDPARENT = "grandparent", _("祖父母")
    GRANDCHILD = "grandchild", _("孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    CHILD_IN_LAW = "child_in_law", _("儿媳/女婿")
    OTHER = "other", _("其他")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("常住")
    FLOATING = "floating", _("流动")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    MASSES = "masses", _("群众")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    MOVED_OUT = "moved_out", _("迁出")
    DECEASED = "deceased", _("死亡")


# The ledger categories (台帐), as boolean fields of Resident: (field, label, restricted).
# Restricted categories are visible only to roles holding "residents.view_restricted".
CATEGORIES = [
    ("is_hardship", _("困难家庭"), False),
    ("is_unemployed", _("下岗失业"), False),
    ("is_retired_cadre", _("离退休干部"), False),
    ("is_respected_elder", _("德高望重"), False),
    ("is_disabled", _("残疾人"), False),
    ("is_religious", _("宗教人士"), False),
    ("is_minority_rep", _("少数民族代表"), False),
    ("is_correction", _("社区矫正/帮教对象"), True),
]
RESTRICTED_CATEGORIES = [field for field, _label, restricted in CATEGORIES if restricted]


class Resident(models.Model):
    """居民. Never deleted: moving away or death is a status with its date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: every index below leads with the community (an import writes each index once per
    # resident; bench/import_bench.py).
    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.PROTECT, db_index=False)
    household = models.ForeignKey(
        Household,
        verbose_name=_("户"),
        related_name="members",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    relation = models.CharField(
        _("与户主关系"), max_length=20, choices=Relation.choices, default=Relation.HEAD
    )
    name = models.CharField(_("姓名"), max_length=40)
    name_pinyin = models.CharField(_("姓名拼音"), max_length=120, editable=False)
    name_initials = models.CharField(_("拼音首字母"), max_length=40, editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    # Read within a community only: (community, ethnicity) below serves it (no index of its own, nor its
    # text-pattern twin, which a two-digit code never needs).
    ethnicity = models.ForeignKey(Ethnicity, verbose_name=_("民族"), on_delete=models.PROTECT, db_index=False)
    id_number = models.CharField(_("公民身份号码"), max_length=18)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    residence_type = models.CharField(
        _("户籍类型"), max_length=20, choices=ResidenceType.choices, default=ResidenceType.REGISTERED
    )
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    is_hardship = models.BooleanField(_("困难家庭"), default=False)
    is_unemployed = models.BooleanField(_("下岗失业"), default=False)
    is_retired_cadre = models.BooleanField(_("离退休干部"), default=False)
    is_respected_elder = models.BooleanField(_("德高望重"), default=False)
    is_disabled = models.BooleanField(_("残疾人"), default=False)
    is_religious = models.BooleanField(_("宗教人士"), default=False)
    is_minority_rep = models.BooleanField(_("少数民族代表"), default=False)
    is_correction = models.BooleanField(_("社区矫正/帮教对象"), default=False)
    status = models.CharField(
        _("人员状态"), max_length=20, choices=ResidentStatus.choices, default=ResidentStatus.ACTIVE
    )
    status_date = models.DateField(_("状态变更日期"), null=True, blank=True)
    moved_in_on = models.DateField(_("登记日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = VersionedRecords(
        excluded_fields=["name_pinyin", "name_initials", "updated_at"], no_db_index=["ethnicity"]
    )

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["name_pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["community", "id_number"], name="resident_id_number_unique"),
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_date__isnull=False), name="resident_status_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "residence_type"]),
            models.Index(fields=["community", "name_initials"]),
            models.Index(fields=["community", "ethnicity"]),
            # The resident list's order within a community (bench: at 1,000,000 residents the page's query
            # took 21.7 ms on the global name index, 2.2 ms on this one). Every read is scoped to a
            # community, so the name fields need no index of their own.
            models.Index(fields=["community", "status", "name_pinyin", "id"], name="resident_list_order"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = name_pinyin(self.name)
        super().save(*args, **kwargs)

    @property
    def is_minority(self) -> bool:
        return is_minority(self.ethnicity_id)

    @property
    def is_active(self) -> bool:
        return self.status == ResidentStatus.ACTIVE

    @property
    def audit_restricted(self) -> bool:
        """A person under community correction is named in the audit trail by record id only."""
        return any(getattr(self, name) for name in RESTRICTED_CATEGORIES)


class TransferJobStatus(models.TextChoices):
    """Where a :class:`TransferJob` stands."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class TransferJob(models.Model):
    """A residents' import or a ledger export run in the background (导入与导出): progress and outcome.

    An export's workbook is kept in the private storage under ``storage_name`` with its size and SHA-256;
    ``params`` holds what the task needs (an import's upload token, never the rows themselves).
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出")
        CHECK = "check", _("导入检查")  # the preview of a large file, checked in the worker

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), related_name="transfer_jobs", on_delete=models.CASCADE
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=TransferJobStatus.choices, default=TransferJobStatus.QUEUED
    )
    params = models.JSONField(_("参数"), default=dict)
    done_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    summary = models.JSONField(_("结果统计"), default=dict, blank=True)
    message = models.TextField(_("结果说明"), blank=True)
    error = models.TextField(_("错误"), blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    storage_name = models.CharField(_("存储文件"), max_length=200, blank=True, editable=False)
    size = models.PositiveIntegerField(_("大小"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Refreshed by the worker while it runs the job (start, progress): a running job whose heartbeat is
    # older than settings.TRANSFER_JOB_STALE_SECONDS was interrupted (a killed worker) — see jobs.fail_stale.
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入导出任务")
        verbose_name_plural = _("导入导出任务")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_rows__lte=models.F("total_rows")), name="transfer_job_done_within_total"
            ),
        ]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (TransferJobStatus.DONE, TransferJobStatus.FAILED)

    @property
    def subject(self) -> str:
        """What the job works on: the uploaded file's name, or the ledger's title."""
        if self.kind in (self.Kind.IMPORT, self.Kind.CHECK):
            return self.params.get("source", "")
        # The ledgers read this module's enums: their titles come through the app (no import cycle).
        titles = apps.get_app_config(self._meta.app_label).ledger_names()
        title = titles.get(self.params.get("ledger", ""))
        return str(title) if title else ""

    @property
    def percent(self) -> int:
        if self.status == TransferJobStatus.DONE:
            return 100
        return min(100, self.done_rows * 100 // self.total_rows) if self.total_rows else 0
