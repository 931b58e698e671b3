"""Writes of the tenancy core."""

from django.db import transaction

from . import versioning
from .audit import AuditAction, log_action
from .models import Community, District, StreetOffice


@transaction.atomic
def community_ensure(
    *, code: str, name: str, street_name: str, district_name: str | None = None
) -> tuple[Community, bool]:
    """Create or update community ``code`` under ``street_name`` (idempotent). Returns (community, created)."""
    district = None
    if district_name:
        district, _ = District.objects.get_or_create(name=district_name)
    street, street_created = StreetOffice.objects.get_or_create(
        name=street_name, defaults={"district": district}
    )
    if district is not None and street.district_id != district.pk:
        street.district = district
        street.full_clean()
        street.save()
    community = Community.objects.filter(code=code).first()
    created = community is None
    if created:
        community = Community(code=code)
    community.name = name
    community.street = street
    community.full_clean()
    community.save()
    return community, created


@transaction.atomic
def community_profile_update(
    *, community: Community, actor, data: dict, edit_token: str | None = None
) -> list[str]:
    """Record the community's profile (成立时间, 面积, 四至, 办公楼, staffing) as its staff or secretary keeps it.

    Only ``Community.PROFILE_FIELDS`` are written; the change is kept in the model's history and audited
    with the names of the fields changed. Returns those names. ``edit_token`` (community.versioning): a
    profile saved by someone else since the form was opened is not overwritten (ConcurrentEdit).
    """
    versioning.check_unchanged(community, edit_token)
    changed = [
        name for name in Community.PROFILE_FIELDS if name in data and getattr(community, name) != data[name]
    ]
    for name in changed:
        setattr(community, name, data[name])
    if changed:
        community.full_clean()
        community._change_reason = "社区概况维护"
        community.save(update_fields=changed)
        log_action(
            AuditAction.COMMUNITY_PROFILE,
            user=actor,
            community=community,
            obj=community,
            data={"fields": changed},
        )
    return changed
