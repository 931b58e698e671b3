"""街道汇总: one row per community of a street office with its key figures, and the totals."""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from community.models import Community

from .. import layout
from ..docx import render_docx
from ..figures import community_figures
from ..pdf import render_pdf
from . import register
from .base import Exporter

# (heading, figure name, summed in the totals row)
COLUMNS = [
    ("常住户数", "常住户数", True),
    ("常住人口", "常住人口", True),
    ("少数民族户数", "少数民族户数", True),
    ("少数民族人口", "少数民族人口", True),
    ("少数民族占比", "少数民族占比", False),
    ("流动人口", "流动人口", True),
    ("网格数", "网格数", True),
]
OPTIONAL_COLUMNS = [
    ("低保人数", "低保人数", True),
    ("少数民族低保占比", "少数民族低保人数占比", False),
    ("活动场次", "活动场次", True),
    ("走访次数", "走访次数", True),
    ("纠纷件数", "纠纷件数", True),
    ("化解率", "纠纷化解率", False),
]


def rollup(street, on: date, year: int) -> tuple[list[str], list[list], list]:
    """(header, rows, totals) — every figure from ``community_figures``."""
    communities = list(Community.objects.filter(street=street).order_by("name"))
    per = [(c, community_figures(c, on, year)) for c in communities]
    columns = COLUMNS + [col for col in OPTIONAL_COLUMNS if per and col[1] in per[0][1]]
    header = ["社区"] + [heading for heading, _, _ in columns]
    rows = [[c.name] + [figs[name].value for _, name, _ in columns] for c, figs in per]
    totals = ["合计"]
    for i, (_, name, summed) in enumerate(columns, start=1):
        if summed:
            totals.append(sum((row[i] or 0) for row in rows))
        elif name == "少数民族占比":
            from residents.selectors import percent

            totals.append(percent(totals[4], totals[2]))
        else:
            totals.append(None)
    return header, rows, totals


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@register
class StreetRollup(Exporter):
    identifier = "street-rollup"
    verbose_name = "街道汇总"
    scope = "street"
    permission = "reports.street"
    formats = ("pdf", "xlsx", "docx")

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
        if form_data.get("format") == "docx":
            table = {"type": "table", "caption": f"统计截止 {on.year}年{on.month}月{on.day}日", "header": header,
                     "rows": [*rows, totals]}  # fmt: skip
            context = {"blocks": [{"type": "title", "text": base}, table],
                       "signature": [self.street.name, f"{on.year}年{on.month}月{on.day}日"]}  # fmt: skip
            return f"{base}.docx", DOCX, render_docx(context)
        context = {"layout": layout, "street": self.street, "title": base, "footer": f"{self.street.name} · 统计截止 {on:%Y-%m-%d}", "reference_date": on, "header": header, "rows": rows,
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
