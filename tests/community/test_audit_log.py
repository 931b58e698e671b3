import pytest
from django.urls import reverse

from community.audit import log_action
from community.models import AuditLog


def _rows(world, n):
    for i in range(n):
        log_action("resident.view", user=world.users["staff"], community=world.a, data={"n": i})


def test_the_audit_log_costs_the_same_queries_for_5_and_50_rows(world, client_for, count_queries):
    client = client_for("auditor")
    url = reverse("audit_log")
    _rows(world, 5)
    few = count_queries(lambda: client.get(url))
    _rows(world, 45)
    many = count_queries(lambda: client.get(url))
    # session, user, the second-factor device (django-otp), auditor membership check, the navigation's
    # memberships, the community switcher, the paginator's count, the page of rows (with their user and
    # community), the community filter's choices
    assert few == many == 9


def test_the_auditor_filters_by_action_and_user(world, client_for):
    log_action("resident.view", user=world.users["staff"], community=world.a)
    log_action("report.download", user=world.users["street"], community=world.a)
    page = client_for("auditor").get(reverse("audit_log"), {"action": "report", "username": "street"})
    rows = list(page.context["page"])
    assert [r.action for r in rows] == ["report.download"]


def test_audit_rows_cannot_be_changed_or_deleted(world):
    row = log_action("login", user=world.users["staff"])
    row.action = "tampered"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    assert AuditLog.objects.get(pk=row.pk).action == "login"


def test_the_auditor_exports_the_filtered_trail_and_the_export_is_audited(world, client_for):
    log_action("resident.view", user=world.users["staff"], community=world.a)
    log_action("report.download", user=world.users["street"], community=world.a)
    response = client_for("auditor").get(reverse("audit_export"), {"action": "resident"})
    text = response.content.decode("utf-8-sig")
    assert "resident.view" in text and "report.download" not in text
    assert AuditLog.objects.get(action="audit.export").data["rows"] == 1


def test_the_log_speaks_chinese_names_roles_results_and_objects(world, client_for):
    from residents.ledgers import LEDGERS

    staff = world.users["staff"]
    staff.last_name, staff.first_name = "李", "红梅"
    staff.save()
    from django.test import RequestFactory

    from community.access import resolve_access

    request = RequestFactory().get("/")
    request.user, request.community, request.access = staff, world.a, resolve_access(staff, "HLS")
    log_action(
        "ledger.export", request=request, data={"ledger": "minority", "rows": 12, "full_id_numbers": False}
    )
    log_action(
        "resident.import", user=staff, community=world.a, data={"file": "三号楼.xlsx", "rows": 3, "new": 2}
    )
    log_action("login.failed", outcome="failure", data={"username": "nobody"})
    html = client_for("auditor").get(reverse("audit_log")).content.decode()
    assert "导出台帐" in html and "导入居民表" in html and "登录失败" in html
    assert "ledger.export</td>" not in html and ">success<" not in html
    assert "李红梅" in html and "staff" in html  # the name beside the login name
    assert f"台帐：{LEDGERS['minority'].title}" in html and "12 行" in html
    assert "文件：三号楼.xlsx" in html and "新增 2" in html
    assert "失败" in html and "登录名：nobody" in html
    assert 'data-label="角色">社区工作人员<' in html and 'data-label="角色">staff<' not in html


def test_every_action_the_portal_writes_has_a_chinese_name():
    """Scan the code for the action codes it logs: each must be named in community.audit.ACTIONS."""
    import re
    from pathlib import Path

    from community.audit import ACTIONS

    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {"tests", "bench", ".venv", "node_modules"}:
            continue
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'log_action\(\s*"([a-z0-9_.]+)"', text))
        found |= {f"{a}.create" for a in re.findall(r'action="(outreach\.[a-z_]+)"', text)}
        found |= {f"{a}.update" for a in re.findall(r'action="(outreach\.[a-z_]+)"', text)}
        for either in re.findall(r'"([a-z0-9]+\.[a-z_.]+)" if \w+ else "([a-z0-9]+\.[a-z_.]+)"', text):
            found |= set(either)
    assert len(found) > 30
    assert not sorted(found - set(ACTIONS)), "name these actions in community/audit.py ACTIONS"


def test_the_auditor_finds_the_exports_by_the_chinese_kind(world, client_for):
    log_action(
        "ledger.export", user=world.users["staff"], community=world.a, data={"ledger": "minority", "rows": 1}
    )
    log_action(
        "list.export", user=world.users["staff"], community=world.a, data={"list": "走访记录", "rows": 2}
    )
    log_action("resident.create", user=world.users["staff"], community=world.a)
    client = client_for("auditor")
    by_kind = client.get(reverse("audit_log"), {"action": "kind:export"}).context["page"]
    assert sorted(r.action for r in by_kind) == ["ledger.export", "list.export"]
    typed = client.get(reverse("audit_log"), {"action": "导出"}).context[
        "page"
    ]  # typed words match the names
    assert sorted(r.action for r in typed) == ["ledger.export", "list.export"]
    by_name = client.get(reverse("audit_log"), {"username": world.users["staff"].display_name}).context[
        "page"
    ]
    assert len(list(by_name)) == 3
    by_role = client.get(reverse("audit_log"), {"role": "grid_worker"}).context["page"]
    assert list(by_role) == []


def test_an_action_outside_the_vocabulary_is_refused(db):
    """``ACTIONS`` is the one vocabulary: a code missing there is a programming error, not a row the auditor
    reads as a bare code."""
    with pytest.raises(ValueError, match="resident.creat"):
        log_action("resident.creat")
    assert not AuditLog.objects.exists()


def test_the_auditors_kinds_group_only_actions_of_the_vocabulary():
    from community.audit import ACTIONS, KINDS

    grouped = {code for _, codes in KINDS.values() for code in codes}
    assert grouped and not sorted(grouped - set(ACTIONS))


def test_a_street_office_or_auditor_action_carries_its_role(world, client_for):
    """Pages outside a community (the street office's, the auditor's trail) log the role they are served
    under, so the auditor's 角色 column and filter find them."""
    street = client_for("street")
    assert street.get(reverse("street:zip", kwargs={"street_id": world.street.pk})).status_code == 200
    auditor = client_for("auditor")
    auditor.get(reverse("audit_export"))
    roles = dict(
        AuditLog.objects.filter(action__in=["report.download_zip", "audit.export"]).values_list(
            "action", "role"
        )
    )
    assert roles == {"report.download_zip": "street", "audit.export": "auditor"}
    page = auditor.get(reverse("audit_log"), {"role": "street"})
    assert [r.action for r in page.context["page"]] == ["report.download_zip"]
    assert 'data-label="角色">街道办<' in page.content.decode()
