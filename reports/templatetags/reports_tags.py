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
