"""Database constraints written once for every model that needs them."""

from django.db import models
from django.db.models import Q


def dated_range(start: str, end: str, *, name: str, start_optional: bool = False) -> models.CheckConstraint:
    """``end`` is empty or on/after ``start`` (a stay's departure, a term's end, a rectification's
    completion). ``start_optional``: an empty ``start`` (a date not known) passes too."""
    condition = Q(**{f"{end}__isnull": True})
    if start_optional:
        condition |= Q(**{f"{start}__isnull": True})
    return models.CheckConstraint(condition=condition | Q(**{f"{end}__gte": models.F(start)}), name=name)
