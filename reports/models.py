"""Narratives written per community and year, and the archive of every generated report."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Community, StreetOffice


class Narrative(models.Model):
    """A paragraph of a report written by staff; may cite figures by name (``{常住人口}``)."""

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("年度"))
    report = models.CharField(_("报告"), max_length=40)
    section = models.CharField(_("段落"), max_length=40)
    text = models.TextField(_("内容"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("报告段落")
        verbose_name_plural = _("报告段落")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "report", "section"], name="narrative_unique"
            )
        ]

    def __str__(self):
        return f"{self.community} {self.year} {self.report}/{self.section}"


class ReportArchive(models.Model):
    """One generated report: the file, the figures it used, its SHA-256, who and when. Never overwritten."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(
        Community,
        verbose_name=_("社区"),
        null=True,
        blank=True,
        related_name="report_archives",
        on_delete=models.PROTECT,
    )
    street = models.ForeignKey(
        StreetOffice,
        verbose_name=_("街道"),
        null=True,
        blank=True,
        related_name="report_archives",
        on_delete=models.PROTECT,
    )
    report = models.CharField(_("报告"), max_length=40)
    title = models.CharField(_("标题"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    reference_date = models.DateField(_("统计截止日期"))
    version = models.PositiveIntegerField(_("版本"))
    file_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    storage_name = models.CharField(_("存储文件"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    figures = models.JSONField(_("所用数据"), default=dict)
    # The same version as a Word document (WPS/Word) for the last edits; the PDF above stays the record.
    docx_storage_name = models.CharField(_("Word 存储文件"), max_length=100, blank=True, editable=False)
    docx_size = models.PositiveIntegerField(_("Word 大小"), null=True, blank=True)
    docx_sha256 = models.CharField(_("Word SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    # 审核签发: the secretary signs off this version; ``signed_sha256`` is the PDF's SHA-256 as read from the
    # storage when signing (equal to ``sha256``: a file that no longer matches cannot be signed).
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True, related_name="+",
        on_delete=models.PROTECT,
    )  # fmt: skip
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_sha256 = models.CharField(_("签发的 SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("报告存档")
        verbose_name_plural = _("报告存档")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=False, street__isnull=True)
                | models.Q(community__isnull=True, street__isnull=False),
                name="archive_scope_is_community_or_street",
            ),
            # One constraint per scope: a single one over (community, street, …) never fires, since one of
            # the two is always NULL and NULLs are distinct in a unique index.
            models.UniqueConstraint(
                fields=["community", "report", "year", "version", "content_type"],
                condition=models.Q(community__isnull=False),
                name="archive_community_version_unique",
            ),
            models.UniqueConstraint(
                fields=["street", "report", "year", "version", "content_type"],
                condition=models.Q(street__isnull=False),
                name="archive_street_version_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "report", "year"]),
            models.Index(fields=["street", "year"]),
        ]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    @property
    def docx_file_name(self) -> str:
        return self.file_name.rsplit(".", 1)[0] + ".docx" if self.docx_storage_name else ""


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    RETURNED = "returned", _("已退回")


class Submission(models.Model):
    """A signed version of a community's report 上报 to its street office, and the street's answer.

    One row per version submitted, never deleted: a returned version keeps its comment, and the community
    submits a new (regenerated, signed) version as a new row. At most one version of a report and year is
    open (待接收) or accepted at a time (``submission_one_open``).
    """

    archive = models.OneToOneField(
        ReportArchive, verbose_name=_("报告版本"), related_name="submission", on_delete=models.PROTECT
    )
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), related_name="report_submissions", on_delete=models.PROTECT
    )
    report = models.CharField(_("报告"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        null=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("上报时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )  # fmt: skip
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    comment = models.TextField(_("处理意见"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("报告上报")
        verbose_name_plural = _("报告上报")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "report", "year"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="submission_one_open",
                violation_error_message=_("该报告本年度已有待接收或已接收的上报版本。"),
            ),
        ]
        indexes = [models.Index(fields=["community", "report", "year"])]

    def __str__(self):
        return f"{self.archive}（{self.get_status_display()}）"


class SubmissionDue(models.Model):
    """The street office's due date for one report type and year (上报截止日期)."""

    street = models.ForeignKey(
        StreetOffice, verbose_name=_("街道"), related_name="submission_dues", on_delete=models.CASCADE
    )
    report = models.CharField(_("报告"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    due_on = models.DateField(_("截止日期"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)

    class Meta:
        verbose_name = _("上报截止日期")
        verbose_name_plural = _("上报截止日期")
        constraints = [
            models.UniqueConstraint(fields=["street", "report", "year"], name="submission_due_unique")
        ]

    def __str__(self):
        return f"{self.street} {self.year} {self.report} {self.due_on}"


class ReportJob(models.Model):
    """A report being generated in the background: its progress, and the archive it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.CASCADE)
    street = models.ForeignKey(StreetOffice, null=True, blank=True, on_delete=models.CASCADE)
    report = models.CharField(_("报告"), max_length=40)
    form_data = models.JSONField(_("参数"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    archive = models.ForeignKey(ReportArchive, null=True, blank=True, on_delete=models.SET_NULL)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("报告任务")
        verbose_name_plural = _("报告任务")

    def __str__(self):
        return f"{self.report} {self.get_status_display()}"


class DocumentShape(models.Model):
    """A community's own shape of one report for one year: title, headings, order, sections added or
    removed, and the 落款. Kept by the secretary; without one, the defaults of ``reports.defaults`` apply.

    ``sections`` is a list of ``{"key", "heading", "level", "removed"}``; keys starting with ``custom-`` are
    sections the community added (their text is a Narrative like any other).
    """

    community = models.ForeignKey(Community, verbose_name=_("社区"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("年度"))
    report = models.CharField(_("报告"), max_length=40)
    title = models.TextField(_("标题"), help_text=_("每行一段；标题只在两行之间换行"))
    subtitle = models.CharField(_("副标题"), max_length=100, blank=True)
    signature = models.TextField(_("落款"), blank=True, help_text=_("每行一个署名，如“中共××社区委员会”"))
    signed_on = models.DateField(_("成文日期"), null=True, blank=True, help_text=_("留空：用统计截止日期"))
    sections = models.JSONField(_("段落"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("报告结构")
        verbose_name_plural = _("报告结构")
        constraints = [
            models.UniqueConstraint(fields=["community", "year", "report"], name="document_shape_unique")
        ]

    def __str__(self):
        return f"{self.community} {self.year} {self.report}"


class ApiView(models.TextChoices):
    """What a read-API token may read: the figures only, or the ledgers too (always masked)."""

    FIGURES = "figures", _("仅统计数据")
    LEDGERS = "ledgers", _("统计数据与台帐（脱敏）")


class ApiToken(models.Model):
    """A read-API token issued by a system admin to a named client (a district or city platform).

    Scope is a street office (its communities) or one community. The secret is shown once when issued and
    stored only as its SHA-256 (a 256-bit random secret needs no slow hash). Expiring and revocable.
    """

    client = models.CharField(_("调用方名称"), max_length=100)
    street = models.ForeignKey(
        StreetOffice, verbose_name=_("街道"), null=True, blank=True, related_name="api_tokens",
        on_delete=models.PROTECT,
    )  # fmt: skip
    community = models.ForeignKey(
        Community, verbose_name=_("社区"), null=True, blank=True, related_name="api_tokens",
        on_delete=models.PROTECT,
    )  # fmt: skip
    view = models.CharField(_("可读范围"), max_length=10, choices=ApiView.choices, default=ApiView.FIGURES)
    prefix = models.CharField(_("令牌前缀"), max_length=12, editable=False)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=False, street__isnull=True)
                | models.Q(community__isnull=True, street__isnull=False),
                name="api_token_scope_is_community_or_street",
                violation_error_message=_("请指定一个街道或一个社区作为令牌的范围。"),
            ),
        ]

    def __str__(self):
        return f"{self.client}（{self.prefix}…）"

    @property
    def scope_label(self) -> str:
        return str(self.street or self.community)
