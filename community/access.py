"""Access helpers: who may see which community, in which role.

"Missing" and "not yours" look the same: both are 404 (pretix's PermissionMiddleware,
zulip's access_stream_by_id). A known community with a role lacking the view's
permission is 403.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from .caching import cached
from .models import Community, Membership, Role, StreetOffice
from .permissions import permissions_of, role_has

#: The cache scope of everything read from memberships, communities and street offices (community.caching):
#: a change to any of them (community/signals.py) forgets every user's cached access at once. They change
#: rarely; a revoked role must stop working at the next request.
ACCESS_SCOPE = "access"


@dataclass(frozen=True)
class Access:
    """The current user's standing in one community."""

    community: Community
    role: str
    membership: Membership | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    def has(self, permission: str) -> bool:
        return role_has(self.role, permission)

    @property
    def grid_scoped(self) -> bool:
        """True when the role sees only the grids it is assigned to (grids.selectors.scope_to_grids)."""
        return self.has("community.own_grids_only")

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def communities_for_user(user) -> QuerySet[Community]:
    """Every community the user may open: their own memberships, and every community of their street."""
    if not user.is_authenticated:
        return Community.objects.none()
    memberships = Membership.objects.filter(user=user)
    return (
        Community.objects.filter(
            Q(pk__in=memberships.filter(community__isnull=False).values("community"))
            | Q(street__in=memberships.filter(role=Role.STREET).values("street"))
        )
        .select_related("street")
        .order_by("street__name", "name")
    )


def resolve_access(user, code: str) -> Access:
    """Return the user's :class:`Access` to community ``code`` or raise Http404.

    Read from the cache when no membership, community or street office changed since it was stored (a
    refusal is not stored: it is read from the database each time).
    """
    if not user.is_authenticated or not user.is_active:
        raise Http404
    access = cached(ACCESS_SCOPE, f"{user.pk}:{code}", lambda: _read_access(user, code))
    if access is None:
        raise Http404
    return access


def cached_communities_for_user(user) -> list[Community]:
    """:func:`communities_for_user` as a list, from the cache while no membership or community changed."""
    return cached(ACCESS_SCOPE, f"communities:{user.pk}", lambda: list(communities_for_user(user)))


def _read_access(user, code: str) -> Access | None:
    community = Community.objects.select_related("street").filter(code=code).first()
    if community is None:
        return None
    # A direct membership of the community wins over the street role. Ranked explicitly: ordering by the
    # nullable community column would put the street membership (community NULL) first on SQLite and last
    # on PostgreSQL, which sort NULLs differently.
    direct_first = Case(
        When(community=community, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    membership = (
        Membership.objects.filter(user=user)
        .filter(Q(community=community) | Q(role=Role.STREET, street_id=community.street_id))
        .order_by(direct_first, "pk")
        .first()
    )
    if membership is None:
        return None
    return Access(
        community=community,
        role=membership.role,
        membership=membership,
        permissions=permissions_of(membership.role),
    )


def resolve_street(user, street_id: int) -> StreetOffice:
    """The street office ``street_id`` if the user holds its street-office role, else Http404."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    street = StreetOffice.objects.filter(
        pk=street_id, memberships__user=user, memberships__role=Role.STREET
    ).first()
    if street is None:
        raise Http404
    return street


def resolve_system_role(user) -> str:
    """The role the user holds system-wide (the auditor's, which has no community or street), else Http404:
    the system-wide pages do not exist for anyone else."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    membership = Membership.objects.filter(user=user, community__isnull=True, street__isnull=True).first()
    if membership is None:
        raise Http404
    return membership.role
