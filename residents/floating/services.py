"""Writes to the floating register: arrival (with the person, when new), edits, departure and services.

Each service validates, saves and writes its audit row in one transaction; the 居住证 number and the
landlord's phone never go into the audit data (only whether they changed).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from community import versioning
from community.audit import AuditAction, log_action
from community.models import Community

from .. import services as registry
from ..models import Household, ResidenceType, Resident, ResidentStatus
from . import origins
from .models import FloatingResident, ServiceRecord

STAY_FIELDS = [
    "arrived_on",
    "origin",
    "reason",
    "permit_number",
    "permit_expires",
    "employer",
    "housing",
    "landlord_name",
    "landlord_phone",
    "expected_stay",
    "notes",
]
SECRET_FIELDS = {"permit_number", "landlord_phone"}


def _snapshot(stay: FloatingResident) -> dict:
    return {
        name: ("***" if getattr(stay, name) else "")
        if name in SECRET_FIELDS
        else str(getattr(stay, name) or "")
        for name in [*STAY_FIELDS, "departed_on", "destination"]
    }


def _validate_stay(stay: FloatingResident) -> None:
    errors = {}
    if stay.origin and stay.origin not in origins.divisions():
        errors["origin"] = ["请从列表中选择户籍地（省、市）。"]
    if stay.arrived_on and stay.arrived_on > date.today():
        errors["arrived_on"] = ["来本社区日期不能晚于今天。"]
    if stay.departed_on and stay.arrived_on and stay.departed_on < stay.arrived_on:
        errors["departed_on"] = ["离开日期不能早于来本社区日期。"]
    if stay.departed_on and stay.departed_on > date.today():
        errors["departed_on"] = ["离开日期不能晚于今天。"]
    if stay.resident_id and stay.resident.community_id != stay.community_id:
        errors["resident"] = ["该居民不属于本社区。"]
    if not stay.departed_on:
        other_open = (
            FloatingResident.objects.filter(resident_id=stay.resident_id, departed_on__isnull=True)
            .exclude(pk=stay.pk)
            .exists()
        )
        if other_open:
            errors["arrived_on"] = ["该居民已有一条未离开的流动人口登记，请先登记离开。"]
    if errors:
        raise ValidationError(errors)
    stay.full_clean(exclude=["origin_province"])


@transaction.atomic
def arrival_register(
    *,
    community: Community,
    actor,
    resident: Resident | None = None,
    person: dict | None = None,
    **stay_fields,
) -> FloatingResident:
    """Register an arrival: for an existing resident, or for a new one described by ``person``.

    A new person is registered as a 流动 resident from the day of arrival (through the registry's own
    service, which checks the ID number and audits); an existing one is marked 流动 and active again.
    """
    arrived_on = stay_fields.get("arrived_on")
    if resident is None:
        resident = registry.resident_create(
            community=community,
            actor=actor,
            reason="流动人口来社区登记",
            **{**person, "residence_type": ResidenceType.FLOATING, "moved_in_on": arrived_on},
        )
    elif resident.residence_type != ResidenceType.FLOATING or resident.status != ResidentStatus.ACTIVE:
        resident = registry.resident_update(
            resident=resident,
            actor=actor,
            reason="流动人口再次来社区登记",
            residence_type=ResidenceType.FLOATING,
            status=ResidentStatus.ACTIVE,
            status_date=None,
        )
    stay = FloatingResident(community=community, resident=resident, created_by=actor, **stay_fields)
    _validate_stay(stay)
    stay._change_reason = "来社区登记"
    stay.save()
    log_action(
        AuditAction.FLOATING_ARRIVE, user=actor, community=community, obj=stay, data={"new": _snapshot(stay)}
    )
    return stay


@transaction.atomic
def stay_update(
    *, stay: FloatingResident, actor, edit_token: str | None = None, **fields
) -> FloatingResident:
    """Correct a registration; history and audit keep old and new values (secrets: changed or not). A stay
    saved by someone else since the form was opened (``edit_token``, community.versioning) is not overwritten."""
    versioning.check_unchanged(stay, edit_token)
    before = _snapshot(stay)
    for name, value in fields.items():
        setattr(stay, name, value)
    _validate_stay(stay)
    stay._change_reason = "编辑"
    stay.save()
    after = _snapshot(stay)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    log_action(
        AuditAction.FLOATING_UPDATE, user=actor, community=stay.community, obj=stay, data={"changed": changed}
    )
    return stay


@transaction.atomic
def departure_record(*, stay: FloatingResident, actor, on: date, destination: str = "") -> FloatingResident:
    """Record that a floating resident left: the stay ends, and the person leaves the register that day."""
    if stay.departed_on:
        raise ValidationError({"departed_on": ["该登记已记录离开。"]})
    stay.departed_on = on
    stay.destination = destination
    _validate_stay(stay)
    stay._change_reason = "登记离开"
    stay.save()
    if stay.resident.status == ResidentStatus.ACTIVE:
        registry.resident_status_record(
            resident=stay.resident,
            actor=actor,
            status=ResidentStatus.MOVED_OUT,
            on=on,
            reason=f"流动人口离开{('，去向' + destination) if destination else ''}",
        )
    log_action(
        AuditAction.FLOATING_DEPART,
        user=actor,
        community=stay.community,
        obj=stay,
        data={"on": on.isoformat(), "destination": destination},
    )
    return stay


@transaction.atomic
def service_record(
    *,
    community: Community,
    actor,
    kind: str,
    served_on: date,
    served_by: str,
    notes: str = "",
    resident: Resident | None = None,
    household: Household | None = None,
) -> ServiceRecord:
    """Record one service to a person or a household (who served, when, what)."""
    if served_on and served_on > date.today():
        raise ValidationError({"served_on": ["服务日期不能晚于今天。"]})
    for subject in (resident, household):
        if subject is not None and subject.community_id != community.pk:
            raise ValidationError("服务对象不属于本社区。")
    record = ServiceRecord(
        community=community,
        resident=resident,
        household=household,
        kind=kind,
        served_on=served_on,
        served_by=served_by,
        notes=notes,
        created_by=actor,
    )
    record.full_clean()
    record.save()
    log_action(
        AuditAction.FLOATING_SERVICE,
        user=actor,
        community=community,
        obj=record,
        data={"kind": kind, "on": served_on.isoformat(), "household": bool(household)},
    )
    return record
