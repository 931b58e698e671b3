"""The columns of a resident sheet: header aliases and the values as people type them.

Every parser takes the raw cell value (str, int, float, datetime or None) and returns the clean value,
or raises :class:`Refusal` with a reason a clerk understands (Chinese). How a value is typed is read
here; whether it is accepted is the registry form's rule as well (``residents/rules.py``).
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from .. import rules
from ..ethnicities import ETHNICITIES, short_name
from ..models import CATEGORIES, PoliticalStatus, Relation, ResidenceType, ResidentStatus, Sex


class Refusal(Exception):
    """A value that cannot be accepted; ``str(exc)`` is the reason shown to the clerk."""


# field → (column title used by the template and the export, aliases found in office sheets)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ()),
    "sex": ("性别", ()),
    "ethnicity": ("民族", ()),
    "id_number": ("公民身份号码", ("身份证号", "身份证号码")),
    "birth_date": ("出生日期", ()),
    "phone": ("联系电话", ("电话", "手机号")),
    "residence_type": ("户籍类型", ("人员类型",)),
    "grid": ("网格", ()),
    "subgrid": ("片格", ()),
    "compound": ("小区", ()),
    "building": ("楼栋", ("楼号",)),
    "unit": ("单元", ()),
    "door": ("门牌号", ("房号",)),
    "household_number": ("户编号", ("户号",)),
    "relation": ("与户主关系", ()),
    "status": ("人员状态", ()),
    "status_date": ("状态变更日期", ()),
    "moved_in_on": ("登记日期", ("迁入日期",)),
    "categories": ("人员类别", ()),
    "political_status": ("政治面貌", ()),
    "notes": ("备注", ()),
}
IGNORED_HEADERS = {"序号"}
REQUIRED_FIELDS = ("name", "id_number")

HEADER_ALIASES: dict[str, str] = {}
for _field, (_title, _aliases) in COLUMNS.items():
    for _alias in (_title, *_aliases):
        HEADER_ALIASES[_alias] = _field


def clean_header(value) -> str:
    """'  身份证号码（18位）*' → '身份证号码': full-width folded, spaces, marks and notes in brackets dropped."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\(.*?\)|\[.*?\]", "", text)
    return re.sub(r"[\s*:：]", "", text)


def field_for_header(value) -> str | None:
    return HEADER_ALIASES.get(clean_header(value))


# --- text ----------------------------------------------------------------------------------------


def text(value) -> str:
    """Cell → stripped text. Integral floats (Excel's numbers) lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return unicodedata.normalize("NFKC", str(value)).strip()


def compact(value) -> str:
    """Text without any whitespace (full-width spaces included)."""
    return "".join(text(value).split())


_CJK = re.compile(r"[\u4e00-\u9fff]")


def parse_name(value) -> str:
    name = text(value)
    if _CJK.search(name):
        name = "".join(name.split())  # "张 三" → "张三"; names in Han characters carry no spaces
    else:
        name = " ".join(name.split())
    problems = rules.name_problems(name)
    if problems:
        raise Refusal(problems[0])
    return name


# --- ID number -----------------------------------------------------------------------------------


def id_number_text(value) -> str:
    """The raw ID number as text; a number stored as an Excel number has lost its last digits."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if len(str(int(value))) > 15:
            raise Refusal("公民身份号码被存成了数字，末几位已丢失。请把该列设为“文本”后重新填写。")
        return str(int(value))
    return "" if value is None else str(value)


# --- dates ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> date | None:
    """Excel dates, 1980-01-02, 1980/1/2, 19800102, 1980.1.2, 1980年1月2日 (and a time part ignored)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = int(value)
        if 10000000 <= number <= 99999999:
            value = str(number)  # typed as 19800102 in a number cell
        elif 1 <= number < 100000:
            return _EXCEL_EPOCH + timedelta(days=number)  # an Excel serial date shown as a number
        else:
            raise Refusal(f"无法识别的日期：{value}。")
    raw = compact(value)
    raw = re.sub(r"[T ]?\d{1,2}:\d{2}(:\d{2})?$", "", raw)
    for form in _DATE_FORMS:
        match = form.match(raw)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                raise Refusal(f"日期不存在：{raw}。") from None
    raise Refusal(f"无法识别的日期：{raw}（可写作 1980-01-02、1980/1/2、19800102 或 1980年1月2日）。")


# --- choices -------------------------------------------------------------------------------------

_ETHNICITY_LOOKUP: dict[str, str] = {}
for _code, _name, _roman, _letters in ETHNICITIES:
    _ETHNICITY_LOOKUP[_code] = _code
    _ETHNICITY_LOOKUP[_name] = _code
    _ETHNICITY_LOOKUP[short_name(_code, _name)] = _code
    _ETHNICITY_LOOKUP[_roman.lower()] = _code
_ETHNICITY_LOOKUP["汉"] = "01"


def parse_ethnicity(value) -> str:
    """回族, 回, 03 or 3 (with stray spaces) → "03"."""
    raw = compact(value)
    problems = rules.ethnicity_problems(raw)
    if problems:
        raise Refusal(problems[0])
    if raw.isdigit() and len(raw) == 1:
        raw = "0" + raw
    code = _ETHNICITY_LOOKUP.get(raw) or _ETHNICITY_LOOKUP.get(raw.lower())
    if code is None:
        raise Refusal(f"未知的民族：{raw}（请填写民族名称，如“回族”，或两位国标代码，如“03”）。")
    return code


def _choice(table: dict[str, str], what: str, hint: str):
    def parse(value) -> str | None:
        raw = compact(value)
        if not raw:
            return None
        try:
            return table[raw]
        except KeyError:
            raise Refusal(f"未知的{what}：{raw}（{hint}）。") from None

    return parse


parse_sex = _choice(
    {"男": Sex.MALE, "男性": Sex.MALE, "M": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE, "F": Sex.FEMALE},
    "性别",
    "应为“男”或“女”",
)
parse_residence_type = _choice(
    {
        "常住": ResidenceType.REGISTERED,
        "常住人口": ResidenceType.REGISTERED,
        "户籍": ResidenceType.REGISTERED,
        "户籍人口": ResidenceType.REGISTERED,
        "流动": ResidenceType.FLOATING,
        "流动人口": ResidenceType.FLOATING,
        "暂住": ResidenceType.FLOATING,
    },
    "户籍类型",
    "应为“常住”或“流动”",
)
parse_status = _choice(
    {
        "在册": ResidentStatus.ACTIVE,
        "正常": ResidentStatus.ACTIVE,
        "迁出": ResidentStatus.MOVED_OUT,
        "已迁出": ResidentStatus.MOVED_OUT,
        "死亡": ResidentStatus.DECEASED,
        "已故": ResidentStatus.DECEASED,
        "去世": ResidentStatus.DECEASED,
    },
    "人员状态",
    "应为“在册”“迁出”或“死亡”",
)
parse_political_status = _choice(
    {
        "中共党员": PoliticalStatus.PARTY_MEMBER,
        "党员": PoliticalStatus.PARTY_MEMBER,
        "中共预备党员": PoliticalStatus.PROBATIONARY,
        "预备党员": PoliticalStatus.PROBATIONARY,
        "共青团员": PoliticalStatus.LEAGUE,
        "团员": PoliticalStatus.LEAGUE,
        "民主党派": PoliticalStatus.DEMOCRATIC,
        "群众": PoliticalStatus.MASSES,
    },
    "政治面貌",
    "应为中共党员、中共预备党员、共青团员、民主党派或群众",
)
_RELATIONS = {
    "本人": Relation.HEAD,
    "户主": Relation.HEAD,
    "配偶": Relation.SPOUSE,
    "妻": Relation.SPOUSE,
    "妻子": Relation.SPOUSE,
    "夫": Relation.SPOUSE,
    "丈夫": Relation.SPOUSE,
    "子": Relation.SON,
    "儿子": Relation.SON,
    "长子": Relation.SON,
    "次子": Relation.SON,
    "女": Relation.DAUGHTER,
    "女儿": Relation.DAUGHTER,
    "长女": Relation.DAUGHTER,
    "次女": Relation.DAUGHTER,
    "父母": Relation.PARENT,
    "父亲": Relation.PARENT,
    "母亲": Relation.PARENT,
    "祖父母": Relation.GRANDPARENT,
    "祖父": Relation.GRANDPARENT,
    "祖母": Relation.GRANDPARENT,
    "孙子女": Relation.GRANDCHILD,
    "孙子": Relation.GRANDCHILD,
    "孙女": Relation.GRANDCHILD,
    "兄弟姐妹": Relation.SIBLING,
    "儿媳/女婿": Relation.CHILD_IN_LAW,
    "儿媳": Relation.CHILD_IN_LAW,
    "女婿": Relation.CHILD_IN_LAW,
    "其他": Relation.OTHER,
}


def parse_relation(value) -> str | None:
    """与户主关系; unknown kinships (外甥, 保姆 …) are kept as 其他 rather than refused."""
    raw = compact(value)
    if not raw:
        return None
    return _RELATIONS.get(raw, Relation.OTHER)


_CATEGORY_WORDS: dict[str, str] = {str(label): field for field, label, _r in CATEGORIES}
_CATEGORY_WORDS.update(
    {
        "少数民族困难家庭": "is_hardship",
        "困难户": "is_hardship",
        "下岗": "is_unemployed",
        "失业": "is_unemployed",
        "离退休": "is_retired_cadre",
        "残疾": "is_disabled",
        "社区矫正": "is_correction",
        "帮教对象": "is_correction",
        "社区矫正对象": "is_correction",
    }
)
CATEGORY_FIELDS = [field for field, _label, _r in CATEGORIES]


def parse_categories(value) -> set[str]:
    """'困难家庭、残疾人' (separated by 、 , ， ; or spaces) → {"is_hardship", "is_disabled"}."""
    found = set()
    for word in re.split(r"[、,，;；\s]+", text(value)):
        if not word:
            continue
        field = _CATEGORY_WORDS.get(word)
        if field is None:
            raise Refusal(f"未知的人员类别：{word}。")
        found.add(field)
    return found


def parse_phone(value) -> str:
    """Full-width digits folded; spaces dropped; digits, '-' and a leading '+' only."""
    phone = rules.normalize_phone(text(value))
    problems = rules.phone_problems(phone)
    if problems:
        raise Refusal(problems[0])
    return phone


_BUILDING_SUFFIX = re.compile(r"(号楼|号|栋|幢|楼)$")
_UNIT_SUFFIX = re.compile(r"单元$")


def parse_building(value) -> str:
    """'3号楼', '3栋', '3' → '3'."""
    return _BUILDING_SUFFIX.sub("", compact(value))


def parse_unit(value) -> str:
    return _UNIT_SUFFIX.sub("", compact(value))


def parse_door(value) -> str:
    door = compact(value)
    if len(door) > 30:
        raise Refusal("门牌号过长（最多30个字符）。")
    return door
