"""The check before a report is generated: every gap (an unrecorded value the document would cite) and
every contradiction, each with a link to where it is filled in.

Missing is not zero (DOMAIN.md): a clause citing an unrecorded figure is left out of the document
(``reports.narrative``), so the secretary may generate anyway — but she sees first what will be missing.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from community.models import Community

from .narrative import PLACEHOLDER


@dataclass(frozen=True)
class Gap:
    text: str
    url: str = ""
    link_label: str = ""
    permission: str = ""  # what opening ``url`` needs: the link is shown only to roles that hold it


def _profile_gaps(community: Community, back: str) -> list[Gap]:
    url = reverse("community:profile", kwargs={"code": community.code}) + "?" + urlencode({"next": back})
    missing = [
        str(Community._meta.get_field(name).verbose_name)
        for name in Community.PROFILE_FIELDS
        if getattr(community, name) in (None, "")
    ]
    return (
        [Gap(f"社区概况未填写：{'、'.join(missing)}", url, "填写社区概况", "community.profile")]
        if missing
        else []
    )


def _welfare_gaps(community: Community, blocks: list[dict], figures: dict) -> list[Gap]:
    """Benefit types the community never recorded a case of, when the document reports welfare (its table,
    or a sentence citing a welfare figure): a gap to fill, never a row of zeros."""
    unrecorded = (figures.get("_welfare_table") or {}).get("unrecorded") or []
    welfare_keys = ("welfare_", "housing_")
    reports_welfare = any(b.get("type") == "table" and "unrecorded" in b for b in blocks) or any(
        name in figures and figures[name].rows_key.startswith(welfare_keys)
        for b in blocks
        if b.get("type") == "narrative"
        for name in cited_names(b.get("text", ""))
    )
    if not (unrecorded and reports_welfare):
        return []
    return [
        Gap(
            f"救助台帐中从未登记：{'、'.join(unrecorded)}（缺项不计为0：报告不列这些行，引用它们的句子将略去）",
            reverse("welfare:index", kwargs={"code": community.code}),
            "登记救助案件",
            "welfare.view",
        )
    ]


def cited_names(text: str) -> list[str]:
    return [m.group(1).strip() for m in PLACEHOLDER.finditer(text or "") if m.group(1)]


def preflight(
    *, community: Community, identifier: str, year: int, on: date, blocks: list[dict], figures: dict
) -> list[Gap]:
    """Gaps and contradictions of one report as it would be generated from ``blocks`` and ``figures``."""
    back = reverse("reports:preview", kwargs={"code": community.code, "identifier": identifier})
    back += "?" + urlencode({"year": year, "date": on.isoformat()})
    gaps = _profile_gaps(community, back)
    leader = figures.get("领导小组组长")
    if leader is not None and leader.value is None:
        gaps.append(
            Gap(
                "民族工作领导小组未登记组长（或尚未登记领导小组）",
                reverse("outreach:organisations", kwargs={"code": community.code}),
                "登记领导小组",
                "outreach.view",
            )
        )
    if identifier == "annual-plan" and "_plan" in figures:
        # The plan document's tables come from the plan ledger (outreach): none, or one not yet approved.
        plan = figures["_plan"]
        plan_url = reverse("outreach:plan", kwargs={"code": community.code}) + f"?year={year}"
        if plan is None:
            gaps.append(
                Gap(
                    f"尚未建立{year}年工作计划，文件中的活动安排表将略去",
                    plan_url,
                    "填写年度计划",
                    "outreach.plan_view",
                )
            )
        elif not plan.is_approved:
            gaps.append(
                Gap(
                    f"{year}年工作计划尚未经社区书记批准（按草稿生成）",
                    plan_url,
                    "查看年度计划",
                    "outreach.plan_view",
                )
            )
    gaps += _welfare_gaps(community, blocks, figures)
    narratives_url = reverse("reports:narratives", kwargs={"code": community.code, "identifier": identifier})
    for block in blocks:
        if block.get("type") != "narrative":
            continue
        unrecorded = [
            n
            for n in dict.fromkeys(cited_names(block.get("text", "")))
            if n in figures and figures[n].value is None
        ]
        if unrecorded:
            gaps.append(
                Gap(
                    f"“{block.get('heading') or block.get('section')}”一段引用的{'、'.join(unrecorded)}尚无记录，生成时相应的句子将略去",
                    f"{narratives_url}?year={year}",
                    "修改段落",
                    "reports.write",
                )
            )
    return gaps
