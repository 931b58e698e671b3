"""Writes to the registry. Each service validates, saves and writes its audit row in one transaction."""

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import update_change_reason

from community import versioning
from community.audit import AuditAction, log_action
from community.models import Community

from . import rules
from .models import Household, Relation, Resident, ResidentStatus

AUDITED_FIELDS = [
    "name",
    "sex",
    "ethnicity_id",
    "birth_date",
    "phone",
    "household_id",
    "relation",
    "residence_type",
    "political_status",
    "status",
    "status_date",
    "is_hardship",
    "is_unemployed",
    "is_retired_cadre",
    "is_respected_elder",
    "is_disabled",
    "is_religious",
    "is_minority_rep",
    "is_correction",
]


def _snapshot(resident: Resident) -> dict:
    return {
        f: str(getattr(resident, f)) if getattr(resident, f) is not None else None for f in AUDITED_FIELDS
    }


def validate_resident(resident: Resident) -> None:
    """The rules of ``residents/rules.py`` (the ID number, its birth date and sex), then the registry's:
    one ID number per community, one active head per household; then full_clean()."""
    info, problems = rules.id_number(resident.id_number)
    if problems:
        raise ValidationError({"id_number": problems})
    resident.id_number = info.number
    if resident.birth_date is None:
        resident.birth_date = info.birth_date
    if not resident.sex:
        resident.sex = info.sex
    errors = {
        field: problems
        for field, problems in (
            ("birth_date", rules.birth_date_problems(info, resident.birth_date, today=date.today())),
            ("sex", rules.sex_problems(info, resident.sex)),
        )
        if problems
    }
    if errors:
        raise ValidationError(errors)
    duplicate = (
        Resident.objects.filter(community_id=resident.community_id, id_number=resident.id_number)
        .exclude(pk=resident.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError({"id_number": ["本社区已登记过该公民身份号码的居民，请勿重复登记。"]})
    if resident.household_id and resident.household.community_id != resident.community_id:
        raise ValidationError({"household": ["所选的户不属于本社区。"]})
    if resident.household_id and rules.is_active_head(resident.relation, resident.status):
        other_head = (
            Resident.objects.filter(
                household_id=resident.household_id, relation=Relation.HEAD, status=ResidentStatus.ACTIVE
            )
            .exclude(pk=resident.pk)
            .exists()
        )
        problems = rules.head_problems(resident.relation, resident.status, other_head=other_head)
        if problems:
            raise ValidationError({"relation": problems})
    resident.full_clean(validate_unique=True)


@transaction.atomic
def resident_create(*, community: Community, actor, reason: str = "新建", **fields) -> Resident:
    """Register a resident in ``community``; 登记日期 is today unless given (the change panel counts them)."""
    resident = Resident(community=community, **fields)
    if resident.moved_in_on is None:
        resident.moved_in_on = date.today()
    validate_resident(resident)
    resident._change_reason = reason
    resident.save()
    log_action(
        AuditAction.RESIDENT_CREATE,
        user=actor,
        community=community,
        obj=resident,
        data={"new": _snapshot(resident)},
    )
    return resident


@transaction.atomic
def resident_update(
    *, resident: Resident, actor, reason: str = "编辑", edit_token: str | None = None, **fields
) -> Resident:
    """Change a resident's fields; history and audit record old and new values.

    ``edit_token`` (the edit form's, community.versioning) must still match the stored resident: an
    edit saved by someone else since the form was opened is refused (ConcurrentEdit), nothing written.
    """
    versioning.check_unchanged(resident, edit_token)
    before = _snapshot(resident)
    for name, value in fields.items():
        setattr(resident, name, value)
    validate_resident(resident)
    resident._change_reason = reason
    resident.save()
    after = _snapshot(resident)
    changed = {k: [before[k], after[k]] for k in AUDITED_FIELDS if before[k] != after[k]}
    log_action(
        AuditAction.RESIDENT_UPDATE,
        user=actor,
        community=resident.community,
        obj=resident,
        data={"changed": changed},
    )
    return resident


@transaction.atomic
def resident_status_record(*, resident: Resident, actor, status: str, on: date, reason: str = "") -> Resident:
    """Record a move-out or a death (never a deletion), or a return to the register."""
    if status not in ResidentStatus.values:
        raise ValidationError({"status": ["未知的人员状态。"]})
    problems = rules.status_date_problems(status, on, today=date.today())
    if problems:
        raise ValidationError({"status_date": problems})
    old = resident.status
    resident.status = status
    resident.status_date = on if status != ResidentStatus.ACTIVE else None
    resident.full_clean()
    resident._change_reason = (
        reason or f"状态变更：{ResidentStatus(old).label} → {ResidentStatus(status).label}"
    )
    resident.save()
    update_change_reason(resident, resident._change_reason)
    log_action(
        AuditAction.RESIDENT_STATUS,
        user=actor,
        community=resident.community,
        obj=resident,
        data={"old": old, "new": status, "on": str(on) if on else None},
    )
    if status != ResidentStatus.ACTIVE and old == ResidentStatus.ACTIVE:
        departure_propagate(resident=resident, on=on, status=status, actor=actor)
    return resident


def departure_preview(*, resident: Resident, on: date, status: str) -> list[str]:
    """What moving out or a death on ``on`` would do in other ledgers (welfare: the open cases end), as
    texts for the confirmation page. Nothing is written."""
    return _departure_hooks(resident, on, status, apply=False, actor=None)


def departure_propagate(*, resident: Resident, on: date, status: str, actor) -> list[str]:
    """Do in the other ledgers what moving out or a death on ``on`` means, in the caller's transaction (the
    status change itself); the texts of what was done."""
    return _departure_hooks(resident, on, status, apply=True, actor=actor)


def _departure_hooks(resident: Resident, on: date, status: str, *, apply: bool, actor) -> list[str]:
    """Apps answer through ``resident_departure`` on their AppConfig: residents imports no other app."""
    texts = []
    for config in apps.get_app_configs():
        hook = getattr(config, "resident_departure", None)
        if hook is not None:
            texts += hook(resident, on, str(ResidentStatus(status).label), apply=apply, actor=actor)
    return texts


@transaction.atomic
def household_create(*, community: Community, actor, **fields) -> Household:
    """Create a household at an address of the grid tree; the tree above the unit is filled in."""
    household = Household(community=community, **fields)
    if not household.number:
        household.number = _next_household_number(community)
    _fill_tree(household)
    household.full_clean()
    household.save()
    log_action(AuditAction.HOUSEHOLD_CREATE, user=actor, community=community, obj=household)
    return household


def _next_household_number(community: Community) -> str:
    """The next generated 户编号 of ``community``: its code and a running number (HLS-00001, HLS-00002, …).

    Numbers typed by hand in another form are left alone; the community row is locked so that two people
    creating households at once get two numbers (on SQLite writes are serialised anyway)."""
    Community.objects.select_for_update().filter(pk=community.pk).first()
    prefix = f"{community.code}-"
    taken = Household.objects.filter(community=community, number__startswith=prefix).values_list(
        "number", flat=True
    )
    running = [int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(running, default=0) + 1:05d}"


def _fill_tree(household: Household) -> None:
    """Derive building/compound/subgrid/grid from the lowest level given, and check they belong together.

    The grid is the building's (its own, else its compound's); a household of a compound without buildings
    keeps the grid chosen when the compound reaches into it (a compound may span grids).
    """
    if household.unit_id:
        household.building = household.unit.building
    if household.building_id:
        household.compound = household.building.compound
    if household.compound_id:
        compound = household.compound
        if household.building_id:
            household.grid = household.building.grid or compound.grid
        elif not household.grid_id or not _compound_touches(compound, household.grid_id):
            household.grid = compound.grid
        household.subgrid = compound.subgrid
    for level in (household.grid, household.compound, household.building, household.unit):
        if level is not None and level.community_id != household.community_id:
            raise ValidationError("地址不属于本社区。")


def _compound_touches(compound, grid_id: int) -> bool:
    """The compound is drawn in the grid or has a building in it."""
    return compound.grid_id == grid_id or compound.buildings.filter(grid_id=grid_id).exists()


def id_number_reveal(*, resident: Resident, actor) -> str:
    """Return the full ID number and audit that it was revealed."""
    log_action(
        AuditAction.RESIDENT_REVEAL_ID,
        user=actor,
        community=resident.community,
        obj=resident,
    )
    return resident.id_number
