from datetime import date

import pytest
from django.core.exceptions import ValidationError

from residents import idnumber

# Real-format cases: the check character computed by MOD 11-2 by hand.
# 11010519491231002 → sum of products = 167, 167 % 11 = 2 → "X"
VALID_X = "11010519491231002X"
# 14030219751231004 → "8"
VALID_DIGIT = "140302197512310048"


def test_a_number_with_check_character_x_is_valid():
    info = idnumber.parse(VALID_X)
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "F"  # 17th digit 2 is even


def test_a_number_with_a_digit_check_character_is_valid():
    info = idnumber.parse(VALID_DIGIT)
    assert info.birth_date == date(1975, 12, 31)
    assert info.sex == "F"


def test_lower_case_x_spaces_and_full_width_digits_are_normalised():
    assert idnumber.parse(" １１０１０５ 19491231002x ").number == VALID_X


def test_a_wrong_check_character_is_refused():
    with pytest.raises(ValidationError) as exc:
        idnumber.parse("110105194912310021")
    assert "校验位" in exc.value.messages[0]


def test_an_impossible_birth_date_is_refused():
    bad = "11010519490231002"
    with pytest.raises(ValidationError) as exc:
        idnumber.parse(bad + idnumber.check_char(bad))
    assert "出生日期" in exc.value.messages[0]


def test_a_15_digit_legacy_number_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        idnumber.parse("110105491231002")
    assert "15位" in exc.value.messages[0]


def test_masking_keeps_only_the_last_four():
    assert idnumber.mask("62010219800102123X") == "**************123X"
    assert idnumber.mask_birth_date(date(1980, 1, 2)) == "1980-**-**"


def test_cross_check_reports_a_disagreeing_birth_date_and_sex():
    info = idnumber.parse(VALID_X)
    problems = idnumber.cross_check(info, birth_date=date(1950, 1, 1), sex="M")
    assert len(problems) == 2
