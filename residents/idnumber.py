"""Citizen ID numbers (公民身份号码, GB 11643-1999): one validator for forms and imports alike.

18 characters: 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male, even = female),
and a MOD 11-2 check character (0–9 or X).
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from operator import mul

from django.core.exceptions import ValidationError

REQUIRED = "请填写公民身份号码。"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: str  # "M" or "F"


def normalize(raw) -> str:
    """Full-width digits and letters to ASCII, spaces removed, x → X."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    return "".join(text.split()).upper()


_ASCII_ZERO_WEIGHT = ord("0") * sum(WEIGHTS)


def check_char(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError("a check character is made from 17 digits")
    if first17.isascii():  # the digits' code points carry their values (an import checks 50,000 at once)
        total = sum(map(mul, first17.encode(), WEIGHTS)) - _ASCII_ZERO_WEIGHT
    else:
        total = sum(map(mul, map(int, first17), WEIGHTS))
    return CHECK_CHARS[total % 11]


def parse(raw, *, today: date | None = None) -> IdInfo:
    """Validate and return the number's birth date and sex, or raise ValidationError in Chinese."""
    number = normalize(raw)
    if not number:
        raise ValidationError(REQUIRED, code="required")
    if len(number) == 15 and number.isdigit():
        raise ValidationError("不接受15位旧身份证号码，请换用18位公民身份号码。", code="legacy")
    if len(number) != 18:
        raise ValidationError(f"公民身份号码应为18位，现为{len(number)}位。", code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("公民身份号码前17位须为数字，末位为数字或X。", code="characters")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("公民身份号码中的出生日期不存在。", code="birth_date") from None
    today = today or date.today()
    if birth > today or birth.year < 1890:
        raise ValidationError("公民身份号码中的出生日期不合理。", code="birth_date")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise ValidationError("公民身份号码校验位错误，请核对号码。", code="check_char")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdInfo(number=number, birth_date=birth, sex=sex)


def cross_check(info: IdInfo, *, birth_date: date | None, sex: str | None) -> list[str]:
    """Messages for a birth date or sex entered that disagrees with the ID number."""
    problems = []
    if birth_date and birth_date != info.birth_date:
        problems.append(f"出生日期与公民身份号码不符（号码中为{info.birth_date:%Y-%m-%d}）。")
    if sex and sex != info.sex:
        problems.append(f"性别与公民身份号码不符（号码中为{'男' if info.sex == 'M' else '女'}）。")
    return problems


def mask(number: str) -> str:
    """**************123X: the last four characters only.

    The area code (positions 1–6) is left out as well as the birth date (7–14): the area is guessable
    from the address, and area + birth date + last four *is* the number. Wherever a number is masked,
    the birth date beside it is masked too (:func:`mask_birth_date`), so the page or file cannot rebuild
    it: the last four with the birth year leave hundreds of valid numbers per area code.
    """
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]


def mask_birth_date(value) -> str:
    """1980-**-**: the year only, shown wherever the ID number is masked (the age stays)."""
    if not value:
        return ""
    return f"{value:%Y}-**-**"


def make(area: str, birth: date, sequence: int) -> str:
    """Build a valid number (demo data and tests): ``sequence`` 0–999, odd = male."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
