"""The ledgers (台帐): counts, filtered lists, and the restricted correction ledger."""

from django.db import connection
from django.urls import reverse

from community.models import AuditLog
from tests.factories import HouseholdFactory, ResidentFactory


def ledger_url(world, key):
    return reverse("residents:ledger", kwargs={"code": world.a.code, "key": key})


def test_the_index_counts_each_ledger_in_one_query(world, client_for, count_queries):
    household = HouseholdFactory(community=world.a)
    ResidentFactory(household=household, ethnicity="03", is_hardship=True)
    ResidentFactory(household=household, ethnicity="03", relation="spouse", is_unemployed=True)
    ResidentFactory(
        household=household, ethnicity="01", relation="other", is_unemployed=True
    )  # not a minority
    ResidentFactory(household=household, ethnicity="03", relation="son", is_correction=True)
    response = client_for("staff").get(reverse("residents:ledgers", kwargs={"code": world.a.code}))
    counts = {row["ledger"].key: row["count"] for row in response.context["ledgers"]}
    assert counts == {
        "residents": 4,
        "minority": 3,
        "hardship": 1,
        "unemployed": 1,
        "elders": 0,
        "disabled": 0,
        "correction": 1,
    }


def test_a_ledger_costs_the_same_queries_for_5_and_for_50_rows(world, client_for, count_queries):
    household = HouseholdFactory(community=world.a)
    ResidentFactory.create_batch(5, household=household, relation="other", ethnicity="03")
    client = client_for("staff")
    url = ledger_url(world, "minority")
    # session, user, community, membership; row count; page rows; grid, compound and ethnicity
    # choices of the filter form; the community switcher — 9.
    # PostgreSQL also sets the join order for the page read (residents.selectors.joins_in_written_order):
    # a savepoint, SET LOCAL, its reset and the release — four statements SQLite has no use for.
    five = count_queries(lambda: client.get(url))
    ResidentFactory.create_batch(45, household=household, relation="other", ethnicity="03")
    fifty = count_queries(lambda: client.get(url))
    assert five == fifty == 9 + (4 if connection.vendor == "postgresql" else 0), (five, fifty)
    assert client.get(url).context["page"].paginator.count == 50


def test_a_ledger_lists_only_its_active_rows(world, client_for):
    household = HouseholdFactory(community=world.a)
    ResidentFactory(household=household, name="回族居民", ethnicity="03")
    ResidentFactory(household=household, name="汉族居民", relation="spouse")
    ResidentFactory(
        household=household,
        name="迁出居民",
        relation="son",
        ethnicity="03",
        status="moved_out",
        status_date="2025-01-01",
    )
    response = client_for("secretary").get(ledger_url(world, "minority"))
    assert [r.name for r in response.context["page"]] == ["回族居民"]


def test_the_correction_ledger_is_refused_to_roles_without_the_permission(world, client_for):
    assert client_for("grid").get(ledger_url(world, "correction")).status_code == 403
    index = client_for("grid").get(reverse("residents:ledgers", kwargs={"code": world.a.code}))
    assert "correction" not in {row["ledger"].key for row in index.context["ledgers"]}


def test_viewing_the_correction_ledger_is_audited(world, client_for):
    assert client_for("secretary").get(ledger_url(world, "correction")).status_code == 200
    log = AuditLog.objects.get(action="resident.view_restricted")
    assert (log.username, log.data) == ("secretary", {"ledger": "correction"})


def test_an_unknown_ledger_is_404(world, client_for):
    assert client_for("staff").get(ledger_url(world, "nonsense")).status_code == 404


def test_the_export_button_links_to_the_export_with_the_ledger_when_it_exists(world, client_for, monkeypatch):
    url = ledger_url(world, "minority")
    monkeypatch.setattr(
        "residents.views.reverse", lambda name, kwargs: f"/c/{kwargs['code']}/transfer/export/"
    )
    content = client_for("staff").get(url).content.decode()
    assert 'href="/c/HLS/transfer/export/?ledger=minority"' in content and "导出 Excel" in content
