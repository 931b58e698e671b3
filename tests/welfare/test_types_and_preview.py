"""A community's own benefit types, and the import's browser preview flow (upload → preview → confirm)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import AuditLog
from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.test_import import _book, _import
from welfare.importer import next_review
from welfare.models import BenefitType, Case


def test_staff_add_a_type_of_their_own_that_only_their_community_sees(world, client_for):
    url = reverse("welfare:types", kwargs={"code": "HLS"})
    response = client_for("staff").post(
        url, {"name": "高龄津贴", "active_label": "已发放", "period": "monthly", "sort": 80}
    )
    assert response.status_code == 302
    own = BenefitType.objects.get(name="高龄津贴")
    assert own.community == world.a and AuditLog.objects.filter(action="welfare.type_create").exists()
    page = client_for("staff").get(reverse("welfare:index", kwargs={"code": "HLS"}))
    assert "高龄津贴" in page.content.decode()
    other = client_for("outsider").get(reverse("welfare:index", kwargs={"code": "XBG"}))
    assert "高龄津贴" not in other.content.decode()


def test_a_type_named_like_an_existing_one_is_refused_in_chinese(world, client_for):
    url = reverse("welfare:types", kwargs={"code": "HLS"})
    response = client_for("staff").post(
        url, {"name": "低保", "active_label": "在保", "period": "monthly", "sort": 1}
    )
    assert response.status_code == 200 and "已有同名的救助类型" in response.content.decode()
    assert BenefitType.objects.filter(name="低保").count() == 1


def test_the_same_row_twice_in_one_workbook_is_refused(world, tmp_path):
    ma = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    row = [1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02", None, "", ""]
    code, out = _import(_book(tmp_path / "w.xlsx", [row, row]))
    assert code != 0 and "与第3行重复" in out and Case.objects.count() == 0


def test_an_imported_dibao_case_gets_its_next_yearly_review():
    assert next_review(date(2023, 5, 20), 12, date(2026, 3, 1)) == date(2026, 5, 20)
    assert next_review(date(2023, 3, 20), 12, date(2026, 3, 25)) == date(2026, 3, 20)  # due this month
    assert next_review(date(2023, 2, 20), 12, date(2026, 3, 1)) == date(2027, 2, 20)


def test_the_preview_shows_refused_rows_and_writes_nothing_until_confirmed(world, client_for, tmp_path):
    ma = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    path = _book(
        tmp_path / "w.xlsx",
        [
            [1, ma.id_number, "马强", "低保", "在保", 480, "2025-01-02", None, "", ""],
            [2, "110105194912310021", "无名", "低保", "在保", 480, "2025-01-02", None, "", ""],
        ],
    )
    client = client_for("staff")
    upload = SimpleUploadedFile("救助.xlsx", path.read_bytes())
    preview = client.post(
        reverse("welfare:import", kwargs={"code": "HLS"}), {"file": upload, "skip_invalid": "on"}
    )
    assert preview.status_code == 200 and "本社区没有该身份证号的居民" in preview.content.decode()
    assert Case.objects.count() == 0
    done = client.post(reverse("welfare:import_confirm", kwargs={"code": "HLS"}), follow=True)
    assert "新增1" in done.content.decode()
    assert Case.objects.get().resident == ma
    assert AuditLog.objects.filter(action="welfare.import").count() == 1


def test_the_types_page_costs_the_same_queries_for_5_and_50_types(world, client_for, count_queries):
    client = client_for("staff")
    url = reverse("welfare:types", kwargs={"code": "HLS"})

    def add(n):
        start = BenefitType.objects.filter(community=world.a).count()
        for i in range(start, start + n):
            BenefitType.objects.create(community=world.a, code=f"own-{i}", name=f"本社区类型{i}")

    add(5)
    few = count_queries(lambda: client.get(url))
    add(45)
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership, switcher, and the types (common and own) in one query — 6
    assert few == many == 6, (few, many)


def test_a_preview_with_refused_rows_offers_no_confirm_unless_they_are_skipped(world, client_for, tmp_path):
    path = _book(
        tmp_path / "w.xlsx", [[1, "110105194912310021", "无名", "低保", "在保", 480, None, None, "", ""]]
    )
    preview = client_for("staff").post(
        reverse("welfare:import", kwargs={"code": "HLS"}),
        {"file": SimpleUploadedFile("w.xlsx", path.read_bytes())},
    )
    html = preview.content.decode()
    assert "本社区没有该身份证号的居民" in html and 'data-testid="import-confirm"' not in html
