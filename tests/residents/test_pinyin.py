"""Pinyin read character by character (cached) answers as pypinyin reading the whole name."""

import random

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from residents.pinyin import SURNAME_READINGS, name_pinyin


def _whole(name: str) -> tuple[str, str]:
    """The previous implementation: pypinyin on the whole name, every time."""
    name = name.strip()
    if not name:
        return "", ""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    if name[0] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[name[0]]
    syllables = [s.lower() for s in syllables if s and s.isascii()]
    return "".join(syllables), "".join(s[0] for s in syllables)


def test_names_with_and_without_phrases_read_as_before():
    rng = random.Random(22)
    pool = (
        "王李张刘陈杨黄赵马朱胡郭何高林罗曾单解仇区查朴长乐重庆建国秀英小明军民华丽娟芳强伟敏静磊洋勇艳杰涛"
    )
    phrases = sorted(p for p in PHRASES_DICT if 2 <= len(p) <= 3)
    names = {"".join(rng.choice(pool) for _ in range(rng.choice([2, 3, 4]))) for _ in range(3000)}
    names |= {rng.choice(pool) + rng.choice(phrases) for _ in range(1000)}
    names |= {"长乐", "曾国藩", "单田芳", "马 建国", "Ali 马", "阿不都·热合曼", "A1", "  ", ""}
    assert any(name[1:] in PHRASES_DICT for name in names)  # the phrase path is exercised
    for name in names:
        assert name_pinyin(name) == _whole(name), name
