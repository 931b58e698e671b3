"""Report versions: two generations at the same moment get two versions; a duplicate cannot be stored."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from reports.exporters.base import Exporter
from reports.models import ReportArchive
from reports.services import report_generate
from tests.conftest import World


class _Racing(Exporter):
    """An exporter whose renderings wait for each other, so both generations reach the numbering together."""

    identifier = "racing"
    verbose_name = "并发测试"

    def __init__(self, *, barrier, **scope):
        super().__init__(**scope)
        self.barrier = barrier

    def render(self, form_data):
        self.barrier.wait(timeout=10)
        return "racing.pdf", "application/pdf", b"%PDF-racing"

    def figures_json(self, form_data):
        return {}


def _generate_together(scope: dict) -> list[int]:
    barrier = threading.Barrier(2)
    versions, errors = [], []

    def run():
        try:
            archive = report_generate(
                exporter=_Racing(barrier=barrier, **scope),
                form_data={"year": 2026, "date": "2026-06-30"},
                actor=None,
            )
            versions.append(archive.version)
        except Exception as exc:  # reported below with the versions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return sorted(versions)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scope", ["community", "street"])
def test_two_generations_at_the_same_moment_get_two_versions(world: World, scope):
    target = {"community": world.a} if scope == "community" else {"street": world.street}
    assert _generate_together(target) == [1, 2]
    assert _generate_together(target) == [3, 4]


@pytest.mark.parametrize("scope", ["community", "street"])
def test_the_database_refuses_a_second_archive_with_the_same_version(world: World, scope):
    target = {"community": world.a} if scope == "community" else {"street": world.street}
    fields = dict(
        report="work-report",
        title="t",
        year=2026,
        reference_date=date(2026, 6, 30),
        version=1,
        file_name="t.pdf",
        content_type="application/pdf",
        storage_name="x.pdf",
        size=1,
        sha256="0" * 64,
    )
    ReportArchive.objects.create(**target, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportArchive.objects.create(**target, **fields)
    other = {"community": world.b} if scope == "community" else {"street": world.other_street}
    ReportArchive.objects.create(**other, **fields)  # the same version in another scope is another report
