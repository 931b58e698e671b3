"""Narratives written per community and year, and the archive of every generated report."""

import uuid

from django.conf import settings
from django.db import models
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

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
