"""A large import takes the register's planner statistics again once it commits (PostgreSQL)."""

from datetime import date

from django.db import connection

from residents.transfer import importer
from residents.transfer.importer import residents_import
from tests.transfer.helpers import person, write, xlsx


def _estimated_residents() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'residents_resident'")
        return cursor.fetchone()[0]


def test_a_large_import_analyses_the_register_when_it_commits(
    world, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importer, "ANALYZE_AFTER", 3)  # instead of 1,000 rows: the rule, not the size
    rows = [person(f"马{i}", birth=date(1970 + i, 1, 1), 门牌号=str(100 + i)) for i in range(4)]
    path = write(tmp_path, xlsx(rows))
    before = _estimated_residents() if connection.vendor == "postgresql" else None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = residents_import(community=world.a, path=path)
    assert result.written and len(result.refused) == 0
    assert importer.analyse_register in callbacks
    if connection.vendor == "postgresql":  # SQLite keeps no such statistics: nothing to take
        assert before != _estimated_residents() == 4


def test_a_small_import_leaves_the_statistics_to_autovacuum(
    world, tmp_path, django_capture_on_commit_callbacks
):
    path = write(tmp_path, xlsx([person()]))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert residents_import(community=world.a, path=path).written
    assert importer.analyse_register not in callbacks
