"""Import benchmark: a generated 50,000-row workbook imported into PostgreSQL, beside its bare read.

Measured in the same run, on the same rows:
- import: ``residents.transfer.importer.residents_import`` on the .xlsx file, end to end (reading the
  workbook, checking every row, creating the grid tree and households, inserting the residents and
  their history rows, the audit row), one transaction;
- bare read: python-calamine reading the same workbook into Python lists, nothing else (the floor of
  any import of that file); the aim is an import within 3× of it;
- COPY: the same rows as text into a bare table without indexes or constraints (for reference).
"""

import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from .common import setup_django

COLUMNS = [
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
    "政治面貌",
    "备注",
]
SURNAMES = "马王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗韩"
GIVEN = "建国秀英小明军民华丽娟芳强伟敏静磊洋勇艳杰涛明超"
ETHNICITIES = ["汉族"] * 6 + ["回族"] * 3 + ["东乡族", "撒拉族", "土族", "藏族", "满族"]
RELATIONS = ["本人", "配偶", "子", "女"]


def generate(rows: int, seed: int = 2026) -> list[list]:
    """Households of 1–4 members spread over 7 grids, 3 compounds each, buildings, units and doors."""
    from residents import idnumber

    rng = random.Random(seed)
    out, sequence, household = [], 0, 0
    while len(out) < rows:
        household += 1
        grid = household % 7 + 1
        compound = f"第{grid}网格{household % 3 + 1}号小区"
        building, unit, door = str(household % 12 + 1), str(household % 4 + 1), str(100 + household % 997)
        for member in range(min(rng.randint(1, 4), rows - len(out))):
            sequence += 1
            sex = "M" if member in (0, 2) else "F"
            birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 80))
            serial = (sequence * 2 + (1 if sex == "M" else 0)) % 1000 or 2
            area = f"62{sequence // 500 % 100:02d}{sequence % 97 + 1:02d}"
            number = idnumber.make(area, birth, serial)
            out.append(
                [
                    len(out) + 1,
                    rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "男" if sex == "M" else "女",
                    rng.choice(ETHNICITIES),
                    number,
                    birth,
                    f"13{rng.randrange(10**9):09d}",
                    "常住" if rng.random() < 0.8 else "流动",
                    f"第{grid}网格",
                    compound,
                    building,
                    unit,
                    door + f"-{household}",  # unique door: one household per address
                    RELATIONS[min(member, 3)],
                    rng.choice(["", "", "", "困难家庭", "残疾人", "下岗失业、困难家庭"]),
                    rng.choice(["群众", "群众", "中共党员", "共青团员"]),
                    "",
                ]
            )
    return out


def write_workbook(rows: list[list], path: Path) -> None:
    from openpyxl import Workbook

    # A normal (not write-only) workbook, so that it carries its <dimension> like Excel's and WPS's files.
    wb = Workbook()
    ws = wb.active
    ws.title = "居民"
    ws.append(["基准测试社区居民花名册"])
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    wb.save(path)


def bare_read(path: Path, repeat: int = 3) -> list[float]:
    """Seconds python-calamine takes to read ``path``'s first sheet into Python lists, ``repeat`` times."""
    from python_calamine import CalamineWorkbook

    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        samples.append(time.perf_counter() - started)
    return samples


def copy_rate(rows: list[list]) -> float:
    """Rows per second of a plain COPY of the same rows into a bare table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(
            "CREATE TABLE bench_copy (seq int, name text, sex text, ethnicity text, id_number text, "
            "birth_date date, phone text, residence text, grid text, compound text, building text, "
            "unit text, door text, relation text, categories text, political text, notes text)"
        )
    connection.commit() if not connection.get_autocommit() else None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor
        with raw.copy("COPY bench_copy FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy")
        assert cursor.fetchone()[0] == len(rows)
        cursor.execute("DROP TABLE bench_copy")
    return len(rows) / elapsed


def reset(community) -> None:
    """Empty the benchmark community (a throwaway database: deleting is fine here, never in the portal)."""
    from grids.models import Building, Compound, Grid, SubGrid, Unit
    from residents.models import Household, Resident

    Resident.history.filter(community=community).delete()
    Resident.objects.filter(community=community).delete()
    Household.history.filter(community=community).delete()
    Household.objects.filter(community=community).delete()
    for model in (Unit, Building, Compound, SubGrid, Grid):
        model.objects.filter(community=community).delete()


def run(rows: int = 50_000) -> int:
    setup_django("tx_bench")
    from django.conf import settings

    settings.DEBUG = False  # measured as in production: no query log

    from community.models import Community, StreetOffice
    from residents.models import Resident
    from residents.transfer.importer import Importer, residents_import
    from residents.transfer.reader import JOB_SECONDS, read_file

    print(f"数据库：{settings.DATABASES['default']['NAME']}（{settings.DATABASES['default']['ENGINE']}）")
    street, _ = StreetOffice.objects.get_or_create(name="基准测试街道")
    community, _ = Community.objects.get_or_create(
        code="BENCH", defaults={"name": "基准测试社区", "street": street}
    )
    reset(community)

    started = time.perf_counter()
    data = generate(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        write_workbook(data, path)
        print(
            f"生成 {rows} 行工作簿：{path.stat().st_size / 1024 / 1024:.1f} MB，用时 {time.perf_counter() - started:.1f} 秒"
        )

        copy = copy_rate(data)
        # The baseline is read before and after the import and its median taken: on a shared machine the
        # load changes within a run, and a baseline read at a quiet moment alone would flatter or wrong it.
        before = bare_read(path)

        # The import, end to end, timed by phase (the same calls residents_import makes).
        phases = {}
        started = time.perf_counter()
        sheet = read_file(path, "bench.xlsx")
        phases["读取工作簿"] = time.perf_counter() - started
        mark = time.perf_counter()
        importer = Importer(community=community, sheet=sheet, source="bench.xlsx")
        importer.check()
        phases["逐行检查与比对"] = time.perf_counter() - mark
        mark = time.perf_counter()
        importer.write()
        phases["写入（网格树、户、居民及历史、审计）"] = time.perf_counter() - mark
        elapsed = time.perf_counter() - started
        result = importer.result
        assert result.written and not result.refused, result.summary_lines()
        assert Resident.objects.filter(community=community).count() == rows

        started = time.perf_counter()
        # A file this size is checked by the worker, so under the worker's time bound (not the preview's).
        again = residents_import(
            community=community, path=path, source="bench.xlsx", dry_run=True, seconds=JOB_SECONDS
        )
        recheck = time.perf_counter() - started
        assert again.unchanged == rows
        after = bare_read(path)
        bare = statistics.median(before + after)

    rate = rows / elapsed
    print(
        f"python-calamine 读取同一工作簿（基线）：{bare:.2f} 秒（导入前 {statistics.median(before):.2f}，"
        f"导入后 {statistics.median(after):.2f}，取六次的中位数）"
    )
    print(f"COPY 到无索引的空表（参考）：{copy:,.0f} 行/秒")
    print(
        f"导入（读取+检查+写入，含历史与审计）：{elapsed:.2f} 秒，{rate:,.0f} 行/秒 = 基线的 {elapsed / bare:.1f}×（目标 ≤ 3×）"
    )
    for label, seconds in phases.items():
        print(f"  {label}：{seconds:.2f} 秒 = 基线的 {seconds / bare:.1f}×")
    print(f"重复导入的预览（全部未变化）：{recheck:.1f} 秒，{rows / recheck:,.0f} 行/秒")
    return 0  # the database is dropped and made afresh by the next run
