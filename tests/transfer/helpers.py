"""Building office sheets for the import tests."""

import io
from datetime import date

from openpyxl import Workbook

from tests.factories import valid_id

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "出生日期",
    "联系电话",
    "户籍类型",
    "网格",
    "小区",
    "楼栋",
    "单元",
    "门牌号",
    "与户主关系",
    "人员类别",
]


def person(name="马建国", *, birth=date(1975, 6, 1), sex="M", **overrides) -> dict:
    row = {
        "姓名": name,
        "性别": "男" if sex == "M" else "女",
        "民族": "回族",
        "公民身份号码": valid_id(birth, sex),
        "出生日期": birth,
        "联系电话": "13800000000",
        "户籍类型": "常住",
        "网格": "第1网格",
        "小区": "华林小区",
        "楼栋": "3",
        "单元": "2",
        "门牌号": "301",
        "与户主关系": "本人",
    }
    row.update(overrides)
    return row


def xlsx(
    rows: list[dict], headers: list[str] | None = None, *, title: str | None = "华林山社区居民花名册"
) -> bytes:
    """A workbook with an optional title row above the header row (as offices make them)."""
    headers = headers or HEADERS
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for number, row in enumerate(rows, start=1):
        ws.append([row.get(h, number if h == "序号" else None) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write(tmp_path, content: bytes, name="居民.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path
