"""Writes to the outreach ledgers. Each validates (full_clean) and writes its audit row.

Nothing is deleted: a person leaving a team keeps their membership row with its 退出日期, disputes
are closed through their status, events are marked held.

Each ``<noun>_save(*, community, actor, <noun>=None, edit_token=None, …, **fields)`` takes the values of
its form (community.records.form_values) and, when editing, the stored row they change; a new row is made
here, never handed in half-built.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community import versioning
from community.audit import AuditAction, log_action
from community.records import assign

from ..models import (
    Agreement,
    Dispute,
    DisputeStatus,
    Event,
    JurisdictionUnit,
    Organisation,
    OrganisationMember,
    Propaganda,
    ReligiousSite,
    Visit,
    VisitPurpose,
)

#: The default 办结时限 of a dispute: 30 days from receipt (the usual term of people's mediation).
DISPUTE_TERM_DAYS = 30


def _plan_item_errors(record, community) -> dict:
    """An event or visit carries out an item of its own community's plan of the same year."""
    item = record.plan_item if record.plan_item_id else None
    if item is None:
        return {}
    if item.plan.community_id != community.pk:
        return {"plan_item": _("计划项目不属于本社区。")}
    if record.date and item.plan.year != record.date.year:
        return {
            "plan_item": _("所选计划项目属于%(year)s年计划，与日期的年份不符。") % {"year": item.plan.year}
        }
    return {}


def _row(model, row, *, community, fields: dict):
    """``row`` (the stored record being edited) or a new ``model`` of ``community``, given ``fields``."""
    return assign(row if row is not None else model(community=community), fields)


def raise_errors(errors: dict) -> None:
    """Refuse a write whose ``*_errors`` check found something (field → message)."""
    if errors:
        raise ValidationError(errors)


def _save(
    instance,
    *,
    community,
    actor,
    actions: tuple[AuditAction, AuditAction],
    m2m: dict | None = None,
    data=None,
    edit_token: str | None = None,
    token_m2m: tuple[str, ...] = (),
):
    """Validate, save, set many-to-many fields, audit (``actions``: what a new record and what a change to
    an existing one are called). Shared by every service below.

    ``edit_token`` (the edit form's, community.versioning) must still match the stored record: a record
    saved by someone else since the form was opened is refused (ConcurrentEdit) and nothing is written.
    """
    versioning.check_unchanged(instance, edit_token, token_m2m)
    creating = instance._state.adding
    instance.community = community
    if creating and hasattr(instance, "created_by_id") and actor is not None:
        instance.created_by = actor
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    log_action(
        actions[0] if creating else actions[1],
        user=actor,
        community=community,
        obj=instance,
        data=data or {},
    )
    return instance


@transaction.atomic
def event_save(
    *,
    community,
    actor,
    event: Event | None = None,
    participants=None,
    religious_figures=None,
    edit_token=None,
    token_m2m: tuple[str, ...] = ("participants", "religious_figures"),
    **fields,
) -> Event:
    """Create or update an event, its registered participants (the whole list: the caller keeps the
    participants a grid worker cannot see, see views/events.py) and the religious figures taking part."""
    event = _row(Event, event, community=community, fields=fields)
    if event.type_id and event.type.needs_occasion and not event.occasion:
        raise ValidationError({"occasion": _("节日活动请填写节日，如春节、开斋节。")})
    raise_errors(_plan_item_errors(event, community))
    if religious_figures and any(f.community_id != community.pk for f in religious_figures):
        raise ValidationError({"religious_figures": _("宗教人士不属于本社区。")})
    m2m = {"participants": participants} if participants is not None else {}
    if religious_figures is not None:
        m2m["religious_figures"] = religious_figures
    return _save(
        event,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_EVENT_CREATE, AuditAction.OUTREACH_EVENT_UPDATE),
        m2m=m2m,
        data={"participants": len(participants) if participants is not None else None},
        edit_token=edit_token,
        token_m2m=token_m2m,
    )


@transaction.atomic
def propaganda_save(*, community, actor, propaganda: Propaganda | None = None, edit_token=None, **fields):
    """Record banners, boards, leaflets and quiz sheets (at least one count above zero)."""
    propaganda = _row(Propaganda, propaganda, community=community, fields=fields)
    if propaganda.event_id and propaganda.event.community_id != community.pk:
        raise ValidationError({"event": _("活动不属于本社区。")})
    if not any((propaganda.banners, propaganda.boards, propaganda.leaflets, propaganda.quizzes)):
        raise ValidationError(_("请至少填写一项宣传品数量。"))
    return _save(
        propaganda,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_PROPAGANDA_CREATE, AuditAction.OUTREACH_PROPAGANDA_UPDATE),
        edit_token=edit_token,
    )


@transaction.atomic
def visit_save(
    *, community, actor, visit: Visit | None = None, visitors=None, edit_token=None, **fields
) -> Visit:
    """Record a visit. Visiting a resident also records their household (for the checklist)."""
    visit = _row(Visit, visit, community=community, fields=fields)
    if visit.resident_id:
        visit.household_id = visit.resident.household_id
    if not visit.resident_id and not visit.household_id:
        raise ValidationError(_("请选择走访的居民或户。"))
    if visit.date > date.today():
        raise ValidationError({"date": _("走访日期不能晚于今天。")})
    raise_errors(_plan_item_errors(visit, community))
    m2m = {"visitors": visitors} if visitors is not None else None
    data = {"purpose": visit.purpose}
    if visit.purpose == VisitPurpose.CORRECTION:
        data["restricted"] = True
    return _save(
        visit,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_VISIT_CREATE, AuditAction.OUTREACH_VISIT_UPDATE),
        m2m=m2m,
        data=data,
        edit_token=edit_token,
        token_m2m=("visitors",),
    )


@transaction.atomic
def agreement_save(
    *, community, actor, agreement: Agreement | None = None, edit_token=None, **fields
) -> Agreement:
    """Record a 责任书 for a person under community correction."""
    agreement = _row(Agreement, agreement, community=community, fields=fields)
    if not agreement.resident.is_correction:
        raise ValidationError({"resident": _("只能为社区矫正/帮教对象登记责任书。")})
    return _save(
        agreement,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_AGREEMENT_CREATE, AuditAction.OUTREACH_AGREEMENT_UPDATE),
        data={"has_file": bool(agreement.file)},
        edit_token=edit_token,
    )


def agreement_file_served(*, agreement: Agreement, actor) -> None:
    """Audit each time a 责任书 file is opened."""
    log_action(AuditAction.OUTREACH_AGREEMENT_DOWNLOAD, user=actor, obj=agreement)


# Which statuses may follow which: 受理 → 调处中 → 已化解, or 已上报 from either open status.
DISPUTE_TRANSITIONS = {
    DisputeStatus.ACCEPTED: {
        DisputeStatus.ACCEPTED,
        DisputeStatus.MEDIATING,
        DisputeStatus.RESOLVED,
        DisputeStatus.REPORTED,
    },
    DisputeStatus.MEDIATING: {DisputeStatus.MEDIATING, DisputeStatus.RESOLVED, DisputeStatus.REPORTED},
    DisputeStatus.RESOLVED: {DisputeStatus.RESOLVED},
    DisputeStatus.REPORTED: {DisputeStatus.REPORTED, DisputeStatus.RESOLVED},
}


@transaction.atomic
def dispute_save(
    *,
    community,
    actor,
    dispute: Dispute | None = None,
    parties=None,
    previous_status=None,
    edit_token=None,
    **fields,
) -> Dispute:
    """Create or update a dispute, enforcing its status flow and what a closed case must carry
    (``previous_status``: the status the editor saw, before the form changed it)."""
    dispute = _row(Dispute, dispute, community=community, fields=fields)
    if previous_status and dispute.status not in DISPUTE_TRANSITIONS[previous_status]:
        raise ValidationError(
            {
                "status": _("状态不能从“%(old)s”改为“%(new)s”。")
                % {"old": DisputeStatus(previous_status).label, "new": dispute.get_status_display()}
            }
        )
    errors = {}
    if dispute.status in (DisputeStatus.RESOLVED, DisputeStatus.REPORTED):
        if not dispute.closed_on:
            errors["closed_on"] = _("办结或上报的案件请填写办结日期。")
        if not dispute.resolution:
            errors["resolution"] = _("请填写调处结果或上报情况。")
    if dispute.status == DisputeStatus.RESOLVED and not dispute.settled_level:
        errors["settled_level"] = _("已化解的案件请选择化解层级。")
    if dispute.status == DisputeStatus.REPORTED and not dispute.settled_level:
        dispute.settled_level = "street"
    if dispute.closed_on and dispute.closed_on < dispute.received_on:
        errors["closed_on"] = _("办结日期不能早于受理日期。")
    if dispute.deadline and dispute.deadline < dispute.received_on:
        errors["deadline"] = _("办结时限不能早于受理日期。")
    if not dispute.deadline and dispute.received_on:
        # Every case is tracked to its end: without a date typed in, the usual term from receipt applies.
        dispute.deadline = dispute.received_on + timedelta(days=DISPUTE_TERM_DAYS)
    if errors:
        raise ValidationError(errors)
    if dispute.status in (DisputeStatus.ACCEPTED, DisputeStatus.MEDIATING):
        dispute.closed_on = None
    m2m = {"parties": parties} if parties is not None else None
    return _save(
        dispute,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_DISPUTE_CREATE, AuditAction.OUTREACH_DISPUTE_UPDATE),
        m2m=m2m,
        data={"status": dispute.status, "previous_status": previous_status or ""},
        edit_token=edit_token,
        token_m2m=("parties",),
    )


@transaction.atomic
def organisation_save(
    *, community, actor, organisation: Organisation | None = None, edit_token=None, **fields
) -> Organisation:
    """Record an organisation or team. One taken off the register gets its 撤销日期 (today unless given),
    one put back loses it: figures of a date count the organisations in the register on that date."""
    organisation = _row(Organisation, organisation, community=community, fields=fields)
    if organisation.is_active:
        organisation.dissolved_on = None
    elif organisation.dissolved_on is None:
        organisation.dissolved_on = date.today()
    return _save(
        organisation,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_ORGANISATION_CREATE, AuditAction.OUTREACH_ORGANISATION_UPDATE),
        edit_token=edit_token,
    )


@transaction.atomic
def unit_save(
    *, community, actor, unit: JurisdictionUnit | None = None, edit_token=None, **fields
) -> JurisdictionUnit:
    """Record a 辖区单位 (a school, a company, an office in the community)."""
    unit = _row(JurisdictionUnit, unit, community=community, fields=fields)
    return _save(
        unit,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_UNIT_CREATE, AuditAction.OUTREACH_UNIT_UPDATE),
        edit_token=edit_token,
    )


@transaction.atomic
def site_save(
    *, community, actor, site: ReligiousSite | None = None, edit_token=None, **fields
) -> ReligiousSite:
    """Record a religious site (its contact, its joint visits from when)."""
    site = _row(ReligiousSite, site, community=community, fields=fields)
    return _save(
        site,
        community=community,
        actor=actor,
        actions=(AuditAction.OUTREACH_SITE_CREATE, AuditAction.OUTREACH_SITE_UPDATE),
        edit_token=edit_token,
    )


@transaction.atomic
def member_add(
    *,
    organisation: Organisation,
    actor,
    resident=None,
    name="",
    role="member",
    title="",
    since: date | None = None,
):
    """Add a registered resident (or a named outsider) to an organisation from ``since`` (default today)."""
    if resident is None and not name.strip():
        raise ValidationError(_("请选择居民或填写姓名。"))
    if resident is not None and organisation.members.filter(resident=resident).exists():  # a current member
        raise ValidationError(_("%(name)s 已是该组织成员。") % {"name": resident.name})
    since = since or date.today()
    if since > date.today():
        raise ValidationError(_("加入日期不能晚于今天。"))
    member = OrganisationMember(
        organisation=organisation,
        resident=resident,
        name=name.strip(),
        role=role,
        title=title,
        joined_on=since,
    )
    member.full_clean()
    member.save()
    log_action(
        AuditAction.OUTREACH_MEMBER_ADD,
        user=actor,
        community=organisation.community,
        obj=organisation,
        data={"member": member.display_name, "role": role},
    )
    return member


@transaction.atomic
def member_remove(*, member: OrganisationMember, actor, on: date | None = None) -> None:
    """A person leaves a team on ``on`` (default today): the row stays with its 退出日期, so the figures of
    earlier dates still count them."""
    organisation = member.organisation
    on = on or date.today()
    if member.joined_on and on < member.joined_on:
        on = member.joined_on
    member.left_on = on
    member.full_clean()
    member.save(update_fields=["left_on"])
    log_action(
        AuditAction.OUTREACH_MEMBER_REMOVE,
        user=actor,
        community=organisation.community,
        obj=organisation,
        data={"member": member.display_name, "role": member.role, "left_on": on.isoformat()},
    )
