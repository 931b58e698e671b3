"""街道汇总: one row per community of a street office with its key figures, and the totals."""

import io
from datetime import date
from decimal import Decimal

from django.db.models import Count
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from community.models import Community
from community.spreadsheets import append_row
from grids.models import Grid
from outreach.models import VisitPurpose
from outreach.selectors import activity_by_community
from residents.selectors import percent, population_by_community
from welfare.selectors import coverage_by_community, housing_by_community, recorded_types

from .. import layout
from ..docx import render_docx
from ..pdf import render_pdf
from ..submissions.selectors import chosen_versions, street_standings
from .base import Exporter, register

# (heading, figure name, summed in the totals row). Each value is the community's figure of that name
# (``community_figures``), computed for all the street's communities at once by the same selectors. A
# share's total is computed from the summed counts it is a share of (SHARES), never averaged or left out.
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
#: The unit of each column's figure, as the registry gives it (tests/reports/api/test_figures.py holds them equal).
UNITS = {
    "常住户数": "户",
    "常住人口": "人",
    "少数民族户数": "户",
    "少数民族人口": "人",
    "少数民族占比": "%",
    "流动人口": "人",
    "网格数": "个",
    "低保人数": "人",
    "少数民族低保人数占比": "%",
    "活动场次": "场",
    "走访次数": "次",
    "纠纷件数": "件",
    "纠纷化解率": "%",
}
SHARES = {  # share figure → (numerator, denominator), the same definitions as the communities' reports
    "少数民族占比": ("少数民族人口", "常住人口"),
    "少数民族低保人数占比": ("少数民族低保人数", "低保人数"),
    "纠纷化解率": ("已化解件数", "纠纷件数"),
}


def street_figures(
    communities: list[Community], on: date, year: int, *, housing: bool = False
) -> dict[int, dict]:
    """The roll-up's figures of each community (pk → name → value), in a fixed number of queries whatever
    the number of communities (``community_figures`` of one community gives the same values). Besides the
    main table's names: ``_visits`` (visits by purpose) and, with ``housing``, ``_housing`` (the 廉租房 rows,
    two more queries)."""
    population = population_by_community(communities, on)
    grids = dict(
        Grid.objects.filter(community__in=communities).values_list("community_id").annotate(n=Count("pk"))
    )
    recorded = recorded_types(communities)
    dibao = {
        pk: cov["dibao"] for pk, cov in coverage_by_community(communities, on, recorded=recorded).items()
    }
    rooms = housing_by_community(communities, on, recorded=recorded) if housing else {}
    activity = activity_by_community(communities, date(year, 1, 1), on)
    out = {}
    for c in communities:
        p, d, a = population[c.pk], dibao[c.pk], activity[c.pk]
        out[c.pk] = {
            "常住户数": p.households,
            "常住人口": p.persons,
            "少数民族户数": p.minority_households,
            "少数民族人口": p.minority_persons,
            "少数民族占比": p.minority_share,
            "流动人口": p.floating_persons,
            "网格数": grids.get(c.pk, 0),
            "低保人数": d.persons,
            "少数民族低保人数": d.minority_persons,
            "少数民族低保人数占比": d.minority_person_share,
            "活动场次": a.events_held,
            "走访次数": a.visits,
            "纠纷件数": a.disputes,
            "已化解件数": a.disputes_settled,
            "纠纷化解率": a.settle_rate,
            "_housing": rooms.get(c.pk, []),
            "_visits": a.visits_by_purpose,
        }
    return out


def rollup(street, on: date, year: int) -> tuple[list[str], list[list], list]:
    """(header, rows, totals) — every value a figure of ``community_figures``'s rules."""
    communities = list(Community.objects.filter(street=street).order_by("name"))
    return main_table(communities, street_figures(communities, on, year))


def main_table(communities: list[Community], per: dict[int, dict]) -> tuple[list[str], list[list], list]:
    """The main table of :func:`street_figures`: (header, rows, totals). A community's figure that was never
    recorded (None) is left out of the totals, which then say so (``UNRECORDED`` in the PDF)."""
    header = ["社区"] + [heading for heading, _, _ in COLUMNS]
    rows = [[c.name] + [per[c.pk][name] for _, name, _ in COLUMNS] for c in communities]
    totals = ["合计"]
    for i, (_, name, summed) in enumerate(COLUMNS, start=1):
        if summed:
            totals.append(sum((row[i] or 0) for row in rows))
        elif name in SHARES:
            part, whole = SHARES[name]
            totals.append(
                percent(sum(f[part] or 0 for f in per.values()), sum(f[whole] or 0 for f in per.values()))
            )
        else:
            totals.append(None)
    return header, rows, totals


UNRECORDED = "未登记"  # a figure a community never recorded: a gap, never 0


def housing_table(communities: list[Community], per: dict[int, dict]) -> tuple[list[str], list[list]]:
    """廉租房 per community: 实物配租 (已入住 / 准备入住) and 租赁补贴, each as households/persons (the persons of
    the households covered), and the minority households of the rent subsidy; a total row of the sums."""
    keys = ["in_kind", "arranged", "subsidy"]
    header = [
        "社区",
        "实物配租|（已入住）|（户/人）",
        "实物配租|（准备入住）|（户/人）",
        "租赁补贴|（户/人）",
        "少数民族|租赁补贴|（户/人）",
    ]
    rows, sums = [], {k: [0, 0] for k in [*keys, "minority"]}
    for c in communities:
        by_key = {h.key: h for h in per[c.pk]["_housing"]}
        if by_key["subsidy"].households is None:
            rows.append([c.name] + [UNRECORDED] * (len(header) - 1))
            continue
        cells = [(by_key[k].households, by_key[k].persons) for k in keys]
        cells.append((by_key["subsidy"].minority_households, by_key["subsidy"].minority_persons))
        for k, (h, p) in zip([*keys, "minority"], cells, strict=True):
            sums[k][0] += h
            sums[k][1] += p
        rows.append([c.name] + [f"{h}/{p}" for h, p in cells])
    rows.append(["合计"] + [f"{h}/{p}" for h, p in sums.values()])
    return header, rows


def visits_table(communities: list[Community], per: dict[int, dict]) -> tuple[list[str], list[list]]:
    """Visits of the year up to the date per community by purpose, as the visit ledger records them, with
    each community's total and a total row (帮教 visits are not all visits)."""
    # a purpose no community recorded a visit of this year is left out (the note says so)
    purposes = [p for p in VisitPurpose if any(per[c.pk]["_visits"].get(p.value) for c in communities)]
    header = ["社区"] + [str(p.label) for p in purposes] + ["合计"]
    rows = []
    for c in communities:
        counts = [per[c.pk]["_visits"].get(p.value, 0) for p in purposes]
        rows.append([c.name, *counts, sum(counts)])
    rows.append(["合计"] + [sum(row[i] for row in rows) for i in range(1, len(header))])
    return header, rows


BASES = {
    "accepted": "各社区已接收的上报版本",
    "submitted": "各社区最新上报版本（含待接收）",
    "live": "台帐实时数据",
}


def _parse(value):
    """A figure as archived (``{"value": "12"}``, ``"35.0"``) back to a number; None stays None."""
    if value is None:
        return None
    return int(value) if value.lstrip("-").isdigit() else Decimal(value)


def rollup_from_versions(street, year: int, basis: str, source: str = "work-report"):
    """(header, rows, totals, used) from the figures archived with each community's chosen version of
    ``source`` (``basis``: accepted, or the newest submitted). A community without one has a row of
    blanks — missing, not zero — and is left out of the totals; ``used`` says, per community, which
    version was used (community, submission or None, state label)."""
    communities = list(Community.objects.filter(street=street).order_by("name"))
    chosen = chosen_versions(street, year, basis)
    standings = {s.community.pk: s for s in street_standings(street, year, [source])[source]}
    header = ["社区"] + [heading for heading, _, _ in COLUMNS]
    per, rows, used = {}, [], []
    for c in communities:
        submission = chosen.get((c.pk, source))
        used.append((c, submission, submission.get_status_display() if submission else standings[c.pk].label))
        if submission is None:
            rows.append([c.name] + [None] * len(COLUMNS))
            continue
        figures = submission.archive.figures or {}
        per[c.pk] = {name: _parse((figures.get(name) or {}).get("value")) for name in _NEEDED}
        rows.append([c.name] + [per[c.pk][name] for _, name, _ in COLUMNS])
    totals = ["合计"]
    for i, (_, name, summed) in enumerate(COLUMNS, start=1):
        if summed:
            values = [row[i] for row in rows if row[i] is not None]
            totals.append(sum(values) if values else None)
        elif name in SHARES:
            part, whole = SHARES[name]
            totals.append(
                percent(sum(f[part] or 0 for f in per.values()), sum(f[whole] or 0 for f in per.values()))
                if per
                else None
            )
        else:
            totals.append(None)
    return header, rows, totals, used


_NEEDED = sorted({name for _, name, _ in COLUMNS} | {n for pair in SHARES.values() for n in pair})


def share_columns(header: list[str]) -> set[int]:
    """Indexes of the columns that hold percentages (shown with a % sign, formatted as % in Excel)."""
    names = {heading: name for heading, name, _ in COLUMNS}
    return {i for i, heading in enumerate(header) if names.get(heading, "").endswith(("占比", "率"))}


def ethnic_table(street, on: date) -> tuple[list[str], list[list]]:
    """Minority households and persons per ethnicity and community (常住, on the reference date)."""
    communities = list(Community.objects.filter(street=street).order_by("name"))
    population = population_by_community(communities, on)
    groups: dict[str, dict] = {}
    for c in communities:
        for g in population[c.pk].groups:
            groups.setdefault(g.name, {})[c.name] = (g.households, g.persons)
    header = ["民族"] + [f"{c.name}|（户/人）" for c in communities] + ["合计|（户/人）"]
    rows = []
    for name, per in sorted(groups.items(), key=lambda item: -sum(p for _h, p in item[1].values())):
        cells = [f"{per[c.name][0]}/{per[c.name][1]}" if c.name in per else "" for c in communities]
        cells.append(f"{sum(h for h, _p in per.values())}/{sum(p for _h, p in per.values())}")
        rows.append([name, *cells])
    return header, rows


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@register
class StreetRollup(Exporter):
    identifier = "street-rollup"
    verbose_name = "街道汇总"
    scope = "street"
    permission = "reports.street"
    formats = ("pdf", "xlsx", "docx")

    @staticmethod
    def form_data(cleaned: dict) -> dict:
        """The period and format, and the basis: the communities' accepted (or newest submitted) versions
        of a report, or the ledgers as they stand (``live``, the default of the command line and API)."""
        basis = cleaned.get("basis") or "live"
        return {
            **Exporter.form_data(cleaned),
            "basis": basis if basis in BASES else "live",
            "source": cleaned.get("source") or "work-report",
        }

    def _table(self, form_data):
        """(header, rows, totals, used); ``used`` is None for the live roll-up."""
        on, year = date.fromisoformat(form_data["date"]), int(form_data["year"])
        basis = form_data.get("basis", "live")
        if basis == "live":
            return (*rollup(self.street, on, year), None)
        return rollup_from_versions(self.street, year, basis, form_data.get("source", "work-report"))

    def figures(self, form_data):
        header, rows, totals, used = self._table(form_data)
        out = {
            "header": header,
            "rows": [[str(v) if v is not None else None for v in r] for r in rows],
            "totals": [str(v) if v is not None else None for v in totals],
        }
        if used is not None:
            out["basis"] = form_data["basis"]
            out["versions"] = [
                {
                    "community": c.name,
                    "report": s.report if s else form_data.get("source"),
                    "version": s.archive.version if s else None,
                    "status": state,
                    "sha256": s.archive.signed_sha256 if s else None,
                }
                for c, s, state in used
            ]
        return out

    def figures_json(self, form_data):
        return self.figures(form_data)

    def render(self, form_data):
        on = date.fromisoformat(form_data["date"])
        year = int(form_data["year"])
        communities = list(Community.objects.filter(street=self.street).order_by("name"))
        # The 廉租房 and visits tables come from the ledgers on the date, whatever the main table's basis.
        per = street_figures(communities, on, year, housing=True)
        if form_data.get("basis", "live") == "live":
            header, rows, totals = main_table(communities, per)
            used = None
        else:
            header, rows, totals, used = self._table(form_data)
        base = f"{self.street.name}{form_data['year']}年民族工作汇总"
        housing_header, housing_rows = housing_table(communities, per)
        visits_header, visits_rows = visits_table(communities, per)
        if form_data.get("format") == "xlsx":
            extra = [("廉租房", housing_header, housing_rows), ("走访（按目的）", visits_header, visits_rows)]
            return (
                f"{base}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                self._xlsx(base, on, header, rows, totals, extra, used),
            )
        shares = share_columns(header)
        dated = f"{on.year}年{on.month}月{on.day}日"
        ledger_note = "（按台帐截止日数据）" if used is not None else ""
        housing_block = {
            "type": "table",
            "caption": "各社区廉租房情况" + ledger_note,
            "header": housing_header,
            "rows": housing_rows,
            "notes": [
                "廉租房按户享受，人数为受益户在册常住成员人数；“准备入住”为已批准实物配租、入住日期在统计截止日之后的户。"
            ],
        }
        visits_block = {
            "type": "table",
            "caption": "各社区走访次数（按走访目的）" + ledger_note,
            "header": visits_header,
            "rows": visits_rows,
            "notes": [
                f"{form_data['year']}年1月1日至统计截止日，按走访台帐登记的走访目的分列；未列出的走访目的本期无登记。"
            ],
        }
        if used is None:
            shown = [
                [
                    f"{v}%"
                    if i in shares and v is not None
                    else (UNRECORDED if v is None and i not in shares else v)
                    for i, v in enumerate(r)
                ]
                for r in rows
            ] + [[f"{v}%" if i in shares and v is not None else v for i, v in enumerate(totals)]]
            ethnic_header, ethnic_rows = ethnic_table(self.street, on)
            blocks = [
                {"type": "title", "text": base, "subtitle": f"（统计截止{dated}）"},
                {
                    "type": "table",
                    "caption": "各社区民族工作主要数据",
                    "header": header,
                    "rows": shown,
                    "notes": [
                        "占比、化解率的合计由各社区计数之和计算。"
                        + (
                            "“未登记”为该社区从未登记此项台帐（缺项不计为0），不计入合计。"
                            if any(UNRECORDED in r for r in shown)
                            else ""
                        )
                    ],
                },
                {
                    "type": "table",
                    "caption": "各社区少数民族户数和人数（按民族）",
                    "header": ethnic_header,
                    "rows": ethnic_rows or [["无少数民族常住居民"] + [""] * (len(ethnic_header) - 1)],
                    "notes": ["一户有多个民族的成员时，在每个民族下各计一户。"],
                },
                housing_block,
                visits_block,
            ]
        else:
            shown = [
                [f"{v}%" if i in shares and v is not None else v for i, v in enumerate(r)]
                for r in [*rows, totals]
            ]
            shown = [[("—" if v is None and i else v) for i, v in enumerate(r)] for r in shown]
            missing = [c.name for c, s, _ in used if s is None]
            notes = [
                "占比、化解率的合计由各社区计数之和计算。",
                f"数据依据：{BASES[form_data['basis']]}（各社区所用版本见下表）。",
            ]
            if missing:
                notes.append(f"{'、'.join(missing)}无可用版本，其数据空缺（“—”），不计入合计。")
            blocks = [
                {"type": "title", "text": base, "subtitle": f"（汇总日期{dated}）"},
                {
                    "type": "table",
                    "caption": "各社区民族工作主要数据",
                    "header": header,
                    "rows": shown,
                    "notes": notes,
                },
                {
                    "type": "table",
                    "caption": "所用各社区报告版本",
                    "header": ["社区", "版本", "状态", "统计截止日期", "签发的 SHA-256"],
                    "rows": [
                        [
                            c.name,
                            f"第{s.archive.version}版" if s else "—",
                            state,
                            s.archive.reference_date.isoformat() if s else "—",
                            s.archive.signed_sha256[:16] + "…" if s else "—",
                        ]
                        for c, s, state in used
                    ],
                },
                housing_block,
                visits_block,
            ]
        blocks = layout.number_captions(blocks)
        signoff = ["制表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿", f"{self.street.name}　{dated}"]
        if form_data.get("format") == "docx":
            return f"{base}.docx", DOCX, render_docx({"blocks": blocks, "signature": signoff})
        context = {
            "layout": layout,
            "street": self.street,
            "title": base,
            "blocks": blocks,
            "signoff": signoff,
            "reference_date": on,
            "year": form_data["year"],
        }
        return f"{base}.pdf", "application/pdf", render_pdf("reports/street_rollup_pdf.html", context)

    @staticmethod
    def _xlsx(title, on, header, rows, totals, extra=(), used=None) -> bytes:
        shares = share_columns(header)
        gap = UNRECORDED if used is None else "—"  # never recorded / no version of the community
        wb = Workbook()
        ws = wb.active
        ws.title = "街道汇总"
        # every cell through the portal's one writer: a community's name is text, never a formula
        append_row(ws, [f"{title}（统计截止 {on:%Y-%m-%d}）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws["A1"].font = Font(bold=True, size=14)
        ws["A1"].alignment = Alignment(horizontal="center")
        append_row(ws, header)
        for row in rows:
            append_row(
                ws,
                [
                    float(v) if hasattr(v, "as_tuple") else (gap if v is None and i not in shares else v)
                    for i, v in enumerate(row)
                ],
            )
        append_row(ws, [float(v) if hasattr(v, "as_tuple") else v for v in totals])
        for i in share_columns(header):  # 35.0 is written as 0.35 and shown as 35.0%
            for row in ws.iter_rows(min_row=3, max_row=ws.max_row, min_col=i + 1, max_col=i + 1):
                for cell in row:
                    if isinstance(cell.value, int | float):
                        cell.value = cell.value / 100
                        cell.number_format = "0.0%"
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
        for sheet_title, extra_header, extra_rows in extra:  # the 廉租房 and visits tables, a sheet each
            sheet = wb.create_sheet(sheet_title)
            append_row(sheet, [layout.cell_text(h) for h in extra_header])
            for row in extra_rows:
                append_row(sheet, row)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for i in range(1, len(extra_header) + 1):
                sheet.column_dimensions[get_column_letter(i)].width = 16
        if used is not None:  # which version of each community the figures come from
            versions = wb.create_sheet("所用版本")
            append_row(versions, ["社区", "版本", "状态", "统计截止日期", "签发的 SHA-256"])
            for c, s, state in used:
                append_row(
                    versions,
                    [
                        c.name,
                        s.archive.version if s else None,
                        state,
                        s.archive.reference_date.isoformat() if s else None,
                        s.archive.signed_sha256 if s else None,
                    ],
                )
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
