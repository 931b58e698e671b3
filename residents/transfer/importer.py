"""Import of residents from an office's sheet: read, check every row, then write all or nothing.

The fast path (the benchmark in ``bench/import_bench.py`` decides): the community's residents,
households and grid tree are read once (one query each), every row is checked in Python with the
form's own rules (``residents/rules.py``: GB 11643, birth date and sex cross-checks, dates, one head per
household, …), and the
writes are bulk inserts/updates with their history rows (simple_history's bulk helpers, the import
named as the change reason) in one transaction. ``validate_resident`` is not called row by row: it
makes two queries per resident, which the 50,000-row benchmark cannot afford; the checks it makes
(ID number, cross-checks, duplicates, one head per household, field lengths) are made here in bulk.

The number of queries of a dry run does not grow with the number of rows.
"""

import enum
import os
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import attrgetter
from pathlib import Path

from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from community.audit import AuditAction, log_action
from community.models import Community
from grids.models import Building, Compound, Grid, SubGrid, Unit

from .. import rules
from ..models import Household, Relation, Resident, ResidentStatus
from ..pinyin import name_pinyin
from ..services import departure_propagate
from . import columns as c
from . import reader
from .reader import Sheet, read_file

BATCH = 1000
NAMES_SHOWN = 30  # names of added/changed people the preview lists
PROGRESS_EVERY = 500  # rows between two calls of an import's ``progress`` callback (one UPDATE each in a job)

LEVEL_LABELS = {"grid": "网格", "subgrid": "片格", "compound": "小区", "building": "楼栋", "unit": "单元"}


@dataclass
class RefusedRow:
    number: int
    values: list
    errors: list[tuple[str, str]]  # (column title, reason)

    @property
    def reason_text(self) -> str:
        return "；".join(f"{col}：{reason}" if col else reason for col, reason in self.errors)


@dataclass
class ImportResult:
    source: str
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    created: dict[str, list[str]] = field(default_factory=dict)  # level label → names (and "户" → count)
    new_households: int = 0
    # The first names of the people the import adds and changes, for the preview (bounded: a sample).
    new_names: list[str] = field(default_factory=list)
    updated_names: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    header_row: int = 1
    dry_run: bool = False
    skip_invalid: bool = False
    written: bool = False

    @property
    def can_write(self) -> bool:
        """Nothing is refused, or the refused rows are to be skipped."""
        return not self.refused or self.skip_invalid

    def summary_lines(self) -> list[str]:
        lines = [
            f"文件：{self.source}（表头在第{self.header_row}行，数据 {self.total} 行）",
            f"新增 {self.new} 人，更新 {self.updated} 人，未变化 {self.unchanged} 人，拒绝 {len(self.refused)} 行。",
        ]
        created = [
            f"{label} {len(names)} 个（{'、'.join(names[:10])}{'…' if len(names) > 10 else ''}）"
            for label, names in self.created.items()
            if names
        ]
        lines.append(
            "新建：" + ("；".join(created) if created else "无需新建（表中的网格、小区、楼栋和单元均已存在）")
        )
        lines.append(f"新建户 {self.new_households} 户。")
        if self.unknown_headers:
            lines.append("未识别的列（已忽略）：" + "、".join(self.unknown_headers))
        return lines

    def audit_data(self) -> dict:
        return {
            "file": self.source[:120],
            "rows": self.total,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
            "new_households": self.new_households,
            "created": {label: len(names) for label, names in self.created.items()},
            "skip_invalid": self.skip_invalid,
        }


# --- the grid tree ---------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return "".join(name.split())


class Tree:
    """The community's grid tree, read once; finds or (when writing) creates the levels of an address."""

    def __init__(self, community: Community):
        self.community = community
        self.grids = {_norm(g.name): g for g in Grid.objects.filter(community=community)}
        self.grid_numbers = {g.number: g for g in self.grids.values()}
        self.subgrids = {(s.grid_id, _norm(s.name)): s for s in SubGrid.objects.filter(community=community)}
        # A 小区 is one place in the community whichever grid a row names: keyed by its name alone, so a
        # sheet listing a compound under two grids makes one compound (its buildings keep their grids).
        self.compounds = {_norm(x.name): x for x in Compound.objects.filter(community=community)}
        self.buildings = {(b.compound_id, b.number): b for b in Building.objects.filter(community=community)}
        self.units = {(u.building_id, u.number): u for u in Unit.objects.filter(community=community)}
        self.created: dict[str, list[str]] = {label: [] for label in LEVEL_LABELS.values()}
        self._planned: set = set()

    def _grid(self, name: str, create: bool):
        grid = self.grids.get(name)
        if grid is None and name.isdigit():
            grid = self.grid_numbers.get(int(name))
        if grid is None and create:
            number = int(name) if name.isdigit() and int(name) not in self.grid_numbers else None
            number = number or max(self.grid_numbers, default=0) + 1
            grid = Grid.objects.create(
                community=self.community, number=number, name=f"第{number}网格" if name.isdigit() else name
            )
            self.grids[name] = self.grids[_norm(grid.name)] = grid
            self.grid_numbers[number] = grid
        return grid

    def plan(self, address: tuple) -> None:
        """Record which levels of ``address`` do not exist yet (dry run)."""
        grid_name, subgrid_name, compound_name, building_no, unit_no, _door = address
        grid = self._grid(grid_name, create=False)
        path = [("网格", grid_name, grid)]
        if subgrid_name:
            path.append(
                ("片格", f"{grid_name}{subgrid_name}", grid and self.subgrids.get((grid.pk, subgrid_name)))
            )
        compound = self.compounds.get(compound_name)
        if compound_name:
            path.append(("小区", compound_name, compound))
        building = compound and self.buildings.get((compound.pk, building_no))
        if building_no:
            path.append(("楼栋", f"{compound_name}{building_no}号楼", building))
        unit = building and self.units.get((building.pk, unit_no))
        if unit_no:
            path.append(("单元", f"{compound_name}{building_no}号楼{unit_no}单元", unit))
        for label, name, found in path:
            if found is None and (label, name) not in self._planned:
                self._planned.add((label, name))
                self.created[label].append(name)

    def build(self, household: Household, address: tuple) -> None:
        """Find or create the levels of ``address`` and set them on ``household``."""
        grid_name, subgrid_name, compound_name, building_no, unit_no, _door = address
        grid = self._grid(grid_name, create=True)
        subgrid = None
        if subgrid_name:
            subgrid = self.subgrids.get((grid.pk, subgrid_name))
            if subgrid is None:
                subgrid = SubGrid.objects.create(community=self.community, grid=grid, name=subgrid_name)
                self.subgrids[(grid.pk, subgrid_name)] = subgrid
        compound = building = unit = None
        if compound_name:
            compound = self.compounds.get(compound_name)
            if compound is None:
                compound = Compound.objects.create(
                    community=self.community, grid=grid, subgrid=subgrid, name=compound_name
                )
                self.compounds[compound_name] = compound
            if building_no:
                building = self.buildings.get((compound.pk, building_no))
                if building is None:
                    building = Building.objects.create(
                        community=self.community,
                        compound=compound,
                        number=building_no,
                        grid=grid
                        if grid.pk != compound.grid_id
                        else None,  # the part of a compound in another grid
                    )
                    self.buildings[(compound.pk, building_no)] = building
                if unit_no:
                    unit = self.units.get((building.pk, unit_no))
                    if unit is None:
                        unit = Unit.objects.create(
                            community=self.community, building=building, number=unit_no
                        )
                        self.units[(building.pk, unit_no)] = unit
        # The row's grid: the grid belongs to the household, a compound may span grids.
        subgrid = (compound.subgrid if compound and compound.subgrid_id else None) or subgrid
        _link(household, grid=grid, subgrid=subgrid, compound=compound, building=building, unit=unit)


def _link(obj, **related) -> None:
    """``obj.<name> = value`` for each foreign key, as its descriptor sets it (the id and the cached object)."""
    cache = obj._state.fields_cache
    for name, value in related.items():
        obj.__dict__[name + "_id"] = None if value is None else value.pk
        cache[name] = value


def _address_of(household: Household) -> tuple:
    return (
        _norm(household.grid.name),
        _norm(household.compound.name) if household.compound_id else "",
        household.building.number if household.building_id else "",
        household.unit.number if household.unit_id else "",
        _norm(household.door),
    )


# --- one row ---------------------------------------------------------------------------------------


class Keep(enum.Enum):
    """A row that names no household (no 户编号, no address) of a resident already in one: they stay in it."""

    HOUSEHOLD = "keep"


KEEP_HOUSEHOLD = Keep.HOUSEHOLD


class _Row:
    """The values of one row after parsing, with the errors found, per column."""

    def __init__(self, raw, sheet: Sheet):
        self.raw = raw
        self.sheet = sheet
        self.columns = sheet.columns
        self.errors: list[tuple[str, str]] = []
        self.values: dict = {}
        self.household: Household | Keep | None = None  # set by the household check

    def title(self, field_name: str) -> str:
        index = self.columns.get(field_name)
        return self.sheet.headers[index].strip() if index is not None else c.COLUMNS[field_name][0]

    def cell(self, field_name: str):
        index = self.columns.get(field_name)
        return None if index is None else self.raw.values[index]

    def present(self, field_name: str) -> bool:
        return field_name in self.columns

    def parse(self, field_name: str, parser):
        index = self.columns.get(field_name)
        if index is None:
            return None
        if self.raw.formulas and index in self.raw.formulas:
            self.errors.append(
                (self.title(field_name), "单元格含公式，不予计算。请改为直接填写的数值后再导入。")
            )
            return None
        # A parser is a function of the cell alone, so each distinct value of a column is parsed once
        # (keyed with its type: True, 1 and 1.0 are equal keys otherwise).
        cell = self.raw.values[index]
        memo = self.sheet.memos[field_name]
        try:
            accepted, value = memo[(cell.__class__, cell)]
        except KeyError:
            try:
                accepted, value = True, parser(cell)
            except c.Refusal as exc:
                accepted, value = False, str(exc)
            memo[(cell.__class__, cell)] = (accepted, value)
        if not accepted:
            self.errors.append((self.title(field_name), value))
            return None
        self.values[field_name] = value
        return value

    def refuse(self, field_name: str | None, reason: str) -> None:
        self.errors.append((self.title(field_name) if field_name else "", reason))


def _length(limit: int, what: str):
    def parse(value) -> str:
        result = c.compact(value)
        if len(result) > limit:
            raise c.Refusal(f"{what}过长（最多{limit}个字符）。")
        return result

    return parse


_parse_building = _length(20, "楼栋号")
_parse_unit = _length(20, "单元号")

# field → the parser of its cells, in the order a row's cells are read (and its refusals listed).
PARSERS: dict[str, Callable] = {
    "name": c.parse_name,
    "id_number": c.id_number_text,
    "birth_date": c.parse_date,
    "sex": c.parse_sex,
    "ethnicity": c.parse_ethnicity,
    "phone": c.parse_phone,
    "residence_type": c.parse_residence_type,
    "political_status": c.parse_political_status,
    "status": c.parse_status,
    "status_date": c.parse_date,
    "moved_in_on": c.parse_date,
    "relation": c.parse_relation,
    "categories": c.parse_categories,
    "notes": c.text,
    "grid": _length(50, "网格名称"),
    "subgrid": _length(50, "片格名称"),
    "compound": _length(60, "小区名称"),
    "building": lambda v: _parse_building(c.parse_building(v)),
    "unit": lambda v: _parse_unit(c.parse_unit(v)),
    "door": c.parse_door,
    "household_number": _length(40, "户编号"),
}


def _parse_row(raw, sheet: Sheet, today: date) -> _Row:
    p = PARSERS
    row = _Row(raw, sheet)
    row.parse("name", p["name"])
    id_text = row.parse("id_number", p["id_number"])
    info = None
    if id_text is not None:
        info, problems = rules.id_number(id_text, today=today)
        if problems:
            row.refuse("id_number", problems[0])
        else:
            row.values["id_number"] = info.number
    birth = row.parse("birth_date", p["birth_date"])
    sex = row.parse("sex", p["sex"])
    for problem in rules.birth_date_problems(info, birth, today=today)[:1]:
        row.refuse("birth_date", problem)
    for problem in rules.sex_problems(info, sex)[:1]:
        row.refuse("sex", problem)
    if info is not None:
        row.values["birth_date"], row.values["sex"] = info.birth_date, info.sex
    if row.present("ethnicity"):
        row.parse("ethnicity", p["ethnicity"])
    else:
        row.refuse(None, "缺少“民族”列。")
    row.parse("phone", p["phone"])
    row.parse("residence_type", p["residence_type"])
    row.parse("political_status", p["political_status"])
    status = row.parse("status", p["status"])
    status_date = row.parse("status_date", p["status_date"])
    # A move-out or a death without its date is recorded on the day of the import (see _compare).
    for problem in rules.status_date_problems(status, status_date, today=today, required=False):
        row.refuse("status_date", problem)
    moved_in = row.parse("moved_in_on", p["moved_in_on"])
    for problem in rules.registered_on_problems(moved_in, today=today):
        row.refuse("moved_in_on", problem)
    for field_name in ("relation", "categories", "notes", "grid", "subgrid", "compound", "building", "unit"):
        row.parse(field_name, p[field_name])
    row.parse("door", p["door"])
    row.parse("household_number", p["household_number"])
    return row


_PLAIN = {str, type(None), bool, int, float, datetime, date, time}  # what the readers give
_NUMBERS = {bool, int, float}


def _parse_rows(sheet: Sheet, today: date, progress: Callable[[int, int], None] | None) -> list[_Row]:
    """Every row of ``sheet`` parsed as :func:`_parse_row` parses it, column by column.

    Each column's cells are looked up in its memo (a parser is a function of the cell alone, so each distinct
    value is parsed once); a row whose cells and values are all accepted gets its values in one step, and
    any other row (a refused cell, a formula, a rule broken) is parsed by :func:`_parse_row`, which gives
    its refusals in their order and finds the same memos.
    """
    rows = sheet.rows
    total = len(rows)
    if not rows:
        return []
    present = [
        (name, sheet.columns[name], parser) for name, parser in PARSERS.items() if name in sheet.columns
    ]
    slow = set()
    if "ethnicity" not in sheet.columns:
        slow = set(range(total))  # every row is refused for the missing column
    for number, raw in enumerate(rows):
        if raw.formulas and any(index in raw.formulas for _name, index, _parser in present):
            slow.add(number)
    table = list(zip(*(raw.values for raw in rows), strict=True))  # the sheet's columns
    columns = []
    for name, index, parser in present:
        cells = table[index]
        memo = sheet.memos[name]
        kinds = set(map(type, cells))
        if not kinds <= _PLAIN or len(kinds & _NUMBERS) > 1:  # True, 1 and 1.0 are one key: parse row by row
            slow.update(range(total))
            columns.append([None] * total)
            continue
        # Each distinct value once; keyed by the value alone (no two kinds of this column are equal).
        answers, refused = {}, set()
        for cell in set(cells):
            key = (cell.__class__, cell)
            try:
                accepted, value = memo[key]
            except KeyError:
                try:
                    accepted, value = True, parser(cell)
                except c.Refusal as exc:
                    accepted, value = False, str(exc)
                memo[key] = (accepted, value)
            answers[cell] = value
            if not accepted:
                refused.add(cell)
        if refused:
            slow.update(number for number, cell in enumerate(cells) if cell in refused)
        columns.append(map(answers.__getitem__, cells))
    names = [name for name, _index, _parser in present]
    id_number, birth_date_problems, sex_problems = (
        rules.id_number,
        rules.birth_date_problems,
        rules.sex_problems,
    )
    status_date_problems, registered_on_problems = rules.status_date_problems, rules.registered_on_problems
    every = PROGRESS_EVERY
    parsed = []
    for number, (raw, cells) in enumerate(zip(rows, zip(*columns, strict=True), strict=True)):
        if number and progress is not None and number % every == 0:
            progress(number, total)
        if number not in slow:
            values = dict(zip(names, cells, strict=True))
            get = values.get
            info, problems = id_number(values["id_number"], today=today)
            if not (
                problems
                or birth_date_problems(info, get("birth_date"), today=today)
                or sex_problems(info, get("sex"))
                or status_date_problems(get("status"), get("status_date"), today=today, required=False)
                or registered_on_problems(get("moved_in_on"), today=today)
            ):
                values["id_number"], values["birth_date"], values["sex"] = (
                    info.number,
                    info.birth_date,
                    info.sex,
                )
                row = _Row(raw, sheet)
                row.values = values
                parsed.append(row)
                continue
        parsed.append(_parse_row(raw, sheet, today))
    return parsed


# --- the import ------------------------------------------------------------------------------------


class Importer:
    """Checks a sheet against the community's registry and, unless a dry run, writes it."""

    def __init__(self, *, community: Community, sheet: Sheet, source: str, restricted_allowed: bool = True):
        self.community = community
        self.sheet = sheet
        self.restricted_allowed = restricted_allowed
        self.result = ImportResult(
            source=source, headers=sheet.headers, header_row=sheet.header_row, unknown_headers=sheet.unknown
        )
        self.today = timezone.localdate()
        # The categories a sheet sets; 社区矫正 is not shown to every role, so an absent mark says nothing there.
        self.category_fields = [f for f in c.CATEGORY_FIELDS if f != "is_correction" or restricted_allowed]

    def _maker(self, model):
        """A fast constructor of unsaved rows: the model's defaults (computed once) and the values given
        by attname, set on a bare instance (Model.__init__ walks every field and descriptor per row; no
        post_init receiver listens to these models). A fresh primary key each time."""
        template = model(community=self.community)
        defaults = {f.attname: getattr(template, f.attname) for f in model._meta.concrete_fields}
        pk, pk_default = model._meta.pk.attname, model._meta.pk.default
        if pk_default is uuid.uuid4:
            pk_default = _uuid4s().__next__  # the same keys, without a system call for each
        known = set(defaults)
        new = model.__new__

        def make(**values):
            if not values.keys() <= known:
                unknown = values.keys() - known
                raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
            obj = new(model)
            obj._state = ModelState()
            attributes = obj.__dict__
            attributes.update(defaults)
            attributes[pk] = pk_default()
            attributes.update(values)
            return obj

        return make

    def check(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Parse every row, match it with the registry and decide new/updated/unchanged/refused.

        ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` rows and once all are checked.
        """
        community = self.community
        existing = {
            r.id_number: r
            for r in Resident.objects.filter(community=community).only(
                "id",
                "community_id",
                "household_id",
                "relation",
                "name",
                "sex",
                "ethnicity_id",
                "id_number",
                "birth_date",
                "phone",
                "residence_type",
                "political_status",
                "status",
                "status_date",
                "notes",
                "moved_in_on",
                *c.CATEGORY_FIELDS,
            )
        }
        households = list(
            Household.objects.filter(community=community).select_related(
                "grid", "compound", "building", "unit"
            )
        )
        by_number = {h.number: h for h in households if h.number}
        by_address: dict[tuple, Household] = {}
        for h in households:
            by_address.setdefault(_address_of(h), h)
        heads = defaultdict(set)  # household id → active heads in the registry
        for r in existing.values():
            if r.household_id and r.relation == Relation.HEAD and r.status == ResidentStatus.ACTIVE:
                heads[r.household_id].add(r.id_number)
        self.tree = Tree(community)
        self.make_resident, self.make_household = self._maker(Resident), self._maker(Household)
        self.new_households: dict[tuple, Household] = {}
        self.addresses: dict[tuple, tuple] = {}  # household key → address (for new households)
        self.to_create: list[Resident] = []
        self.to_update: list[Resident] = []
        self.update_fields: set[str] = set()
        self.departures: list[Resident] = []

        total = self.result.total = len(self.sheet.rows)
        rows = _parse_rows(self.sheet, self.today, progress)
        seen: dict[str, int] = {}
        for row in rows:
            number = row.values.get("id_number")
            if number:
                if number in seen:
                    row.refuse("id_number", f"与第{seen[number]}行的公民身份号码重复。")
                else:
                    seen[number] = row.raw.number
            self._household(row, existing, by_number, by_address)
        self._relations(rows, existing, heads)
        for row in rows:
            if row.errors:
                self.result.refused.append(RefusedRow(row.raw.number, row.raw.values, row.errors))
            else:
                self._compare(row, existing.get(row.values["id_number"]))
        # A new household is in the resident's cache (set by _compare); nothing is fetched for the others.
        accepted_new = {id(r._state.fields_cache.get("household")) for r in self.to_create + self.to_update}
        self.new_households = {k: h for k, h in self.new_households.items() if id(h) in accepted_new}
        for key in self.new_households:
            self.tree.plan(self.addresses[key])
        self.result.created = {label: names for label, names in self.tree.created.items()}
        self.result.new_households = len(self.new_households)
        if progress is not None:
            progress(total, total)

    def _household(self, row: _Row, existing, by_number, by_address) -> None:
        v = row.values
        number = v.get("household_number") or ""
        grid = v.get("grid") or ""
        if grid.isdigit() and int(grid) in self.tree.grid_numbers and grid not in self.tree.grids:
            grid = _norm(self.tree.grid_numbers[int(grid)].name)  # "1" for 第1网格
        address = (
            grid,
            v.get("subgrid") or "",
            v.get("compound") or "",
            v.get("building") or "",
            v.get("unit") or "",
            v.get("door") or "",
        )
        row.household = by_number.get(number) if number else None
        if row.household is not None:
            return  # a registered household number wins over the address columns
        if not grid and (address[2] or address[3] or address[4]):
            row.refuse("grid", "填写了小区/楼栋/单元时，须同时填写网格。")
            return
        if address[3] and not address[2]:
            row.refuse("compound", "填写了楼栋时，须同时填写小区。")
            return
        if address[4] and not address[3]:
            row.refuse("building", "填写了单元时，须同时填写楼栋。")
            return
        if number:
            key = ("number", number)
        else:
            key = ("address", grid, address[2], address[3], address[4], address[5])
            if grid:
                row.household = by_address.get(key[1:])
        if row.household is None and not number and not grid:
            current = existing.get(v.get("id_number"))
            if current is not None and current.household_id:
                row.household = KEEP_HOUSEHOLD
                return
            row.refuse("grid", "请填写网格（或已登记的户编号），以便把居民归入户。")
            return
        if row.household is None:
            if not grid:
                row.refuse("grid", f"户编号“{number}”尚未登记；新户须填写网格。")
                return
            household = self.new_households.get(key)
            if household is None:
                household = self.make_household(door=address[5], number=number)
                self.new_households[key] = household
                self.addresses[key] = address
            row.household = household

    def _relations(self, rows: list[_Row], existing, heads) -> None:
        """Each household has at most one active head (本人/户主); an empty relation is inferred."""
        in_file = {row.values.get("id_number") for row in rows}
        groups = defaultdict(list)
        for row in rows:
            household = row.household
            if household is not None and not row.errors:
                groups[
                    id(household)
                    if household is not KEEP_HOUSEHOLD
                    else (KEEP_HOUSEHOLD, row.values["id_number"])
                ].append(row)
        for members in groups.values():
            household = members[0].household
            if household is KEEP_HOUSEHOLD:
                current = existing[members[0].values["id_number"]]
                taken = {n for n in heads[current.household_id] if n not in in_file}
            else:
                taken = (
                    set() if household._state.adding else {n for n in heads[household.pk] if n not in in_file}
                )
            explicit = any(row.values.get("relation") == Relation.HEAD for row in members)
            for index, row in enumerate(members):
                relation = row.values.get("relation")
                if relation is None:
                    current = existing.get(row.values["id_number"])
                    if current is not None and household is KEEP_HOUSEHOLD:
                        relation = current.relation
                    elif current is not None and current.household_id == household.pk:
                        relation = current.relation
                    elif index == 0 and not explicit and not taken:
                        relation = Relation.HEAD
                    else:
                        relation = Relation.OTHER
                    row.values["relation"] = relation
                problems = rules.head_problems(relation, row.values.get("status"), other_head=bool(taken))
                for problem in problems:
                    row.refuse("relation", problem)
                if not problems and rules.is_active_head(relation, row.values.get("status")):
                    taken.add(row.values["id_number"])  # the household's head from now on

    def _compare(self, row: _Row, current: Resident | None) -> None:
        v = row.values
        wanted: dict = {
            "name": v["name"],
            "sex": v["sex"],
            "birth_date": v["birth_date"],
            "relation": v["relation"],
        }
        wanted["ethnicity_id"] = v["ethnicity"]
        present = row.columns
        for field_name in ("phone", "notes"):
            if field_name in present:
                wanted[field_name] = v.get(field_name) or ""
        if v.get("moved_in_on"):
            wanted["moved_in_on"] = v["moved_in_on"]
        elif current is None:
            wanted["moved_in_on"] = self.today  # registered by this import (the change panel counts them)
        for field_name in ("residence_type", "political_status", "status"):
            if v.get(field_name):
                wanted[field_name] = v[field_name]
        if "categories" in present:
            chosen = v.get("categories") or ()
            for field_name in self.category_fields:
                wanted[field_name] = field_name in chosen
        household = row.household
        if household is not KEEP_HOUSEHOLD:
            wanted["household_id"] = household.pk
        status = wanted.get("status", current.status if current else ResidentStatus.ACTIVE)
        if status == ResidentStatus.ACTIVE:
            wanted["status_date"] = None
        else:
            wanted["status_date"] = (
                v.get("status_date") or (current.status_date if current else None) or self.today
            )

        if current is None:
            if household is not KEEP_HOUSEHOLD:
                wanted["household_id"] = household.pk
            resident = self.make_resident(id_number=v["id_number"], **wanted)
            if household is not KEEP_HOUSEHOLD:
                resident._state.fields_cache["household"] = household  # household_id is set above
            resident.name_pinyin, resident.name_initials = name_pinyin(resident.name)
            self.to_create.append(resident)
            self.result.new += 1
            if len(self.result.new_names) < NAMES_SHOWN:
                self.result.new_names.append(resident.name)
            return
        changed = [f for f, value in wanted.items() if getattr(current, f) != value]
        if not changed:
            self.result.unchanged += 1
            return
        if (
            current.status == ResidentStatus.ACTIVE
            and wanted.get("status", ResidentStatus.ACTIVE) != ResidentStatus.ACTIVE
        ):
            self.departures.append(current)  # their open benefits end on that date (after the write)
        for f in changed:
            setattr(current, f, wanted[f])
        if "household_id" in changed:
            current.household = household
            changed.remove("household_id")
            changed.append("household")
        if "name" in changed:
            current.name_pinyin, current.name_initials = name_pinyin(current.name)
            changed += ["name_pinyin", "name_initials"]
        self.update_fields.update(changed)
        self.to_update.append(current)
        self.result.updated += 1
        if len(self.result.updated_names) < NAMES_SHOWN:
            self.result.updated_names.append(current.name)

    @transaction.atomic
    def write(self, *, actor=None) -> None:
        """Create the missing tree levels and households, insert and update residents, audit once."""
        reason = f"Excel导入：{self.result.source}"[:100]
        now = timezone.now()
        for key, household in self.new_households.items():
            self.tree.build(household, self.addresses[key])
        insert_with_history(list(self.new_households.values()), reason=reason, actor=actor, now=now)
        for resident in self.to_create + self.to_update:
            if resident.household_id is None and resident.household is not None:
                resident.household_id = resident.household.pk
        insert_with_history(self.to_create, reason=reason, actor=actor, now=now)
        if self.to_update:
            for resident in self.to_update:
                resident.updated_at = now
            fields = sorted(self.update_fields | {"updated_at"})
            bulk_update_with_history(
                self.to_update,
                Resident,
                fields,
                batch_size=BATCH,
                default_user=actor,
                default_change_reason=reason,
                default_date=now,
            )

        for resident in self.departures:  # a few rows at most: moves and deaths recorded by the sheet
            departure_propagate(
                resident=resident, on=resident.status_date, status=resident.status, actor=actor
            )
        log_action(
            AuditAction.RESIDENT_IMPORT, user=actor, community=self.community, data=self.result.audit_data()
        )
        self.result.written = True


_UUID4_MASK = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)  # the variant and version bits cleared
_UUID4_BITS = (0x8000 << 48) | (4 << 76)  # RFC 4122 variant, version 4


def _uuid4s(batch: int = 4096):
    """Random (version 4) UUIDs, as uuid.uuid4 makes them, from one read of the random source per batch.

    Built as uuid.UUID(bytes=..., version=4) builds them, without its checks of arguments (the slots set
    directly, as uuid.py does itself).
    """
    make, assign, safe, from_bytes = object.__new__, object.__setattr__, uuid.SafeUUID.unknown, int.from_bytes
    while True:
        block = os.urandom(16 * batch)
        for start in range(0, len(block), 16):
            value = make(uuid.UUID)
            assign(value, "int", from_bytes(block[start : start + 16]) & _UUID4_MASK | _UUID4_BITS)
            assign(value, "is_safe", safe)
            yield value


def insert_with_history(objs: list, *, reason: str, actor, now) -> None:
    """Insert new rows and their "+" history rows (the import as the change reason).

    On PostgreSQL the rows with ``COPY`` (the benchmark's fast path: Django's bulk_create spends most of
    its time preparing each value of each field) and their versions with one ``INSERT … SELECT`` from the
    rows just copied; elsewhere with simple_history's bulk_create_with_history. Primary keys are UUIDs made
    in Python, so no ids need to come back.
    """
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        bulk_create_with_history(
            objs, model, batch_size=BATCH, default_user=actor, default_change_reason=reason, default_date=now
        )
        return
    fields = model._meta.concrete_fields
    for field_ in fields:
        if getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field_.attname, now)
    values = attrgetter(*(f.attname for f in fields))  # one tuple per row, in C
    _copy(model._meta.db_table, fields, map(values, objs))
    # The "+" history rows are the rows just copied, read back by the server (no second pass over them here).
    history = model.history.model
    extra = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": actor.pk if actor is not None else None,
    }
    copied = [
        f.column
        for f in history._meta.concrete_fields
        if f.attname != "history_id" and f.attname not in extra
    ]
    by_name = {f.attname: f for f in history._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = ", ".join(map(quote, copied))
    targets = ", ".join(quote(by_name[name].column) for name in extra)
    fixed = ", ".join(f"%s::{by_name[name].db_type(connection)}" for name in extra)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {targets}) "  # noqa: S608 (model names)
            f"SELECT {columns}, {fixed} FROM {table} WHERE {pk} = ANY(%s)",
            [*extra.values(), [obj.pk for obj in objs]],
        )
    for obj in objs:
        obj._state.adding, obj._state.db = False, "default"


def _copy(table: str, fields, rows) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:  # noqa: S608 (model names)
            for row in rows:
                copy.write_row(row)


def residents_import(
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
) -> ImportResult:
    """Check (and unless ``dry_run`` write) the residents of the sheet at ``path``.

    All or nothing: with refused rows nothing is written unless ``skip_invalid``, which writes the
    valid rows in one transaction. Raises :class:`reader.FileRefused` for a file that cannot be read,
    or that passes the read bounds — the check included — within ``seconds`` (reader.bounds).
    ``progress(done, total)`` hears of the rows checked (a background job shows it; see ``tasks.py``).
    """

    limits = reader.bounds(seconds)
    sheet = read_file(path, source or path.name, limits=limits)
    importer = Importer(
        community=community, sheet=sheet, source=source or path.name, restricted_allowed=restricted_allowed
    )
    importer.check(reader.timed(progress, limits))
    result = importer.result
    result.dry_run, result.skip_invalid = dry_run, skip_invalid
    if not dry_run and result.can_write:
        importer.write(actor=actor)
        if result.new >= ANALYZE_AFTER and result.new > result.updated + result.unchanged:
            transaction.on_commit(analyse_register)
    return result


#: Residents added by one import, at least, after which the register's statistics are taken again at once
#: (when the import also more than doubles the community's known residents).
ANALYZE_AFTER = 1000


def analyse_register() -> None:
    """Fresh planner statistics for the residents and households after a large import (PostgreSQL).

    Autovacuum would take them within minutes; until then a community whose residents mostly arrived in
    one import looks empty to the planner, which then joins its 50,000 rows by nested loops (a dashboard
    took minutes). About a second at 1,000,000 residents. SQLite plans without such statistics.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Resident, Household):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
