"""Who may open what: attachments, the detail page's query count, the resident panel, the coverage cost."""

from datetime import date

from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from community.access import resolve_access
from community.storage import private_storage
from tests.factories import HouseholdFactory, ResidentFactory
from tests.welfare.factories import CaseFactory
from welfare.models import Attachment, Transition
from welfare.selectors import coverage


def _case(world, **kw):
    return CaseFactory(resident=ResidentFactory(household=HouseholdFactory(community=world.a)), **kw)


def _attachment(case, name="proof.pdf"):
    private_storage().delete(f"attachments/{name}")
    private_storage().save(f"attachments/{name}", ContentFile(b"%PDF-1.4 test"))
    return Attachment.objects.create(
        case=case, original_name="证明.pdf", storage_name=name, content_type="application/pdf", size=13
    )


def test_an_attachment_is_not_found_from_another_community(world, client_for):
    attachment = _attachment(_case(world))
    client = client_for("outsider")
    # through the outsider's own community, and through the owning community's URL
    assert (
        client.get(reverse("welfare:attachment", kwargs={"code": "XBG", "pk": attachment.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("welfare:attachment", kwargs={"code": "HLS", "pk": attachment.pk})).status_code
        == 404
    )


def test_an_attachment_is_forbidden_to_a_role_without_the_welfare_permission(world, client_for):
    attachment = _attachment(_case(world))
    response = client_for("street").get(
        reverse("welfare:attachment", kwargs={"code": "HLS", "pk": attachment.pk})
    )
    assert response.status_code == 403


def test_a_grid_worker_cannot_download_an_attachment_outside_their_grids(world, client_for):
    attachment = _attachment(_case(world))
    response = client_for("grid").get(
        reverse("welfare:attachment", kwargs={"code": "HLS", "pk": attachment.pk})
    )
    assert response.status_code == 404


def test_an_upload_with_a_pdf_name_but_other_bytes_is_refused_with_a_chinese_message(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = _case(world)
    response = client_for("staff").post(
        reverse("welfare:attach", kwargs={"code": "HLS", "pk": case.pk}),
        {"file": SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>", "application/pdf")},
        follow=True,
    )
    assert "只接受 PDF、JPG、PNG 文件" in response.content.decode()
    assert not case.attachments.exists()


def test_the_case_page_costs_the_same_queries_for_5_and_50_steps_and_attachments(
    world, client_for, count_queries
):
    case = _case(world)
    client = client_for("staff")
    url = reverse("welfare:detail", kwargs={"code": "HLS", "pk": case.pk})

    def add(n):
        for i in range(n):
            Transition.objects.create(
                case=case,
                from_status="active",
                to_status="active",
                reason=f"复审{i}",
                actor=world.users["staff"],
            )
            _attachment(case, name=f"a{case.attachments.count()}.pdf")

    add(5)
    few = count_queries(lambda: client.get(url))
    add(45)
    many = count_queries(lambda: client.get(url))
    # session, user, community, membership, switcher, the case (+ resident, ethnicity, grid, type),
    # its transitions with their actors, its attachments — 8
    assert few == many == 8, (few, many)


def test_the_resident_panel_lists_the_residents_cases_for_those_who_may_see_them(world):
    from django.apps import apps

    case = _case(world)
    config = apps.get_app_config("welfare")
    request = RequestFactory().get("/")
    request.access = resolve_access(world.users["staff"], "HLS")
    panel = config.resident_panel(request, case.resident)
    assert panel["title"] == "救助与保障" and panel["template"] == "welfare/_resident_panel.html"
    assert list(panel["context"]["cases"]) == [case]
    request.access = resolve_access(world.users["street"], "HLS")
    assert config.resident_panel(request, case.resident) is None


def test_coverage_costs_the_same_three_queries_for_5_and_50_cases(world, count_queries):
    for _ in range(5):
        _case(world, start_on=date(2025, 1, 1))
    few = count_queries(lambda: coverage(world.a, date(2026, 1, 1)))
    for _ in range(45):
        _case(world, start_on=date(2025, 1, 1))
    many = count_queries(lambda: coverage(world.a, date(2026, 1, 1)))
    # the aggregate per type, the types ever recorded (a gap is not 0), and the community's types
    assert few == many == 3


def test_the_household_panel_lists_every_members_cases(world):
    from django.apps import apps

    household = HouseholdFactory(community=world.a)
    head = CaseFactory(resident=ResidentFactory(household=household, name="马强"))
    spouse = CaseFactory(
        resident=ResidentFactory(household=household, name="李娜", relation="spouse", sex="F")
    )
    _case(world)  # another household's case is not listed
    request = RequestFactory().get("/")
    request.access = resolve_access(world.users["secretary"], "HLS")
    panel = apps.get_app_config("welfare").household_panel(request, household)
    assert {c.pk for c in panel["context"]["cases"]} == {head.pk, spouse.pk}


def test_the_resident_page_shows_the_welfare_panel_with_a_link_to_register_a_case(world, client_for):
    case = _case(world, amount=480)
    page = client_for("staff").get(
        reverse("residents:detail", kwargs={"code": "HLS", "pk": case.resident_id})
    )
    html = page.content.decode()
    assert "救助与保障" in html and "480" in html
    assert reverse("welfare:create", kwargs={"code": "HLS"}) + f"?resident={case.resident_id}" in html


def test_the_household_page_lists_the_households_cases(world, client_for):
    from django.urls import reverse

    from tests.factories import HouseholdFactory, ResidentFactory
    from tests.welfare.factories import CaseFactory

    household = HouseholdFactory(community=world.a)
    CaseFactory(resident=ResidentFactory(household=household, name="马强"))
    page = client_for("staff").get(reverse("residents:household", kwargs={"code": "HLS", "pk": household.pk}))
    assert 'data-testid="household-panel"' in page.content.decode() and "低保" in page.content.decode()
