"""Writes of the grid tree (网格、片格、小区、业主委员会、楼栋、单元) and of the people of its chain.

Each write validates the model (``full_clean``), saves it and appends its audit row, in one transaction.
"""

from django.db import models, transaction
from django.forms import ModelForm

from community.audit import AuditAction, log_action
from community.models import Community, User


@transaction.atomic
def node_save(*, form: ModelForm, actor: User, community: Community) -> models.Model:
    """Save a grid-tree node from a valid ModelForm (new or existing) and audit what changed.

    The form has already set the node's parent; the community is taken from the URL, never from input.
    Raises ``ValidationError`` when the node breaks a model rule (e.g. a sibling saved meanwhile).
    """
    from community import versioning

    versioning.check_unchanged(form.instance, versioning.posted_token(form), getattr(form, "token_m2m", ()))
    node = form.save(commit=False)
    created = node._state.adding
    if hasattr(node, "community_id"):
        node.community = community
    node.full_clean()
    node.save()
    form.save_m2m()
    log_action(
        AuditAction.GRID_CREATE if created else AuditAction.GRID_UPDATE,
        user=actor,
        community=community,
        obj=node,
        # Field names only: the names and phones themselves stay out of the audit trail.
        data={"level": node._meta.model_name, "changed": sorted(set(form.changed_data) - {"edit_token"})},
    )
    return node
