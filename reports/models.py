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
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
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
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
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


class ReportJobStatus(models.TextChoices):
    """Where a :class:`ReportJob` stands."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ReportJob(models.Model):
    """A report being generated in the background: its progress, and the archive it produced."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.CASCADE)
    street = models.ForeignKey(StreetOffice, null=True, blank=True, on_delete=models.CASCADE)
    report = models.CharField(_("报告"), max_length=40)
    form_data = models.JSONField(_("参数"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
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
        StreetOffice,
        verbose_name=_("街道"),
        null=True,
        blank=True,
        related_name="api_tokens",
        on_delete=models.PROTECT,
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("社区"),
        null=True,
        blank=True,
        related_name="api_tokens",
        on_delete=models.PROTECT,
    )
    view = models.CharField(_("可读范围"), max_length=10, choices=ApiView.choices, default=ApiView.FIGURES)
    prefix = models.CharField(_("令牌前缀"), max_length=12, editable=False)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
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


# ---------------------------------------------------------------------------------------------
# 信息报送: a community's information reports to the street office (the 信息员网络 of seed doc 2).
# ---------------------------------------------------------------------------------------------


class InfoCategory(models.TextChoices):
    ETHNIC_RELIGIOUS = "ethnic_religious", _("民族宗教动态")
    DISPUTE = "dispute", _("矛盾纠纷苗头")
    EVENT = "event", _("重要活动")
    OTHER = "other", _("其他")


class InfoUrgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    CRITICAL = "critical", _("特急")


class InfoStatus(models.TextChoices):
    PENDING = "pending", _("待签收")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    FOLLOW_UP = "follow_up", _("需续报")


class InformationReport(models.Model):
    """One information report of a community to its street office; the steps that followed are
    :class:`InformationStep` rows (kept, never changed)."""

    community = models.ForeignKey(
        Community, verbose_name=_("社区"), related_name="information_reports", on_delete=models.PROTECT
    )
    category = models.CharField(_("类别"), max_length=20, choices=InfoCategory.choices)
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=InfoUrgency.choices, default=InfoUrgency.NORMAL
    )
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("内容"), max_length=5000)
    occurred_on = models.DateField(_("发生日期"))
    informant = models.CharField(_("信息员"), max_length=40, help_text=_("报告此信息的信息员姓名"))
    residents = models.ManyToManyField(
        "residents.Resident", verbose_name=_("涉及居民"), blank=True, related_name="information_reports"
    )
    organisations = models.ManyToManyField(
        "outreach.Organisation", verbose_name=_("涉及组织"), blank=True, related_name="information_reports"
    )
    events = models.ManyToManyField(
        "outreach.Event", verbose_name=_("相关活动"), blank=True, related_name="information_reports"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=InfoStatus.choices, default=InfoStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    # When it last began waiting for the street's acknowledgement (報送, or the latest 续报).
    waiting_since = models.DateTimeField(_("待签收起"), default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["community", "submitted_at"]), models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.community} {self.get_category_display()}：{self.title}"


class InfoStepKind(models.TextChoices):
    SUBMIT = "submit", _("报送")
    ACKNOWLEDGE = "acknowledge", _("签收")
    ANSWER = "answer", _("答复")
    ASK = "ask", _("要求续报")
    FOLLOW_UP = "follow_up", _("续报")


class InformationStep(models.Model):
    """A step of an information report: who, when, what was said."""

    report = models.ForeignKey(InformationReport, related_name="steps", on_delete=models.CASCADE)
    kind = models.CharField(_("步骤"), max_length=12, choices=InfoStepKind.choices)
    text = models.TextField(_("内容"), blank=True, max_length=5000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("信息报送办理")
        verbose_name_plural = _("信息报送办理")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report_id} {self.get_kind_display()}"


class InformationAttachment(models.Model):
    """A file sent with an information report (or a 续报): PDF, JPG or PNG, in the private storage."""

    report = models.ForeignKey(InformationReport, related_name="attachments", on_delete=models.CASCADE)
    step = models.ForeignKey(InformationStep, null=True, related_name="attachments", on_delete=models.CASCADE)
    file_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    storage_name = models.CharField(_("存储文件"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("信息报送附件")
        verbose_name_plural = _("信息报送附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.file_name
