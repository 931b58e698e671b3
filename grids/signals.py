"""A change to a grid or a compound forgets what the pages cached of its community's tree (the filter bars'
options: residents.selectors.place_options)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from community.caching import forget

from .models import Compound, Grid
from .selectors import tree_scope


@receiver(post_save, sender=Grid)
@receiver(post_delete, sender=Grid)
@receiver(post_save, sender=Compound)
@receiver(post_delete, sender=Compound)
def forget_cached_tree(sender, instance, **kwargs):
    forget(tree_scope(instance.community_id))
