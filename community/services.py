"""Writes of the tenancy core."""

from django.db import transaction

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
