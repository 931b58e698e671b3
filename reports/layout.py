"""The 公文 page of GB/T 9704-2012, in numbers both renderers (PDF and .docx) read.

A4; 版心 156 × 225 mm with 天头 (top) 37 mm and 订口 (inner edge) 28 mm, so 26 mm outside and 35 mm at
the bottom; body 3号 (16 pt) at 22 lines of 28 characters; title 2号 (22 pt); page numbers 4号 (14 pt)
as "— N —", 7 mm below the 版心, one character in from the outer edge.

Fonts. The standard names (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) come first, so a server that has
them prints with them; otherwise the nearest free fonts of Debian's packages: Noto Serif CJK SC Bold for
小标宋, Noto Serif CJK SC for 仿宋 (fonts-noto-cjk has no 仿宋; its 宋 is the closest face with every
simplified character), Noto Sans CJK SC Bold for 黑体, AR PL UKai CN (fonts-arphic-ukai) for 楷体.
"""

import re
from decimal import Decimal

TOP_MM, BOTTOM_MM, INNER_MM, OUTER_MM = 37, 35, 28, 26
TITLE_PT, BODY_PT, TABLE_PT, PAGE_NUMBER_PT = 22, 16, 12, 14
LINES, CHARS = 22, 28
LINE_PT = round((297 - TOP_MM - BOTTOM_MM) / 25.4 * 72 / LINES, 2)  # 28.95 pt: 22 lines fill 225 mm
# 28 characters of 16 pt are 448 pt; the 版心 is 442.2 pt wide: each character gives up 0.21 pt.
LETTER_SPACING_PT = round(((210 - INNER_MM - OUTER_MM) / 25.4 * 72 - CHARS * BODY_PT) / CHARS - 0.005, 2)
PAGE_NUMBER_BELOW_MM = 7

TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif'
BODY_FONTS = '"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif'
HEI_FONTS = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'
KAI_FONTS = '"楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC", serif'

_NUMBERED = re.compile(r"^(表|图)\s*\d+\s*")


def number_captions(blocks: list[dict]) -> list[dict]:
    """Number tables and charts by their position (表1, 表2 …; 图1 …), whatever the providers wrote."""
    counters = {"table": 0, "chart": 0}
    out = []
    for block in blocks:
        if block.get("type") in counters and block.get("caption") is not None:
            counters[block["type"]] += 1
            prefix = "表" if block["type"] == "table" else "图"
            caption = _NUMBERED.sub("", block["caption"])
            block = {**block, "caption": f"{prefix}{counters[block['type']]}　{caption}"}
        out.append(block)
    return out


# Words a table header may break between, never inside ("少数民族|低保|占比", not "少数民族低保占/比").
WORDS = sorted(
    "少数民族 常住 流动 户数 人口 人数 占比 低保 活动 场次 走访 次数 纠纷 件数 化解率 已化解 化解 网格数 网格 合计 受理 "
    "小区内 社区内 上报 街道及以上 上访 类型 民族 姓名 职务 身份 月份 日期 计划 完成 金额 廉租房 医保 助学 就业 "
    "实物配租 准备入住 已入住 租赁补贴 联合走访 帮教走访 困难家庭走访 节日慰问 诉求回访 其他 （户/人） 户 人".split(),
    key=len,
    reverse=True,
)


def phrases(text: str) -> list[str]:
    """A header cut into the phrases a line may break between: explicit "|" marks, else known words, with
    any run of other characters (a community's name) kept whole."""
    text = str(text)
    if "|" in text:
        return [part for part in text.split("|") if part]
    out, other, i = [], "", 0
    while i < len(text):
        word = next((w for w in WORDS if text.startswith(w, i)), None)
        if word is None:
            other += text[i]
            i += 1
            continue
        if other:
            out.append(other)
            other = ""
        out.append(word)
        i += len(word)
    if other:
        out.append(other)
    return out


def cell_text(value) -> str:
    """A table cell as text: a figure's display, a number, or "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("|", "")
    display = getattr(value, "display", None)
    if display is not None:
        return display
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
