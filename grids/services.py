"""Writes of the grid tree (网格、片格、小区、业主委员会、楼栋、单元) and of the people of its chain.

Each write validates the model (``full_clean``), saves it and appends its audit row, in one transaction.
"""

from django.db import models, transaction

from community import versioning
from community.audit import AuditAction, log_action
from community.models import Community, User
from community.records import assign


@transaction.atomic
def node_save(
    *,
    model: type[models.Model],
    actor: User,
    community: Community,
    values: dict,
    changed: list[str],
    node: models.Model | None = None,
    m2m: dict | None = None,
    edit_token: str | None = None,
    token_m2m: tuple[str, ...] = (),
) -> models.Model:
    """Save a grid-tree node of ``model`` (``node``: the stored one being edited, else a new one) with the
    form's ``values`` (its parent among them, for a new one) and audit which fields changed.

    The community is taken from the URL, never from input. ``edit_token`` (the edit form's,
    community.versioning) must still match the stored node: one saved by someone else since the form was
    opened is refused (ConcurrentEdit) and nothing is written. Raises ``ValidationError`` when the node
    breaks a model rule (e.g. a sibling saved meanwhile).
    """
    node = assign(node if node is not None else model(), values)
    versioning.check_unchanged(node, edit_token, token_m2m)
    created = node._state.adding
    if hasattr(node, "community_id"):
        node.community = community
    node.full_clean()
    node.save()
    for name, chosen in (m2m or {}).items():
        getattr(node, name).set(chosen)
    log_action(
        AuditAction.GRID_CREATE if created else AuditAction.GRID_UPDATE,
        user=actor,
        community=community,
        obj=node,
        # Field names only: the names and phones themselves stay out of the audit trail.
        data={"level": node._meta.model_name, "changed": sorted(set(changed) - {"edit_token"})},
    )
    return node
