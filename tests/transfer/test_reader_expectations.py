"""The reader of every import answers as the one it replaced, on every workbook the tests make.

``data/workbooks.zip`` holds each distinct workbook that the tests of the imports (residents, floating
population, welfare, grids) handed to the previous reader — a hand-written expat walk — and, in
``expectations.json``, what it answered: the rows (number, values, formula columns) or the refusal.
They were captured from that reader before it was deleted. The values are compared as the imports read
them: an empty cell is None (calamine does not tell an empty text cell from an absent one), trailing empty
cells and empty rows are dropped (neither reader lists all of them).
"""

import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from residents.transfer import reader

ARCHIVE = Path(__file__).parent / "data" / "workbooks.zip"
with zipfile.ZipFile(ARCHIVE) as _archive:
    EXPECTATIONS = json.loads(_archive.read("expectations.json"))


def _decode(value):
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        return date.fromisoformat(value["date"])
    return None if value == "" else value


def _trimmed(rows):
    out = []
    for number, values, formulas in rows:
        values = [None if v == "" else v for v in values]
        while values and values[-1] is None:
            values.pop()
        if values:
            out.append((number, values, set(formulas)))
    return out


def _types(rows):
    return [[type(v).__name__ for v in values] for _number, values, _formulas in rows]


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_the_reader_answers_as_the_previous_one(name, tmp_path, monkeypatch):
    expected = EXPECTATIONS[name]
    path = tmp_path / "workbook.xlsx"
    with zipfile.ZipFile(ARCHIVE) as archive:
        path.write_bytes(archive.read(name))
    if "max_cells" in expected:
        monkeypatch.setattr(reader, "MAX_CELLS", expected["max_cells"])
    read = reader._xlsx_rows(path, reader.bounds(seconds=60))
    if expected["refusal"]:
        with pytest.raises(reader.FileRefused, match=re.escape(expected["refusal"])):
            list(read)
        return
    got = _trimmed((row.number, row.values, row.formulas) for row in read)
    want = _trimmed((n, [_decode(v) for v in values], f) for n, values, f in expected["rows"])
    assert got == want, expected["test"]
    assert _types(got) == _types(want), expected["test"]  # 2 is not 2.0, a datetime not a date


def test_the_archive_covers_the_refusals_and_the_formulas():
    refusals = {e["refusal"][:6] for e in EXPECTATIONS.values() if e["refusal"]}
    assert {"列数超过上限", "行数超过上限", "单元格数量超", "无法读取该 "} <= refusals
    assert any(formulas for e in EXPECTATIONS.values() for _n, _v, formulas in e["rows"])
    assert len(EXPECTATIONS) > 100
