"""街道汇总: one row per community of a street office with its key figures, and the totals."""

import io
from datetime import date

from django.db.models import Count
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from community.models import Community
from grids.models import Grid
from residents.selectors import percent, population_by_community

from ..pdf import render_pdf
from . import register
from .base import Exporter

# (heading, figure name, summed in the totals row). Each value is the community's figure of that name
# (``community_figures``), computed for all the street's communities at once by the same selectors.
COLUMNS = [
    ("常住户数", "常住户数", True),
    ("常住人口", "常住人口", True),
    ("少数民族户数", "少数民族户数", True),
    ("少数民族人口", "少数民族人口", True),
    ("少数民族占比", "少数民族占比", False),
    ("流动人口", "流动人口", True),
    ("网格数", "网格数", True),
    ("低保人数", "低保人数", True),
    ("少数民族低保占比", "少数民族低保人数占比", False),
    ("活动场次", "活动场次", True),
    ("走访次数", "走访次数", True),
    ("纠纷件数", "纠纷件数", True),
    ("化解率", "纠纷化解率", False),
]


def street_figures(communities: list[Community], on: date, year: int) -> dict[int, dict]:
    """The roll-up's figures of each community (pk → name → value), in a fixed number of queries whatever
    the number of communities (``community_figures`` of one community gives the same values)."""
    from outreach.selectors import activity_by_community
    from welfare.selectors import coverage_by_community

    population = population_by_community(communities, on)
    grids = dict(
        Grid.objects.filter(community__in=communities).values_list("community_id").annotate(n=Count("pk"))
    )
    dibao = {pk: cov["dibao"] for pk, cov in coverage_by_community(communities, on).items()}
    activity = activity_by_community(communities, date(year, 1, 1), on)
    out = {}
    for c in communities:
        p, d, a = population[c.pk], dibao[c.pk], activity[c.pk]
        out[c.pk] = {
            "常住户数": p.households, "常住人口": p.persons, "少数民族户数": p.minority_households,
            "少数民族人口": p.minority_persons, "少数民族占比": p.minority_share, "流动人口": p.floating_persons,
            "网格数": grids.get(c.pk, 0), "低保人数": d.persons, "少数民族低保人数占比": d.minority_person_share,
            "活动场次": a.events_held, "走访次数": a.visits, "纠纷件数": a.disputes, "纠纷化解率": a.closure_rate,
        }  # fmt: skip
    return out


def rollup(street, on: date, year: int) -> tuple[list[str], list[list], list]:
    """(header, rows, totals) — every value a figure of ``community_figures``'s rules."""
    communities = list(Community.objects.filter(street=street).order_by("name"))
    per = street_figures(communities, on, year)
    header = ["社区"] + [heading for heading, _, _ in COLUMNS]
    rows = [[c.name] + [per[c.pk][name] for _, name, _ in COLUMNS] for c in communities]
    totals = ["合计"]
    for i, (_, name, summed) in enumerate(COLUMNS, start=1):
        if summed:
            totals.append(sum((row[i] or 0) for row in rows))
        elif name == "少数民族占比":
            totals.append(percent(totals[4], totals[2]))
        else:
            totals.append(None)
    return header, rows, totals


@register
class StreetRollup(Exporter):
    identifier = "street-rollup"
    verbose_name = "街道汇总"
    scope = "street"
    permission = "reports.street"
    formats = ("pdf", "xlsx")

    def figures(self, form_data):
        header, rows, totals = rollup(
            self.street, date.fromisoformat(form_data["date"]), int(form_data["year"])
        )
        return {"header": header, "rows": [[str(v) if v is not None else None for v in r] for r in rows],
                "totals": [str(v) if v is not None else None for v in totals]}  # fmt: skip

    def figures_json(self, form_data):
        return self.figures(form_data)

    def render(self, form_data):
        on = date.fromisoformat(form_data["date"])
        header, rows, totals = rollup(self.street, on, int(form_data["year"]))
        base = f"{self.street.name}{form_data['year']}年民族工作汇总"
        if form_data.get("format") == "xlsx":
            return (
                f"{base}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                self._xlsx(base, on, header, rows, totals),
            )
        context = {"street": self.street, "title": base, "footer": f"{self.street.name} · 统计截止 {on:%Y-%m-%d}", "reference_date": on, "header": header, "rows": rows,
                   "totals": totals, "year": form_data["year"]}  # fmt: skip
        return f"{base}.pdf", "application/pdf", render_pdf("reports/street_rollup_pdf.html", context)

    @staticmethod
    def _xlsx(title, on, header, rows, totals) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = "街道汇总"
        ws.append([f"{title}（统计截止 {on:%Y-%m-%d}）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.append(header)
        for row in rows:
            ws.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
        ws.append([float(v) if hasattr(v, "as_tuple") else v for v in totals])
        thin = Side(style="thin")
        for r in ws.iter_rows(min_row=2, max_row=ws.max_row):
            for cell in r:
                cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for i in range(1, len(header) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 14
        ws.freeze_panes = "B3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.print_title_rows = "2:2"
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
