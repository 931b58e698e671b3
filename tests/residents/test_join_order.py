"""The list's queries are planned in written join order on PostgreSQL, and only they."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from residents.selectors import joins_in_written_order
from tests.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def _limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


def test_the_setting_holds_inside_and_ends_with_the_block():
    if connection.vendor != "postgresql":  # a PostgreSQL planner setting: elsewhere the block sends nothing
        with CaptureQueriesContext(connection) as ctx, joins_in_written_order():
            pass
        assert ctx.captured_queries == []
        return
    before = _limit()
    with joins_in_written_order():
        assert _limit() == "1"
    assert _limit() == before != "1"  # also inside the test's own transaction


def test_the_resident_list_reads_its_page_inside_the_block(world, client_for):
    ResidentFactory(household=HouseholdFactory(community=world.a))
    with CaptureQueriesContext(connection) as ctx:
        assert client_for("staff").get("/c/HLS/residents/").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    sets = [i for i, s in enumerate(sql) if "join_collapse_limit" in s]
    if connection.vendor == "postgresql":
        page_query = next(i for i, s in enumerate(sql) if 'FROM "residents_resident"' in s and " LIMIT " in s)
        assert len(sets) == 2 and sets[0] < page_query < sets[1]
    else:
        assert sets == []


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_blocks_own_commit_ends_the_setting():
    """The view's case (no outer transaction): no statement puts the setting back, the COMMIT does."""
    if connection.vendor != "postgresql":  # elsewhere the block sends nothing (the test above)
        with CaptureQueriesContext(connection) as ctx, joins_in_written_order():
            pass
        assert ctx.captured_queries == []
        return
    before = _limit()
    with CaptureQueriesContext(connection) as ctx, joins_in_written_order():
        assert _limit() == "1" != before
    assert _limit() == before
    assert [q["sql"] for q in ctx.captured_queries if "SET LOCAL" in q["sql"]] == [
        "SET LOCAL join_collapse_limit = 1"
    ]
