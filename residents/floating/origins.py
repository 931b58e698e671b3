"""Places of origin by GB/T 2260 code: provinces and prefecture-level divisions (``gb2260.tsv`` beside this
file says where the table comes from). A floating resident's origin is one of these codes; the province is
the code's first two digits followed by 0000."""

from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("gb2260.tsv")


@cache
def divisions() -> dict[str, str]:
    """code → name, in code order (provinces and the divisions under them)."""
    table = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            table[code] = name
    return table


def province_code(code: str) -> str:
    return f"{code[:2]}0000"


def is_province(code: str) -> bool:
    return code.endswith("0000")


def name(code: str) -> str:
    """The full name of a division: 甘肃省临夏回族自治州; a province alone: 甘肃省. Unknown codes: the code."""
    table = divisions()
    if code not in table:
        return code
    if is_province(code):
        return table[code]
    return table.get(province_code(code), "") + table[code]


@cache
def choices() -> list:
    """Grouped choices for a select: each province, then its divisions ("全省" first, for an unknown city)."""
    table = divisions()
    groups = []
    for code, label in table.items():
        if is_province(code):
            groups.append((label, [(code, label)]))
        else:
            groups[-1][1].append((code, f"{groups[-1][0]} · {label}"))
    for label, options in groups:
        if len(options) > 1:  # a province with cities: choosing the province alone means "city unknown"
            options[0] = (options[0][0], f"{label}（市州不详）")
    return groups


def provinces() -> dict[str, str]:
    return {code: label for code, label in divisions().items() if is_province(code)}
