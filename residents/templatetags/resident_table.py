"""The rows of the resident table (residents/_resident_table.html), written in Python.

Fifty rows of eleven cells cost the template engine a lookup, a localisation and an escape per cell —
most of the time of a list page. :func:`resident_rows` writes the same markup from the rows the view
prepared (``residents.views.Row``), every value escaped (by the standard library's ``html.escape``, as
Django's ``escape`` does, without its lazy-string wrapper: the rows hold plain text and numbers).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

ROW = (
    '<tr>\n      <td><a href="{url}">{name}</a></td>\n      <td>{sex}</td>\n      <td>{age}</td>\n'
    '      <td>{ethnicity}</td>\n      <td class="font-monospace">{masked_id}</td>\n      <td>{phone}</td>\n'
    "      <td>{grid}</td>\n      <td>{address}</td>\n      <td>{residence_type}</td>\n"
    '      <td><span class="badge {badge}">{status}</span></td>\n{restricted}    </tr>\n'
)


def e(value) -> str:
    """``value`` as HTML text (the rows hold plain text and numbers, never markup)."""
    return escape(str(value))


@register.simple_tag
def resident_rows(rows, show_restricted: bool) -> str:
    """The ``<tr>`` of each row; the correction column only for roles that may see it."""
    correction = e(_("是"))
    parts = []
    for r in rows:
        if r.household_url:
            address = f'<a href="{e(r.household_url)}" class="link-secondary">{e(r.address)}</a>'
        else:
            address = "—"
        restricted = ""
        if show_restricted:
            flag = f'<span class="badge text-bg-warning">{correction}</span>' if r.is_correction else ""
            restricted = f"      <td>{flag}</td>\n"
        parts.append(
            ROW.format(
                url=e(r.url),
                name=e(r.name),
                sex=e(r.sex_label),
                age=e(r.age),
                ethnicity=e(r.ethnicity_name),
                masked_id=e(r.masked_id),
                phone=e(r.phone or "—"),
                grid=e(r.grid_name or "—"),
                address=address,
                residence_type=e(r.residence_type_label),
                badge="text-bg-success" if r.status == "active" else "text-bg-secondary",
                status=e(r.status_label),
                restricted=restricted,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value was escaped above
