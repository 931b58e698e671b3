"""Writes to the 清真 oversight registers: shops and canteens, inspections, complaints."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from community.audit import AuditAction

from ..models import HalalComplaint, HalalEstablishment, HalalInspection, InspectionResult
from .ledgers import _row, _save, raise_errors


def establishment_errors(establishment: HalalEstablishment, community) -> dict:
    """What a shop's record must hold (forms show these next to the field; the service refuses)."""
    errors = {}
    if (
        establishment.closed_on
        and establishment.opened_on
        and establishment.closed_on < establishment.opened_on
    ):
        errors["closed_on"] = _("停业日期不能早于开业日期。")
    return errors


@transaction.atomic
def establishment_save(
    *, community, actor, establishment: HalalEstablishment | None = None, edit_token=None, **fields
) -> HalalEstablishment:
    """Record a halal shop or canteen (closing it keeps it, with its closing date)."""
    establishment = _row(HalalEstablishment, establishment, community=community, fields=fields)
    raise_errors(establishment_errors(establishment, community))
    return _save(
        establishment,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_HALAL_CREATE, AuditAction.OUTREACH_HALAL_UPDATE),
        edit_token=edit_token,
    )


def _other_community(row, community) -> dict:
    if row.establishment_id and row.establishment.community_id != community.pk:
        return {"establishment": _("经营场所不属于本社区。")}
    return {}


def inspection_errors(inspection: HalalInspection, community) -> dict:
    """A finding to rectify needs what and by when; a passed inspection carries no rectification."""
    errors = _other_community(inspection, community)
    day = inspection.date
    if day and day > date.today():
        errors["date"] = _("检查日期不能晚于今天。")
    if inspection.result == InspectionResult.PASSED:
        inspection.rectification, inspection.rectification_due, inspection.rectified_on = "", None, None
    elif inspection.result == InspectionResult.RECTIFY:
        if not inspection.rectification_due:
            errors["rectification_due"] = _("限期整改请填写整改期限。")
        elif day and inspection.rectification_due < day:
            errors["rectification_due"] = _("整改期限不能早于检查日期。")
        if not (inspection.rectification or "").strip():
            errors["rectification"] = _("请填写整改要求。")
    if inspection.rectified_on and day and inspection.rectified_on < day:
        errors["rectified_on"] = _("整改完成日期不能早于检查日期。")
    elif inspection.rectified_on and inspection.rectified_on > date.today():
        errors["rectified_on"] = _("整改完成日期不能晚于今天。")
    return errors


@transaction.atomic
def inspection_save(
    *, community, actor, inspection: HalalInspection | None = None, edit_token=None, **fields
) -> HalalInspection:
    """Record an inspection; a finding to rectify needs its due date, a passed one carries none."""
    inspection = _row(HalalInspection, inspection, community=community, fields=fields)
    raise_errors(inspection_errors(inspection, community))
    return _save(
        inspection,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_HALAL_INSPECTION_CREATE, AuditAction.OUTREACH_HALAL_INSPECTION_UPDATE),
        data={"result": inspection.result, "rectified": bool(inspection.rectified_on)},
        edit_token=edit_token,
    )


def complaint_errors(complaint: HalalComplaint, community) -> dict:
    errors = _other_community(complaint, community)
    if complaint.handled_on:
        if complaint.received_on and complaint.handled_on < complaint.received_on:
            errors["handled_on"] = _("办结日期不能早于受理日期。")
        if not (complaint.result or "").strip():
            errors["result"] = _("办结的投诉请填写处理结果。")
    return errors


@transaction.atomic
def complaint_save(
    *, community, actor, complaint: HalalComplaint | None = None, edit_token=None, **fields
) -> HalalComplaint:
    """Record a complaint; a handled complaint has its result."""
    complaint = _row(HalalComplaint, complaint, community=community, fields=fields)
    raise_errors(complaint_errors(complaint, community))
    return _save(
        complaint,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_HALAL_COMPLAINT_CREATE, AuditAction.OUTREACH_HALAL_COMPLAINT_UPDATE),
        edit_token=edit_token,
    )
