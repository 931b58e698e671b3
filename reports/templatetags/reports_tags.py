from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from reports.figures import Figure

register = template.Library()


@register.simple_tag
def figure_cell(cell, links, community, reference_date):
    """A table cell: a Figure shows its value, linked to its rows in the HTML preview."""
    if not isinstance(cell, Figure):
        return "" if cell is None else cell
    if links and cell.rows_key and community is not None:
        url = reverse("reports:figure_rows", kwargs={"code": community.code, "key": cell.rows_key})
        return format_html(
            '<a class="figure-link" href="{}?{}">{}</a>',
            url,
            urlencode({"date": reference_date.isoformat()}),
            cell.display,
        )
    return cell.display


@register.filter
def mask_id(number: str) -> str:
    from residents.idnumber import mask

    return mask(number or "")


@register.simple_tag(takes_context=True)
def rows_link(context, value, key, label=None):
    """``value`` linked to the rows behind it (figure_rows), when the user may open them."""
    access = context.get("access")
    on = context.get("on")
    shown = label if label is not None else value
    if access is None or not access.has("reports.rows") or not key:
        return format_html("{}", shown)
    url = reverse("reports:figure_rows", kwargs={"code": access.community.code, "key": key})
    query = urlencode({"date": on.isoformat()}) if on else ""
    return format_html('<a class="figure-link" href="{}?{}">{}</a>', url, query, shown)


@register.filter
def phrases(text):
    """A header's phrases (reports.layout.phrases): the PDF breaks a header only between them."""
    from reports.layout import phrases as cut

    return cut(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def key_of(prefix, value):
    return f"{prefix}{value}"
