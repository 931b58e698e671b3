"""The community's reports: work report (民族工作汇报材料), annual plan, annual summary."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from community.models import Community

from .. import defaults, layout
from ..charts import pie_svg
from ..docx import render_docx
from ..figures import Figure, public_figures
from ..models import DocumentShape, Narrative
from ..narrative import render_narrative, render_narrative_html
from ..pdf import render_pdf
from ..preflight import preflight
from ..registry import ROWS, community_figures
from .base import Exporter, ExportError, register


def text_figures(community: Community, on: date, year: int, figures: dict) -> dict[str, Figure]:
    """Names the narratives cite that are facts of the community rather than counts."""
    pop = figures["_population"]
    groups = "，".join(f"{g.name}{g.households}户、{g.persons}人" for g in pop.groups) or "无少数民族居民"
    counts = (community.staff_civil_servants, community.staff_institutional, community.staff_hired)
    staff = None if None in counts else sum(counts)  # unrecorded, not 0: the clause is left out
    facts = {
        "社区名称": community.name,
        "成立时间": f"{community.founded_on.year}年{community.founded_on.month}月"
        if community.founded_on
        else None,
        "统计截止日期": f"{on.year}年{on.month}月{on.day}日",
        "年度": str(year),
        "各民族构成": groups,
        "社区工作人员数": staff,
        "公务员数": community.staff_civil_servants,
        "事业编制数": community.staff_institutional,
        "招聘人员数": community.staff_hired,
        "办公楼总造价": community.office_cost_10k_yuan,
        "办公楼建筑面积": community.office_area_m2,
        "办公楼功能用房": community.office_rooms or None,
        "下一年度": str(year + 1),
        # The period a sentence covers follows the cut-off date: "全年" only for a whole year.
        "期间": "全年" if (on.month, on.day) == (12, 31) else f"截至{on.month}月{on.day}日，今年以来",
    }
    progress = figures.get("_plan_progress")
    # Planned = held + not held + not yet due: the sentence names the last (its clause goes when it is 0).
    facts["计划活动尚未到期项数"] = (
        progress.pending_activities if progress is not None and progress.plan is not None else None
    )
    petitions = figures.get("上访件数")
    if petitions is not None and petitions.value is not None:  # a zero truly counted is said in words
        facts["上访情况"] = (
            f"{'全年' if (on.month, on.day) == (12, 31) else '今年以来'}未发生民族宗教工作上访事件"
            if petitions.value == 0
            else f"发生民族宗教工作上访事件{petitions.value}件"
        )
    out = {name: Figure(name, value) for name, value in facts.items()}
    # A count (with its unit), not a profile fact: its clause is left out when it is 0 (reports.narrative).
    out["计划活动尚未到期项数"] = Figure("计划活动尚未到期项数", facts["计划活动尚未到期项数"], "项")
    return out


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings rarely pass twenty)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def number_headings(sections: list[dict]) -> list[str]:
    """一、 for level 1 and （一） for level 2 (restarting under each level 1), by position."""
    out, top, sub = [], 0, 0
    for s in sections:
        if s["level"] == 1:
            top, sub = top + 1, 0
            out.append(f"{numeral(top)}、{s['heading']}")
        else:
            sub += 1
            out.append(f"（{numeral(sub)}）{s['heading']}")
    return out


class CommunityReport(Exporter):
    scope = "community"
    permission = "reports.generate"
    formats = ("pdf", "docx")
    shape_defaults: list = []  # reports.defaults.Section, in order
    title = ""

    def figures(self, form_data: dict) -> dict:
        on = date.fromisoformat(form_data["date"])
        year = int(form_data["year"])
        figures = community_figures(self.community, on, year)
        figures.update(text_figures(self.community, on, year, figures))
        return figures

    # -- the document's shape -----------------------------------------------------------------------
    def default_title(self, year: int) -> list[str]:
        raise NotImplementedError

    def default_subtitle(self, year: int) -> str:
        return ""

    def default_signature(self) -> list[str]:
        return [self.community.name]

    def default_signed_on(self, on: date) -> str:
        return f"{on.year}年{on.month}月{on.day}日"

    def shape(self, year: int) -> dict:
        """The community's shape for the year, or the default: title lines, subtitle, sections, 落款."""
        saved = DocumentShape.objects.filter(
            community=self.community, year=year, report=self.identifier
        ).first()
        defaults_by_key = {s.key: s for s in self.shape_defaults}
        if saved is None:
            return {
                "title": self.default_title(year),
                "subtitle": self.default_subtitle(year),
                "signature": self.default_signature(),
                "signed_on": None,
                "saved": None,
                "sections": [
                    {"key": s.key, "heading": s.heading, "level": s.level, "removed": False}
                    for s in self.shape_defaults
                ],
            }
        sections = [
            s
            for s in saved.sections
            if s.get("key") in defaults_by_key or str(s.get("key")).startswith("custom-")
        ]
        known = {s["key"] for s in sections}
        sections += [
            {"key": s.key, "heading": s.heading, "level": s.level, "removed": False}
            for s in self.shape_defaults
            if s.key not in known
        ]
        return {
            "title": [line for line in saved.title.splitlines() if line.strip()] or self.default_title(year),
            "subtitle": saved.subtitle,
            "signature": [line for line in saved.signature.splitlines() if line.strip()],
            "signed_on": saved.signed_on,
            "sections": sections,
            "saved": saved,
        }

    @property
    def sections(self) -> dict[str, tuple[str, str]]:
        """Section key → (heading, default text), for the narratives page."""
        return {s.key: (s.heading, s.text) for s in self.shape_defaults}

    def narratives(self, year: int) -> dict[str, tuple[str, str]]:
        """Section key → (heading, text): the community's own text for the year, else the default."""
        shape = self.shape(year)
        defaults_by_key = {s.key: s for s in self.shape_defaults}
        texts = {
            s["key"]: (s["heading"], defaults_by_key[s["key"]].text if s["key"] in defaults_by_key else "")
            for s in shape["sections"]
            if not s.get("removed")
        }
        for n in Narrative.objects.filter(community=self.community, year=year, report=self.identifier):
            if n.section in texts:
                texts[n.section] = (texts[n.section][0], n.text)
        return texts

    def attachments(self, key: str, figures: dict) -> list[dict]:
        """The tables and charts printed after the section ``key`` (left out when there is nothing)."""
        makers = {
            "population_table": lambda: _population_table(figures),
            "composition_chart": lambda: _composition_chart(figures),
            "welfare_table": lambda: figures.get("_welfare_table"),
            "disputes_table": lambda: figures.get("_disputes_table"),
            "leading_group_table": lambda: figures.get("_leading_group_table"),
            "plan_table": lambda: figures.get("_plan_table"),
            "plan_vs_actual_table": lambda: figures.get("_plan_vs_actual_table"),
            "plan_duties_table": lambda: figures.get("_plan_duties_table"),
            "plan_missed_table": lambda: figures.get("_plan_missed_table"),
            "plan_duties_actual_table": lambda: figures.get("_plan_duties_actual_table"),
        }
        defaults_by_key = {s.key: s for s in self.shape_defaults}
        out = []
        for name in defaults_by_key[key].attach if key in defaults_by_key else ():
            block = makers[name]()
            if block is not None:
                block = _without_empty_rows(block)
                if block is not None:
                    out.append(block)
        return out

    def document(self, form_data: dict, figures: dict) -> list[dict]:
        year = int(form_data["year"])
        shape = self.shape(year)
        texts = self.narratives(year)
        blocks = [
            {
                "type": "title",
                "text": "".join(shape["title"]),
                "lines": shape["title"],
                "subtitle": shape["subtitle"],
            }
        ]
        kept = [s for s in shape["sections"] if not s.get("removed")]
        for section, heading in zip(kept, number_headings(kept), strict=True):
            blocks.append({"type": "heading" if section["level"] == 1 else "subheading", "text": heading})
            text = texts.get(section["key"], ("", ""))[1]
            if text.strip():
                blocks.append(
                    {
                        "type": "narrative",
                        "section": section["key"],
                        "text": text,
                        "heading": section["heading"],
                    }
                )
            blocks.extend(self.attachments(section["key"], figures))
        return blocks

    def signature(self, form_data: dict) -> list[str]:
        """The 落款: who issues the document (room for the seal above the date), and its date."""
        on = date.fromisoformat(form_data["date"])
        shape = self.shape(int(form_data["year"]))
        signed = shape["signed_on"]
        dated = f"{signed.year}年{signed.month}月{signed.day}日" if signed else self.default_signed_on(on)
        return [*shape["signature"], dated]

    # -- output -----------------------------------------------------------------------------------
    def context(self, form_data: dict, *, html_links: bool) -> dict:
        figures = self.figures(form_data)
        cite = public_figures(figures)
        blocks = self.document(form_data, figures)
        on = date.fromisoformat(form_data["date"])

        def url_for(figure):
            # Only figures whose rows can be listed are links (restricted rows never appear in a report).
            name = figure.rows_key.partition(":")[0]
            if figure.rows_key and (
                name not in ROWS or ROWS[name].is_restricted(figure.rows_key.partition(":")[2])
            ):
                return ""
            if figure.value is None:  # a gap (never recorded): no rows behind it
                return ""
            return figure.href(self.community, on, int(form_data["year"]))

        errors = []
        for block in blocks:
            if block["type"] != "narrative":
                continue
            block.setdefault("heading", self.sections.get(block.get("section"), ("",))[0])
            try:
                block["plain"] = render_narrative(block["text"], cite)
                block["html"] = (
                    render_narrative_html(block["text"], cite, url_for)
                    if html_links
                    else mark_safe(escape(render_narrative(block["text"], cite)).replace("\n", "<br>"))  # noqa: S308
                )
            except ValidationError as exc:
                block["html"], block["errors"] = "", exc.messages
                errors.extend(exc.messages)
        return {
            "layout": layout,
            "community": self.community,
            "title": self.title,
            "blocks": layout.number_captions(blocks),
            "signature": self.signature(form_data),
            "reference_date": on,
            "year": form_data["year"],
            "figures": cite,
            "links": html_links,
            "errors": errors,
            "gaps": preflight(
                community=self.community,
                identifier=self.identifier,
                year=int(form_data["year"]),
                on=on,
                blocks=blocks,
                figures=figures,
            ),
        }

    def render(self, form_data: dict) -> tuple[str, str, bytes]:
        """The PDF (the record), or with ``format`` "docx" the same document for WPS/Word."""
        context = self.context(form_data, html_links=False)
        if context["errors"]:
            raise ExportError("；".join(context["errors"]))
        base = f"{self.community.name}{form_data['year']}年{self.verbose_name}"
        if form_data.get("format") == "docx":
            return f"{base}.docx", DOCX, render_docx(context)
        return f"{base}.pdf", "application/pdf", render_pdf("reports/document_pdf.html", context)

    def figures_json(self, form_data: dict) -> dict:
        return {k: v.as_json() for k, v in public_figures(self.figures(form_data)).items()}


def _population_table(figures) -> dict:
    pop = figures["_population"]
    rows = [[g.name, figures[f"{g.name}户数"], figures[f"{g.name}人口"]] for g in pop.groups]
    rows.append(["少数民族合计", figures["少数民族户数"], figures["少数民族人口"]])
    rows.append(["常住合计", figures["常住户数"], figures["常住人口"]])
    return {
        "type": "table",
        "caption": "表1  常住人口民族构成",
        "header": ["民族", "户数", "人数"],
        "rows": rows,
        "notes": [
            "注：一户的成员有几个民族，就在每个民族下各计一户，因此各民族户数之和可能大于少数民族户数。"
        ]
        if len(pop.groups) > 1
        else [],
    }


def _composition_chart(figures) -> dict:
    pop = figures["_population"]
    han = pop.persons - pop.minority_persons
    slices = [("汉族", han)] + [(g.name, g.persons) for g in pop.groups]
    return {
        "type": "chart",
        "caption": "图1  常住人口民族构成",
        "svg": pie_svg(slices, title="常住人口民族构成"),
    }


def _without_empty_rows(block: dict) -> dict | None:
    """A table less its rows that hold nothing but zeros (大病医疗救助 0 0 0 0 —); None when no row is left.

    A row is left out only when it starts with a label; a table of counts alone (the disputes) stays whole.
    """
    if block.get("type") != "table":
        return block

    def empty(cell) -> bool:
        value = getattr(cell, "value", cell)
        return value in (None, 0, "", "—", "0", "0%")

    rows = [r for r in block["rows"] if not (isinstance(r[0], str) and all(empty(c) for c in r[1:]))]
    return {**block, "rows": rows} if rows else None


@register
class WorkReport(CommunityReport):
    identifier = "work-report"
    verbose_name = "民族工作汇报材料"
    title = "民族工作汇报材料"
    shape_defaults = defaults.WORK_REPORT

    def default_title(self, year):
        return list(defaults.WORK_REPORT_TITLE)

    def default_subtitle(self, year):
        return f"——{self.community.name}民族工作情况汇报"


@register
class AnnualPlan(CommunityReport):
    identifier = "annual-plan"
    verbose_name = "年度工作计划"
    title = "年度民族工作计划"
    shape_defaults = defaults.ANNUAL_PLAN

    def default_title(self, year):
        return [f"{self.community.name}{year}年", "创建“民族团结进步社区”工作计划"]

    def default_signed_on(self, on):
        return f"{on.year}年1月"  # a plan is dated at the start of its year (the seed: "2011年1月")

    def signature(self, form_data: dict) -> list[str]:
        # Written in the December before, the plan is still dated at the start of its own year.
        on = max(date.fromisoformat(form_data["date"]), date(int(form_data["year"]), 1, 1))
        return super().signature({**form_data, "date": on.isoformat()})


@register
class AnnualSummary(CommunityReport):
    identifier = "annual-summary"
    verbose_name = "年终总结"
    title = "民族工作年终总结"
    shape_defaults = defaults.ANNUAL_SUMMARY

    def default_title(self, year):
        return [self.community.name, f"{year}年民族工作总结"]
