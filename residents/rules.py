"""The rules of one resident's values, written once for the registry form and the sheet import alike.

Each rule is a function over plain values (already read from a form field or a sheet's cell) that returns
the problems found, in Chinese, as a list (empty: accepted). The form (``residents/forms.py``) puts them on
its fields, the service (``residents/services.py``) checks the same before it writes, and the importer
(``residents/transfer/importer.py``, with the 流动人口 import on top of it) calls them for every row — in
bulk, without a query per row: a rule that needs the registry (a household's other head) is given what the
caller already read. ``tests/residents/test_rules.py`` holds the form and the import to the same messages.

How a value is *typed* (a sheet's 1980/1/2, 回 for 回族, 3号楼) is the import's business
(``transfer/columns.py``); what is *accepted* is decided here.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError

from . import idnumber
from .models import Relation, ResidentStatus

NAME_MAX = 40
PHONE_MAX = 20

NAME_REQUIRED = "请填写姓名。"
ID_NUMBER_REQUIRED = idnumber.REQUIRED
NAME_TOO_LONG = f"姓名过长（最多{NAME_MAX}个字）。"
ETHNICITY_REQUIRED = "请填写民族。"
BIRTH_DATE_IN_FUTURE = "出生日期不能晚于今天。"
REGISTERED_IN_FUTURE = "登记日期不能晚于今天。"
STATUS_DATE_REQUIRED = "请填写迁出或死亡日期。"
STATUS_DATE_IN_FUTURE = "日期不能晚于今天。"
SECOND_HEAD = "该户已有户主（本人），请选择其他关系。"

_PHONE = re.compile(r"^\+?[0-9][0-9-]*$")


def name_problems(name: str) -> list[str]:
    if not name:
        return [NAME_REQUIRED]
    if len(name) > NAME_MAX:
        return [NAME_TOO_LONG]
    return []


def id_number(raw, *, today: date | None = None) -> tuple[idnumber.IdInfo | None, list[str]]:
    """The number's birth date and sex (GB 11643), or the problems of the number."""
    try:
        return idnumber.parse(raw, today=today), []
    except ValidationError as exc:
        return None, list(exc.messages)


def birth_date_problems(info: idnumber.IdInfo | None, birth_date: date | None, *, today: date) -> list[str]:
    """A birth date entered beside the number must be the number's; none is later than today."""
    if birth_date is None:
        return []
    if info is not None and birth_date != info.birth_date:
        return idnumber.cross_check(info, birth_date=birth_date, sex=None)
    if birth_date > today:
        return [BIRTH_DATE_IN_FUTURE]
    return []


def sex_problems(info: idnumber.IdInfo | None, sex: str | None) -> list[str]:
    """A sex entered beside the number must be the number's (left empty, it is the number's)."""
    if info is not None and sex and sex != info.sex:
        return idnumber.cross_check(info, birth_date=None, sex=sex)
    return []


def ethnicity_problems(code: str | None) -> list[str]:
    return [] if code else [ETHNICITY_REQUIRED]


def normalize_phone(text: str) -> str:
    """Full-width digits folded, spaces (full-width ones too) dropped."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def phone_problems(phone: str) -> list[str]:
    """Digits, '-' and a leading '+' only (after :func:`normalize_phone`); empty is allowed."""
    if phone and (not _PHONE.match(phone) or len(phone) > PHONE_MAX):
        return [f"联系电话格式不正确：{phone}。"]
    return []


def registered_on_problems(moved_in_on: date | None, *, today: date) -> list[str]:
    return [REGISTERED_IN_FUTURE] if moved_in_on and moved_in_on > today else []


def status_date_problems(
    status: str | None, on: date | None, *, today: date, required: bool = True
) -> list[str]:
    """A move-out or a death has its date (``required``: the import fills in today instead), never later than
    today."""
    if on is None:
        return [STATUS_DATE_REQUIRED] if required and status and status != ResidentStatus.ACTIVE else []
    return [STATUS_DATE_IN_FUTURE] if on > today else []


def is_active_head(relation: str | None, status: str | None) -> bool:
    """本人/户主 and in the register (no status given: in the register)."""
    return relation == Relation.HEAD and (status or ResidentStatus.ACTIVE) == ResidentStatus.ACTIVE


def head_problems(relation: str | None, status: str | None, *, other_head: bool) -> list[str]:
    """A household has one active head: ``other_head`` tells whether it already has another."""
    return [SECOND_HEAD] if other_head and is_active_head(relation, status) else []
