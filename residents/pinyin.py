"""Pinyin of names, stored on the resident so that search by pinyin is an indexed prefix match."""

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's common one.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
}


def name_pinyin(name: str) -> tuple[str, str]:
    """(full, initials) in lower case without spaces: 张三 → ("zhangsan", "zs")."""
    name = (name or "").strip()
    if not name:
        return "", ""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    if name[0] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[name[0]]
    syllables = [s.lower() for s in syllables if s and s.isascii()]
    return "".join(syllables), "".join(s[0] for s in syllables)
