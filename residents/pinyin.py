"""Pinyin of names, stored on the resident so that search by pinyin is an indexed prefix match.

pypinyin reads a name phrase by phrase: a run of characters found in its phrase dictionary is read as the
phrase (长乐 → changle), any other character alone. So a name holding no phrase reads character by
character, and each character's reading is looked up once per process (an import of 50,000 people asks
for a few thousand characters, not 50,000 names); a name holding a phrase is read whole, as before. The
answer for a whole name is kept too (names repeat: 张伟, 王芳).
"""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

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


@lru_cache(maxsize=65536)
def _character(ch: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(ch, style=Style.NORMAL, errors="ignore"))


def _holds_phrase(name: str) -> bool:
    size = len(name)
    return any(name[i:j] in PHRASES_DICT for i in range(size - 1) for j in range(i + 2, size + 1))


@lru_cache(maxsize=65536)
def _syllables(name: str) -> tuple[str, ...]:
    if _holds_phrase(name):
        return tuple(lazy_pinyin(name, style=Style.NORMAL, errors="ignore"))
    return tuple(s for ch in name for s in _character(ch))


def name_pinyin(name: str) -> tuple[str, str]:
    """(full, initials) in lower case without spaces: 张三 → ("zhangsan", "zs")."""
    return _name_pinyin((name or "").strip())


@lru_cache(maxsize=65536)
def _name_pinyin(name: str) -> tuple[str, str]:
    # Per distinct name (an import of 50,000 people holds far fewer names).
    if not name:
        return "", ""
    syllables = list(_syllables(name))
    if name[0] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[name[0]]
    syllables = [s.lower() for s in syllables if s and s.isascii()]
    return "".join(syllables), "".join(s[0] for s in syllables)
