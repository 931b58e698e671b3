"""The community's reports: work report (民族工作汇报材料), annual plan, annual summary."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from community.models import Community

from .. import defaults
from ..charts import pie_svg
from ..figures import ROWS, Figure, community_figures, public_figures
from ..models import Narrative
from ..narrative import render_narrative, render_narrative_html
from ..pdf import render_pdf
from . import register
from .base import Exporter, ExportError


def text_figures(community: Community, on: date, year: int, figures: dict) -> dict[str, Figure]:
    """Names the narratives cite that are facts of the community rather than counts."""
    pop = figures["_population"]
    groups = "，".join(f"{g.name}{g.households}户、{g.persons}人" for g in pop.groups) or "无少数民族居民"
    staff = community.staff_civil_servants + community.staff_institutional + community.staff_hired
    facts = {
        "社区名称": community.name,
        "成立时间": f"{community.founded_on.year}年{community.founded_on.month}月"
        if community.founded_on
        else "—",
        "统计截止日期": f"{on.year}年{on.month}月{on.day}日",
        "年度": str(year),
        "各民族构成": groups,
        "社区工作人员数": staff,
        "公务员数": community.staff_civil_servants,
        "事业编制数": community.staff_institutional,
        "招聘人员数": community.staff_hired,
        "办公楼总造价": community.office_cost_10k_yuan,
        "办公楼建筑面积": community.office_area_m2,
        "办公楼功能用房": community.office_rooms or "—",
    }
    return {name: Figure(name, value) for name, value in facts.items()}


class CommunityReport(Exporter):
    scope = "community"
    permission = "reports.generate"
    sections: dict = {}
    title = ""

    def figures(self, form_data: dict) -> dict:
        on = date.fromisoformat(form_data["date"])
        year = int(form_data["year"])
        figures = community_figures(self.community, on, year)
        figures.update(text_figures(self.community, on, year, figures))
        return figures

    def narratives(self, year: int) -> dict[str, tuple[str, str]]:
        """Section key → (heading, text): the community's own text for the year, else the default."""
        texts = dict(self.sections)
        for n in Narrative.objects.filter(community=self.community, year=year, report=self.identifier):
            if n.section in texts:
                texts[n.section] = (texts[n.section][0], n.text)
        return texts

    def document(self, form_data: dict, figures: dict) -> list[dict]:
        raise NotImplementedError

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
            return figure.href(self.community, on, int(form_data["year"]))

        errors = []
        for block in blocks:
            if block["type"] != "narrative":
                continue
            try:
                block["html"] = (
                    render_narrative_html(block["text"], cite, url_for)
                    if html_links
                    else mark_safe(escape(render_narrative(block["text"], cite)).replace("\n", "<br>"))  # noqa: S308
                )
            except ValidationError as exc:
                block["html"], block["errors"] = "", exc.messages
                errors.extend(exc.messages)
        return {
            "footer": f"{self.community.name} · 统计截止 {on:%Y-%m-%d}",
            "community": self.community,
            "title": self.title,
            "blocks": blocks,
            "reference_date": on,
            "year": form_data["year"],
            "figures": cite,
            "links": html_links,
            "errors": errors,
        }

    def render(self, form_data: dict) -> tuple[str, str, bytes]:
        context = self.context(form_data, html_links=False)
        if context["errors"]:
            raise ExportError("；".join(context["errors"]))
        pdf = render_pdf("reports/document_pdf.html", context)
        filename = f"{self.community.name}{form_data['year']}年{self.verbose_name}.pdf"
        return filename, "application/pdf", pdf

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


@register
class WorkReport(CommunityReport):
    identifier = "work-report"
    verbose_name = "民族工作汇报材料"
    title = "民族工作汇报材料"
    sections = defaults.WORK_REPORT

    def document(self, form_data, figures):
        texts = self.narratives(int(form_data["year"]))
        blocks = [
            {
                "type": "title",
                "text": "促进民族团结　构建和谐社区",
                "subtitle": f"——{self.community.name}民族工作情况汇报",
            }
        ]
        blocks.append({"type": "heading", "text": "一、基本情况"})
        blocks.append({"type": "narrative", "section": "profile", "text": texts["profile"][1]})
        blocks.append(_population_table(figures))
        blocks.append(_composition_chart(figures))
        blocks.append({"type": "heading", "text": "二、主要做法"})
        for key in ("leadership", "ledgers", "propaganda", "policy", "stability"):
            blocks.append({"type": "subheading", "text": texts[key][0]})
            blocks.append({"type": "narrative", "section": key, "text": texts[key][1]})
            if key == "policy" and "_welfare_table" in figures:
                blocks.append(figures["_welfare_table"])
            if key == "stability" and "_disputes_table" in figures:
                blocks.append(figures["_disputes_table"])
        blocks.append({"type": "heading", "text": texts["next_steps"][0]})
        blocks.append({"type": "narrative", "section": "next_steps", "text": texts["next_steps"][1]})
        return blocks


@register
class AnnualPlan(CommunityReport):
    identifier = "annual-plan"
    verbose_name = "年度工作计划"
    title = "年度民族工作计划"
    sections = defaults.ANNUAL_PLAN

    def document(self, form_data, figures):
        year = int(form_data["year"])
        texts = self.narratives(year)
        blocks = [
            {
                "type": "title",
                "text": f"{self.community.name}{year}年创建“民族团结进步社区”工作计划",
                "subtitle": "",
            }
        ]
        blocks.append({"type": "heading", "text": texts["aims"][0]})
        blocks.append({"type": "narrative", "section": "aims", "text": texts["aims"][1]})
        blocks.append({"type": "heading", "text": texts["leadership"][0]})
        blocks.append({"type": "narrative", "section": "leadership", "text": texts["leadership"][1]})
        if "_leading_group_table" in figures:
            blocks.append(figures["_leading_group_table"])
        blocks.append({"type": "heading", "text": "三、全年活动和走访安排"})
        if "_plan_table" in figures:
            blocks.append(figures["_plan_table"])
        blocks.append({"type": "heading", "text": texts["governance"][0]})
        blocks.append({"type": "narrative", "section": "governance", "text": texts["governance"][1]})
        return blocks


@register
class AnnualSummary(CommunityReport):
    identifier = "annual-summary"
    verbose_name = "年终总结"
    title = "民族工作年终总结"
    sections = defaults.ANNUAL_SUMMARY

    def document(self, form_data, figures):
        year = int(form_data["year"])
        texts = self.narratives(year)
        blocks = [{"type": "title", "text": f"{self.community.name}{year}年民族工作总结", "subtitle": ""}]
        blocks.append({"type": "heading", "text": texts["intro"][0]})
        blocks.append({"type": "narrative", "section": "intro", "text": texts["intro"][1]})
        blocks.append(_population_table(figures))
        blocks.append({"type": "heading", "text": "二、计划完成情况"})
        if "_plan_vs_actual_table" in figures:
            blocks.append(figures["_plan_vs_actual_table"])
        if "_welfare_table" in figures:
            blocks.append(figures["_welfare_table"])
        blocks.append({"type": "heading", "text": texts["next_steps"][0]})
        blocks.append({"type": "narrative", "section": "next_steps", "text": texts["next_steps"][1]})
        return blocks
