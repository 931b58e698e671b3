from decimal import Decimal

from django import template

from outreach.contacts import CONTACT_FIELDS
from outreach.contacts import mask_phone as _mask_phone

register = template.Library()


@register.filter
def mask_phone(number: str) -> str:
    return _mask_phone(number)


@register.inclusion_tag("outreach/_contact.html", takes_context=True)
def contact(context, obj, kind: str, revealed: bool = False):
    """A masked number with its reveal button (for roles holding outreach.reveal_contact)."""
    access = context.get("access")
    field = CONTACT_FIELDS[kind]
    return {
        "number": getattr(obj, field),
        "masked": _mask_phone(getattr(obj, field)),
        "kind": kind,
        "pk": obj.pk,
        "field": field,
        "revealed": revealed,
        "can_reveal": bool(access and "outreach.reveal_contact" in access.permissions),
        "code": access.community.code if access else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def figure_value(value) -> str:
    """A figure as a report prints it: 20700.00 → 20700, 4.50 → 4.5 (the same on every database)."""
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return "" if value is None else str(value)
