from django import template
from django.utils.html import format_html

from reports.figures import Figure, rows_url
from reports.layout import phrases as cut
from reports.registry import ROWS
from residents.idnumber import mask

register = template.Library()


def _listable(key: str, access) -> bool:
    """A rows key the user may open: registered, and restricted rows only for roles that may see them."""
    name, _, arg = key.partition(":")
    rows = ROWS.get(name)
    if rows is None:
        return False
    return not rows.is_restricted(arg) or (access is not None and access.has("residents.view_restricted"))


@register.simple_tag(takes_context=True)
def figure_cell(context, cell, links, community, reference_date, year=None):
    """A table cell: a Figure shows its value, linked to its rows in the HTML preview."""
    if not isinstance(cell, Figure):
        return "" if cell is None else cell
    listable = cell.value is not None and _listable(
        cell.rows_key, context.get("access")
    )  # a gap lists nothing
    if links and cell.rows_key and community is not None and listable:
        return format_html(
            '<a class="figure-link" href="{}">{}</a>',
            rows_url(community, cell.rows_key, reference_date, int(year) if year else None),
            cell.display,
        )
    return cell.display


@register.filter
def mask_id(number: str) -> str:
    return mask(number or "")


@register.simple_tag(takes_context=True)
def rows_link(context, value, key, label=None, on=None):
    """``value`` linked to the rows behind it (figure_rows) when the user may open them; ``on`` overrides the
    page's reference date (the change panel's "then")."""
    access = context.get("access")
    on = on or context.get("on")
    shown = label if label is not None else value
    if (
        access is None
        or not access.has("reports.rows")
        or not key
        or on is None
        or not _listable(key, access)
    ):
        return format_html("{}", shown)
    year = context.get("year") if on == context.get("on") else None
    return format_html(
        '<a class="figure-link" href="{}">{}</a>', rows_url(access.community, key, on, year), shown
    )


@register.filter
def phrases(text):
    """A header's phrases (reports.layout.phrases): the PDF breaks a header only between them."""
    return cut(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def key_of(prefix, value):
    return f"{prefix}{value}"
