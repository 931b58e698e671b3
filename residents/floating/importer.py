"""Import of the office's 流动人口登记表: the residents' import, plus one stay per row.

Nothing of the residents' pipeline is repeated: the sheet is read by ``transfer.reader`` (size and zip
checks, the header row found under title rows, the stay's columns recognised by :data:`HEADER`), every
person column is checked by ``transfer.importer.Importer`` (ID numbers, households, the grid tree, one head per household), the
preview, the refused-rows workbook and the all-or-nothing rule are the residents' own. This module adds
the columns of the stay (来此日期, 户籍地, 事由, 居住证, 住所, 房东…), refuses a row whose stay is wrong with
the same kind of reason, and writes the stays in the same transaction as the residents.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from community.audit import AuditAction, log_action
from community.models import Community

from ..models import ResidenceType, ResidentStatus
from ..transfer import columns as c
from ..transfer.importer import Importer, ImportResult
from ..transfer.reader import RESIDENTS_HEADER, FileRefused, Header, Sheet, bounds, read_file, timed
from . import origins
from .models import ArrivalReason, ExpectedStay, FloatingResident, Housing

# field → (title, aliases found in office sheets); the person columns are the residents' (columns.COLUMNS).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "arrived_on": ("来此日期", ("来社区日期", "来本社区日期", "到达日期", "来本地日期", "来此时间")),
    "origin": ("户籍地", ("来源地", "户籍所在地", "户籍地址", "来自何地")),
    "arrival_reason": ("来此事由", ("事由", "来此原因")),
    "permit_number": ("居住证号码", ("居住证号",)),
    "permit_expires": ("居住证有效期至", ("有效期至", "居住证有效期", "居住证到期日期")),
    "employer": ("工作单位", ("服务处所", "工作单位/服务处所", "工作单位或服务处所")),
    "housing": ("住所类型", ("居住方式", "住房类型")),
    "landlord_name": ("房东姓名", ("房东", "户主/房东")),
    "landlord_phone": ("房东电话", ("房东联系电话",)),
    "expected_stay": ("预计居住时间", ("拟居住时间", "预计居住期限")),
}
ALIASES = {alias: name for name, (title, aliases) in COLUMNS.items() for alias in (title, *aliases)}
REQUIRED = ("arrived_on", "origin")


def _choice(choices, extra: dict, default: str, what: str):
    labels = {str(label): value for value, label in choices} | extra

    def parse(value) -> str:
        text = c.compact(value)
        if not text:
            return default
        if text in labels:
            return labels[text]
        raise c.Refusal(f"无法识别的{what}“{text}”，可填：{'、'.join(str(label) for _v, label in choices)}。")

    return parse


parse_reason = _choice(
    ArrivalReason.choices, {"投亲": "family", "务工经商": "work", "上学": "study"}, "other", "事由"
)
parse_housing = _choice(
    Housing.choices,
    {
        "租房": "rented",
        "出租房": "rented",
        "宿舍": "employer",
        "借住": "relatives",
        "亲友家": "relatives",
        "自有住房": "owned",
    },
    "other",
    "住所类型",
)
parse_stay = _choice(
    ExpectedStay.choices, {"一年以上": "longer", "半年以内": "half_year"}, "unknown", "预计居住时间"
)


def _origin_lookup() -> dict[str, str | None]:
    """Names people write for a place → its code (None when two places share the name)."""
    table = origins.divisions()
    found: dict[str, str | None] = {}

    def add(name, code):
        found[name] = code if found.get(name, code) == code else None

    for code, name in table.items():
        add(code, code)
        add(origins.name(code), code)
        if not origins.is_province(code):
            add(name, code)
        for suffix in (
            "省",
            "市",
            "回族自治区",
            "维吾尔自治区",
            "壮族自治区",
            "自治区",
            "特别行政区",
            "地区",
            "盟",
        ):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                add(name[: -len(suffix)], code)
                break
    return found


def parse_origin(value) -> str:
    text = c.compact(value)
    if not text:
        raise c.Refusal("请填写户籍地（省、市，或6位行政区划代码）。")
    lookup = _origin_lookup()
    if len(text) == 6 and text.isdigit() and text not in lookup:
        text = text[:4] + "00"  # a county's code: its city
    code = lookup.get(text, "")
    if code is None:
        raise c.Refusal(f"户籍地“{text}”有重名，请写上省份，如“甘肃省{text}”。")
    if not code:
        raise c.Refusal(
            f"无法识别的户籍地“{text}”，请填写省、市名称（如“甘肃省临夏回族自治州”）或6位行政区划代码。"
        )
    return code


def _length(limit: int, what: str):
    def parse(value) -> str:
        result = c.text(value)
        if len(result) > limit:
            raise c.Refusal(f"{what}过长（最多{limit}个字符）。")
        return result

    return parse


def field_for_header(value) -> str | None:
    """A header cell → its field: a person column (the residents' aliases), else a column of the stay."""
    return c.field_for_header(value) or ALIASES.get(c.clean_header(value))


#: The sheet's header row is found as the residents' is (姓名 and 公民身份号码); the stay's columns read too.
HEADER = Header(field_for_header, RESIDENTS_HEADER.required, RESIDENTS_HEADER.not_found)


def check_columns(sheet: Sheet) -> Sheet:
    """Refuse a sheet without the stay's required columns (it is a residents' sheet, not this register)."""
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in sheet.columns]
    if missing:
        raise FileRefused(f"这不是流动人口登记表：表头缺少“{'”“'.join(missing)}”列。")
    return sheet


@dataclass
class FloatingImportResult(ImportResult):
    stays_new: int = 0
    stays_existing: int = 0

    @property
    def extra_lines(self) -> list[str]:
        return [f"流动人口登记：新增 {self.stays_new} 条，已登记（来此日期相同）{self.stays_existing} 条。"]

    def summary_lines(self) -> list[str]:
        return [*super().summary_lines(), *self.extra_lines]

    def audit_data(self) -> dict:
        return {**super().audit_data(), "stays_new": self.stays_new, "stays_existing": self.stays_existing}


class FloatingImporter(Importer):
    """The residents' importer; each accepted row also opens a stay (or finds the open one it names)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        r = self.result
        self.result = FloatingImportResult(
            source=r.source, headers=r.headers, header_row=r.header_row, unknown_headers=r.unknown_headers
        )
        self.new_stays: list[tuple] = []

    def check(self, progress: Callable[[int, int], None] | None = None) -> None:
        self.open_stays = {
            s.resident_id: s
            for s in FloatingResident.objects.filter(community=self.community, departed_on__isnull=True)
        }
        super().check(progress)

    def _stay(self, row) -> dict:
        errors_before = len(row.errors)
        stay = {
            "arrived_on": row.parse("arrived_on", c.parse_date),
            "origin": row.parse("origin", parse_origin),
            "reason": row.parse("arrival_reason", parse_reason) or "other",
            "permit_number": (row.parse("permit_number", _length(30, "居住证号码")) or "").upper(),
            "permit_expires": row.parse("permit_expires", c.parse_date),
            "employer": row.parse("employer", _length(100, "工作单位")) or "",
            "housing": row.parse("housing", parse_housing) or "other",
            "landlord_name": row.parse("landlord_name", _length(40, "房东姓名")) or "",
            "landlord_phone": row.parse("landlord_phone", c.parse_phone) or "",
            "expected_stay": row.parse("expected_stay", parse_stay) or "unknown",
        }
        if stay["arrived_on"] is None and not any(
            t == row.title("arrived_on") for t, _r in row.errors[errors_before:]
        ):
            row.refuse("arrived_on", "请填写来此日期。")
        elif stay["arrived_on"] and stay["arrived_on"] > self.today:
            row.refuse("arrived_on", "来此日期不能晚于今天。")
        return stay

    def _household(self, row, existing, by_number, by_address) -> None:
        # Called for every row before its relation and comparison: the stay's cells are checked here, so
        # that a refused row lists its stay's reasons beside its person's.
        row.stay = self._stay(row)
        current = existing.get(row.values.get("id_number"))
        open_stay = self.open_stays.get(current.pk) if current is not None else None
        if (
            open_stay is not None
            and row.stay["arrived_on"]
            and open_stay.arrived_on != row.stay["arrived_on"]
        ):
            row.refuse(
                "arrived_on",
                f"该居民已有未离开的流动人口登记（{open_stay.arrived_on:%Y-%m-%d}来此），请先登记离开。",
            )
        super()._household(row, existing, by_number, by_address)

    def _compare(self, row, current) -> None:
        row.values["residence_type"] = ResidenceType.FLOATING
        row.values["status"] = ResidentStatus.ACTIVE
        created = len(self.to_create)
        super()._compare(row, current)
        if current is not None and current.pk in self.open_stays:
            self.result.stays_existing += 1
            return
        resident = self.to_create[-1] if len(self.to_create) > created else current
        self.new_stays.append((resident, row.stay))
        self.result.stays_new += 1

    @transaction.atomic
    def write(self, *, actor=None) -> None:
        super().write(actor=actor)
        stays = []
        for resident, fields in self.new_stays:
            stay = FloatingResident(
                community=self.community, resident_id=resident.pk, created_by=actor, **fields
            )
            stay.origin_province = origins.province_code(stay.origin)
            stays.append(stay)
        bulk_create_with_history(
            stays,
            FloatingResident,
            default_user=actor,
            default_change_reason=f"Excel导入：{self.result.source}"[:100],
        )
        log_action(
            AuditAction.FLOATING_IMPORT,
            user=actor,
            community=self.community,
            data={
                "file": self.result.source[:120],
                "stays_new": len(stays),
                "stays_existing": self.result.stays_existing,
            },
        )


def floating_import(
    *,
    community: Community,
    path: Path,
    source: str = "",
    actor=None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    restricted_allowed: bool = True,
    progress: Callable[[int, int], None] | None = None,
    seconds: float | None = None,
) -> FloatingImportResult:
    """Check (and unless ``dry_run`` write) the 流动人口登记表 at ``path``; the rules (and read bounds, within
    ``seconds``) of ``residents_import``."""
    limits = bounds(seconds)
    sheet = check_columns(read_file(path, source or path.name, limits=limits, header=HEADER))
    importer = FloatingImporter(
        community=community, sheet=sheet, source=source or path.name, restricted_allowed=restricted_allowed
    )
    importer.check(timed(progress, limits))
    result = importer.result
    result.dry_run, result.skip_invalid = dry_run, skip_invalid
    if not dry_run and result.can_write:
        importer.write(actor=actor)
    return result


def template_columns() -> list[str]:
    """The header of a 流动人口登记表 this import reads (person columns first)."""
    person = [
        "姓名",
        "性别",
        "民族",
        "公民身份号码",
        "联系电话",
        "网格",
        "小区",
        "楼栋",
        "单元",
        "门牌号",
        "与户主关系",
    ]
    return [*person, *(title for title, _aliases in COLUMNS.values())]
