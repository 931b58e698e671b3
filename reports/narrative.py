"""Narrative paragraphs written by staff, citing figures by name: ``{常住人口}`` → 4101.

A safe substitution, not a template engine: braces around a figure's name are replaced by its
display value; nothing else in the text is interpreted, so no user text ever runs as code. An
unknown name is reported, never rendered. ``{{`` and ``}}`` stand for literal braces.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]{1,40})\}")


def unknown_names(text: str, figures: dict) -> list[str]:
    names = []
    for match in PLACEHOLDER.finditer(text or ""):
        name = match.group(1)
        if name is not None and name.strip() not in figures and name.strip() not in names:
            names.append(name.strip())
    return names


def validate_narrative(text: str, figures: dict) -> None:
    unknown = unknown_names(text, figures)
    if unknown:
        raise ValidationError(
            "文中引用了不存在的数据项：%(names)s。可用的数据项见右侧列表。",
            params={"names": "、".join("{" + n + "}" for n in unknown)},
            code="unknown_figure",
        )


CLAUSE_END = re.compile(r"(?<=[，；。！？])")
SENTENCE_END = "。！？"


# Names that set a sentence's scene rather than state a count: a sentence left with nothing but these
# once its counted clauses are left out ("截至6月30日，基本做到了应保尽保。") is left out whole.
SCENE = {"统计截止日期", "期间", "社区名称", "年度", "下一年度"}


def _sentences(text: str) -> list[str]:
    out, current = [], ""
    for clause in CLAUSE_END.split(text):
        current += clause
        if clause.rstrip()[-1:] in SENTENCE_END:
            out.append(current)
            current = ""
    return [*out, current] if current else out


def _only_zeros(names: list[str], figures: dict) -> bool:
    """True when every count the clause cites is a counted 0 ("为0名…群众找到了就业岗位" says nothing)."""
    values = [getattr(figures[n], "value", None) for n in names]
    counted = all(getattr(figures[n], "unit", None) for n in names)  # counts have units; profile facts not
    numbers = [v for v in values if isinstance(v, int | float | Decimal) and not isinstance(v, bool)]
    return counted and bool(numbers) and len(numbers) == len(values) and all(v == 0 for v in numbers)


def without_unrecorded(text: str, figures: dict) -> str:
    """The text less every clause that cites a figure never recorded (its value is None).

    Missing is not zero (DOMAIN.md): "社区工作人员{社区工作人员数}名" is left out when the staffing was never
    recorded, never printed as "0名" or "—". A clause runs to the next ，；。！？; when the clause left out
    ended its sentence, the clause before it ends the sentence instead. A sentence that loses clauses and
    keeps none citing a count (only its scene: the date, the period) is left out whole: what remains of it
    would claim what no figure shows.

    A clause whose every count is a ledger count of 0 is left out too: "为0名少数民族群众找到了就业岗位" or
    "享受低保的少数民族人员0人" claim nothing (a zero that matters is said in words, as 上访情况 is). A clause
    with a count above 0 beside a 0 ("应走访11次、已走访0次") stays, its 0 being its point; so does a recorded
    profile fact ("其中公务员0名"), which is not a ledger count.
    """

    def cited(clause: str) -> list[str]:
        return [m.group(1).strip() for m in PLACEHOLDER.finditer(clause) if m.group(1)]

    out = []
    for sentence in _sentences(text or ""):
        kept: list[str] = []
        dropped = False
        for clause in CLAUSE_END.split(sentence):
            names = [n for n in cited(clause) if n in figures]
            unrecorded = any(getattr(figures[n], "value", "") is None for n in names)
            if unrecorded or _only_zeros([n for n in names if n not in SCENE], figures):
                dropped = True
                if clause.rstrip()[-1:] in SENTENCE_END and kept and kept[-1][-1:] in "，；":
                    kept[-1] = kept[-1][:-1] + clause.rstrip()[-1]
                continue
            kept.append(clause)
        if dropped and not any(n not in SCENE for clause in kept for n in cited(clause)):
            continue
        out.append("".join(kept))
    return "".join(out)


def render_narrative(text: str, figures: dict, *, link=None) -> str:
    """Replace each ``{name}`` with the figure's display text (``link(figure)`` wraps it, for HTML).

    Clauses citing an unrecorded figure are left out (``without_unrecorded``)."""
    validate_narrative(text, figures)
    text = without_unrecorded(text, figures)

    def replace(match):
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        figure = figures[match.group(1).strip()]
        return link(figure) if link else figure.display

    return PLACEHOLDER.sub(replace, text or "")


def render_narrative_html(text: str, figures: dict, url_for=None) -> str:
    """HTML-safe rendering: the writer's text is escaped; each figure becomes a link to its rows."""
    validate_narrative(text, figures)
    out, pos = [], 0
    text = without_unrecorded(text or "", figures)
    for match in PLACEHOLDER.finditer(text):
        out.append(escape(text[pos : match.start()]))
        token = match.group(0)
        if token in ("{{", "}}"):
            out.append(escape(token[0]))
        else:
            figure = figures[match.group(1).strip()]
            url = url_for(figure) if url_for else ""
            if url:
                out.append(format_html('<a class="figure-link" href="{}">{}</a>', url, figure.display))
            else:
                out.append(escape(figure.display))
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(str(part) for part in out).replace("\n", "<br>"))  # noqa: S308 - every part escaped
