"""Writes of the grid tree. Each validates, saves and writes its audit row."""

from django.db import transaction

from community.audit import log_action


@transaction.atomic
def node_save(*, form, actor, community, request=None, **parents):
    """Save a grid-tree node from a valid ModelForm (new or existing), with its parents and community set."""
    node = form.save(commit=False)
    created = node.pk is None
    for name, value in parents.items():
        setattr(node, name, value)
    if hasattr(node, "community_id"):
        node.community = community
    node.full_clean()
    node.save()
    form.save_m2m()
    log_action("grid.create" if created else "grid.update", request=request, user=actor, community=community, obj=node,
               data={"changed": sorted(form.changed_data)})  # fmt: skip
    return node
