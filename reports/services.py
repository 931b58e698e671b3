"""Generating and archiving reports. Every generation makes a new archived version; none is overwritten."""

import hashlib
import uuid
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Max

from community.audit import AuditAction, log_action
from community.models import Community, StreetOffice
from community.storage import private_storage

from .exporters import Exporter
from .figures import public_figures
from .models import DocumentShape, Narrative, ReportArchive
from .narrative import validate_narrative


def _archive_name(archive: ReportArchive) -> str:
    """The archived file's name in the private storage."""
    return f"archive/{archive.storage_name}"


def archive_open(*, archive: ReportArchive, docx: bool = False):
    """The archived file (or its Word companion), opened for reading; FileNotFoundError when it is missing."""
    if docx:
        if not archive.docx_storage_name:
            raise FileNotFoundError(archive.pk)
        return private_storage().open(f"archive/{archive.docx_storage_name}", "rb")
    return private_storage().open(_archive_name(archive), "rb")


def _store(content: bytes, suffix: str) -> tuple[str, str]:
    """Save ``content`` under a random name in the private archive folder: (stored name, name in archive/)."""
    stored = private_storage().save(f"archive/{uuid.uuid4().hex}{suffix}", ContentFile(content))
    return stored, stored.removeprefix("archive/")


def _lock_scope(exporter: Exporter) -> None:
    """Serialise the generations of one community's (or street's) reports until the transaction ends.

    PostgreSQL locks the community's (street's) row; SQLite has no row locks, so a write to that row takes
    the database's write lock instead (taken first, so the version read next is the latest committed one).
    Locking ``MAX(version)`` itself does nothing: PostgreSQL refuses FOR UPDATE on an aggregate and Django
    drops it.
    """
    model, pk = (
        (Community, exporter.community.pk) if exporter.community else (StreetOffice, exporter.street.pk)
    )
    rows = model.objects.filter(pk=pk)
    if connection.features.has_select_for_update:
        list(rows.select_for_update().values_list("pk", flat=True))
    else:
        pk_name = model._meta.pk.attname
        rows.update(**{pk_name: F(pk_name)})


def report_generate(*, exporter: Exporter, form_data: dict, actor) -> ReportArchive:
    """Render the report, store the file with the figures it used and its SHA-256, and audit it.

    A report that has a Word form is archived as its PDF (the record) with the .docx of the same version
    beside it, whichever of the two was asked for. Each generation is a new version: the number is taken
    under a lock of the community (or street), and the database refuses two archives with the same version
    (``archive_*_version_unique``).
    """
    docx = None
    if "docx" in exporter.formats and form_data.get("format", "pdf") in ("pdf", "docx"):
        _docx_name, _docx_type, docx = exporter.render({**form_data, "format": "docx"})
        form_data = {**form_data, "format": "pdf"}
    filename, content_type, content = exporter.render(form_data)  # slow: before the lock is taken
    figures = exporter.figures_json(form_data)
    scope = {"community": exporter.community, "street": exporter.street}
    storage = private_storage()
    stored, storage_name = _store(content, Path(filename).suffix)
    docx_stored, docx_storage_name = _store(docx, ".docx") if docx is not None else ("", "")
    try:
        with transaction.atomic():
            _lock_scope(exporter)
            latest = ReportArchive.objects.filter(
                **scope, report=exporter.identifier, year=int(form_data["year"]), content_type=content_type
            ).aggregate(v=Max("version"))["v"]
            archive = ReportArchive(
                **scope,
                report=exporter.identifier,
                title=filename.rsplit(".", 1)[0],
                year=int(form_data["year"]),
                reference_date=date.fromisoformat(form_data["date"]),
                version=(latest or 0) + 1,
                file_name=filename,
                content_type=content_type,
                storage_name=storage_name,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                docx_storage_name=docx_storage_name,
                docx_size=len(docx) if docx is not None else None,
                docx_sha256=hashlib.sha256(docx).hexdigest() if docx is not None else "",
                figures=figures,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            archive.save(force_insert=True)
            log_action(
                AuditAction.REPORT_GENERATE,
                user=actor,
                community=exporter.community,
                obj=archive,
                data={"report": exporter.identifier, "version": archive.version, "sha256": archive.sha256},
            )
    except Exception:
        storage.delete(stored)
        if docx_stored:
            storage.delete(docx_stored)
        raise
    return archive


@transaction.atomic
def narrative_save(*, community, year: int, report: str, section: str, text: str, figures: dict, actor):
    """Save a narrative after checking every cited figure exists (unknown names are refused)."""
    validate_narrative(text, public_figures(figures))
    if not text.strip():
        raise ValidationError("段落内容不能为空。")
    narrative, _ = Narrative.objects.update_or_create(
        community=community,
        year=year,
        report=report,
        section=section,
        defaults={"text": text, "updated_by": actor},
    )
    log_action(AuditAction.REPORT_NARRATIVE, user=actor, community=community, obj=narrative)
    return narrative


@transaction.atomic
def document_shape_save(
    *,
    community,
    year: int,
    exporter,
    title: str,
    subtitle: str,
    signature: str,
    signed_on,
    sections: list[dict],
    actor,
):
    """Record the secretary's shape of one report for one year (title, headings, order, 落款) and audit it.

    ``sections`` come in the new order; each has a key (a default section's, or ``custom-N`` for one the
    community added), a heading, a level (1 or 2) and whether it is removed. Unknown keys are refused.
    """
    known = {s.key for s in exporter.shape_defaults}
    clean = []
    for s in sections:
        key, heading = str(s.get("key", "")), str(s.get("heading", "")).strip()
        if key not in known and not key.startswith("custom-"):
            raise ValidationError("未知的段落。")
        if not heading:
            raise ValidationError("段落标题不能为空。")
        if len(heading) > 40:
            raise ValidationError("段落标题不超过40字。")
        clean.append(
            {
                "key": key,
                "heading": heading,
                "level": 2 if str(s.get("level", 1)) == "2" else 1,
                "removed": bool(s.get("removed")),
            }
        )
    if not title.strip():
        raise ValidationError("标题不能为空。")
    shape, _ = DocumentShape.objects.update_or_create(
        community=community,
        year=year,
        report=exporter.identifier,
        defaults={
            "title": title.strip(),
            "subtitle": subtitle.strip(),
            "signature": signature.strip(),
            "signed_on": signed_on,
            "sections": clean,
            "updated_by": actor,
        },
    )
    shape.full_clean()
    log_action(
        AuditAction.REPORT_SHAPE,
        user=actor,
        community=community,
        obj=shape,
        data={
            "report": exporter.identifier,
            "year": year,
            "sections": [s["key"] for s in clean if not s["removed"]],
        },
    )
    return shape
