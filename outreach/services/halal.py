"""Writes to the 清真 oversight registers: shops and canteens, inspections, complaints."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import HalalComplaint, HalalEstablishment, HalalInspection, InspectionResult
from .ledgers import _save


@transaction.atomic
def establishment_save(*, establishment: HalalEstablishment, community, actor, request=None):
    """Record a halal shop or canteen (closing it keeps it, with its closing date)."""
    if (
        establishment.closed_on
        and establishment.opened_on
        and establishment.closed_on < establishment.opened_on
    ):
        raise ValidationError({"closed_on": _("停业日期不能早于开业日期。")})
    return _save(establishment, community=community, actor=actor, request=request, action="outreach.halal")


def _same_community(row, community) -> None:
    if row.establishment.community_id != community.pk:
        raise ValidationError({"establishment": _("经营场所不属于本社区。")})


@transaction.atomic
def inspection_save(*, inspection: HalalInspection, community, actor, request=None) -> HalalInspection:
    """Record an inspection; a finding to rectify needs its due date, a passed one carries none."""
    _same_community(inspection, community)
    errors = {}
    if inspection.date and inspection.date > date.today():
        errors["date"] = _("检查日期不能晚于今天。")
    if inspection.result == InspectionResult.PASSED:
        inspection.rectification, inspection.rectification_due, inspection.rectified_on = "", None, None
    else:
        if not inspection.rectification_due:
            errors["rectification_due"] = _("限期整改请填写整改期限。")
        elif inspection.date and inspection.rectification_due < inspection.date:
            errors["rectification_due"] = _("整改期限不能早于检查日期。")
        if not inspection.rectification.strip():
            errors["rectification"] = _("请填写整改要求。")
    if inspection.rectified_on and inspection.date and inspection.rectified_on < inspection.date:
        errors["rectified_on"] = _("整改完成日期不能早于检查日期。")
    if inspection.rectified_on and inspection.rectified_on > date.today():
        errors["rectified_on"] = _("整改完成日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    return _save(
        inspection, community=community, actor=actor, request=request, action="outreach.halal_inspection",
        data={"result": inspection.result, "rectified": bool(inspection.rectified_on)},
    )  # fmt: skip


@transaction.atomic
def complaint_save(*, complaint: HalalComplaint, community, actor, request=None) -> HalalComplaint:
    """Record a complaint; a handled complaint has its result."""
    _same_community(complaint, community)
    errors = {}
    if complaint.handled_on:
        if complaint.received_on and complaint.handled_on < complaint.received_on:
            errors["handled_on"] = _("办结日期不能早于受理日期。")
        if not complaint.result.strip():
            errors["result"] = _("办结的投诉请填写处理结果。")
    if errors:
        raise ValidationError(errors)
    return _save(
        complaint, community=community, actor=actor, request=request, action="outreach.halal_complaint"
    )
