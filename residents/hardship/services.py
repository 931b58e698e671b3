"""Writes to the hardship register. Each service validates, saves and audits in one transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from community import versioning
from community.audit import AuditAction, log_action
from community.models import Community

from ..models import Household
from .models import Cause, HardshipHelp, HardshipHousehold, HelpKind, Pairing, PairingVisit

RECORD_FIELDS = ["causes", "income_per_head", "since", "reviewed_on", "notes"]


def _not_future(errors: dict, field: str, value: date | None, label: str) -> None:
    if value and value > date.today():
        errors[field] = [f"{label}不能晚于今天。"]


def _snapshot(record: HardshipHousehold) -> dict:
    return {
        name: str(getattr(record, name)) if getattr(record, name) is not None else None
        for name in [*RECORD_FIELDS, "ended_on", "end_reason"]
    }


def _validate_record(record: HardshipHousehold) -> None:
    errors = {}
    if not record.causes:
        errors["causes"] = ["请至少选择一项困难原因。"]
    elif set(record.causes) - set(Cause.values):
        errors["causes"] = ["困难原因不在可选范围内。"]
    _not_future(errors, "since", record.since, "认定日期")
    _not_future(errors, "reviewed_on", record.reviewed_on, "复核日期")
    _not_future(errors, "ended_on", record.ended_on, "退出日期")
    if record.reviewed_on and record.since and record.reviewed_on < record.since:
        errors["reviewed_on"] = ["复核日期不能早于认定日期。"]
    if record.ended_on and record.since and record.ended_on < record.since:
        errors["ended_on"] = ["退出日期不能早于认定日期。"]
    if record.household_id and record.household.community_id != record.community_id:
        errors["household"] = ["所选的户不属于本社区。"]
    if record.household_id and record.ended_on is None:
        other = HardshipHousehold.objects.filter(household_id=record.household_id, ended_on__isnull=True)
        if other.exclude(pk=record.pk).exists():
            errors["household"] = ["该户已登记为困难家庭，请在原记录上复核或修改。"]
    if errors:
        raise ValidationError(errors)
    record.full_clean()


@transaction.atomic
def hardship_create(*, community: Community, household: Household, actor, **fields) -> HardshipHousehold:
    """Recognise a household as in hardship from ``since``."""
    record = HardshipHousehold(community=community, household=household, created_by=actor, **fields)
    _validate_record(record)
    record._change_reason = "认定困难家庭"
    record.save()
    log_action(
        AuditAction.HARDSHIP_CREATE,
        user=actor,
        community=community,
        obj=record,
        data={"new": _snapshot(record)},
    )
    return record


@transaction.atomic
def hardship_update(
    *, record: HardshipHousehold, actor, edit_token: str | None = None, **fields
) -> HardshipHousehold:
    """Correct or review a record; history and audit keep old and new values. A record saved by someone else
    since the form was opened (``edit_token``, community.versioning) is not overwritten."""
    versioning.check_unchanged(record, edit_token)
    before = _snapshot(record)
    for name, value in fields.items():
        setattr(record, name, value)
    _validate_record(record)
    record._change_reason = "编辑/复核"
    record.save()
    after = _snapshot(record)
    log_action(
        AuditAction.HARDSHIP_UPDATE,
        user=actor,
        community=record.community,
        obj=record,
        data={"changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]}},
    )
    return record


@transaction.atomic
def hardship_end(*, record: HardshipHousehold, actor, on: date, reason: str) -> HardshipHousehold:
    """The household leaves the hardship register on ``on`` (kept, never deleted); its pairing ends too."""
    if record.ended_on:
        raise ValidationError({"on": ["该困难家庭已退出。"]})
    record.ended_on, record.end_reason = on, reason
    _validate_record(record)
    record._change_reason = f"退出：{reason}"
    record.save()
    for pairing in record.pairings.filter(ended_on__isnull=True):
        pairing.ended_on = max(on, pairing.since)
        pairing._change_reason = "困难家庭退出"
        pairing.save()
    log_action(
        AuditAction.HARDSHIP_END,
        user=actor,
        community=record.community,
        obj=record,
        data={"on": on.isoformat(), "reason": reason},
    )
    return record


@transaction.atomic
def help_record(
    *,
    record: HardshipHousehold,
    actor,
    kind: str,
    given_on: date,
    source: str,
    handed_over_by: str,
    amount: Decimal | None = None,
    description: str = "",
) -> HardshipHelp:
    """Record help handed over to a hardship household."""
    errors = {}
    _not_future(errors, "given_on", given_on, "帮扶日期")
    if given_on and given_on < record.since:
        errors["given_on"] = ["帮扶日期不能早于认定日期。"]
    if kind == HelpKind.MONEY and amount is None:
        errors["amount"] = ["资金帮扶请填写金额。"]
    if errors:
        raise ValidationError(errors)
    help_ = HardshipHelp(
        hardship=record,
        kind=kind,
        amount=amount,
        given_on=given_on,
        source=source,
        handed_over_by=handed_over_by,
        description=description,
        created_by=actor,
    )
    help_.full_clean()
    help_.save()
    log_action(
        AuditAction.HARDSHIP_HELP,
        user=actor,
        community=record.community,
        obj=help_,
        data={
            "kind": kind,
            "amount": str(amount) if amount is not None else None,
            "source": source,
            "on": given_on.isoformat(),
        },
    )
    return help_


@transaction.atomic
def pairing_create(
    *,
    record: HardshipHousehold,
    actor,
    helper_kind: str,
    helper_name: str,
    since: date,
    helper_phone: str = "",
    notes: str = "",
) -> Pairing:
    """Pair a helper with the household; a current pairing ends the day before the new one starts."""
    errors = {}
    _not_future(errors, "since", since, "结对日期")
    if record.ended_on:
        errors["since"] = ["该困难家庭已退出，不能再结对。"]
    if errors:
        raise ValidationError(errors)
    for current in record.pairings.filter(ended_on__isnull=True):
        if since <= current.since:
            raise ValidationError({"since": ["新结对日期须晚于当前结对的开始日期。"]})
        current.ended_on = since
        current._change_reason = "更换帮扶人"
        current.save()
    pairing = Pairing(
        hardship=record,
        helper_kind=helper_kind,
        helper_name=helper_name,
        helper_phone=helper_phone,
        since=since,
        notes=notes,
    )
    pairing.full_clean()
    pairing._change_reason = "结对"
    pairing.save()
    log_action(
        AuditAction.HARDSHIP_PAIR,
        user=actor,
        community=record.community,
        obj=pairing,
        data={"helper_kind": helper_kind, "since": since.isoformat()},
    )
    return pairing


@transaction.atomic
def visit_record(*, pairing: Pairing, actor, visited_on: date, notes: str = "") -> PairingVisit:
    """Record a helper's visit to the paired household."""
    errors = {}
    _not_future(errors, "visited_on", visited_on, "走访日期")
    if visited_on and visited_on < pairing.since:
        errors["visited_on"] = ["走访日期不能早于结对日期。"]
    if errors:
        raise ValidationError(errors)
    visit = PairingVisit(pairing=pairing, visited_on=visited_on, notes=notes, created_by=actor)
    visit.full_clean()
    visit.save()
    log_action(
        AuditAction.HARDSHIP_VISIT,
        user=actor,
        community=pairing.hardship.community,
        obj=visit,
        data={"on": visited_on.isoformat()},
    )
    return visit
