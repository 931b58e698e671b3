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


def _product_modules():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/**/*.py")):
        if (
            path.parts[len(root.parts)] not in {"tests", "bench", ".venv", "node_modules"}
            and "migrations" not in path.parts
        ):
            yield path


def test_every_action_the_portal_writes_is_a_member_of_the_vocabulary():
    """Every ``log_action`` call names an ``AuditAction`` member (never a bare string), and every member named
    in the code exists — so each action the portal writes has its Chinese name."""
    import ast

    from community.audit import AuditAction

    literal, members = [], set()
    for path in _product_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "AuditAction"
            ):
                members.add(node.attr)
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "log_action"
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
            ):
                literal.append(f"{path.name}:{node.lineno}")
    assert not literal, "name the action as AuditAction.X: " + ", ".join(literal)
    assert len(members) > 100
    assert not sorted(members - set(AuditAction.__members__) - {"values", "choices", "labels"})
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(label)) for label in AuditAction.labels)


def test_the_vocabulary_checker_sees_a_bare_code():
    import ast

    tree = ast.parse('log_action("resident.create", obj=r)\nlog_action(AuditAction.RESIDENT_CREATE)\n')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [isinstance(c.args[0], ast.Constant) for c in calls] == [True, False]


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
    """``AuditAction`` is the one vocabulary: a code missing there is a programming error, not a row the auditor
    reads as a bare code."""
    with pytest.raises(ValueError, match="resident.creat"):
        log_action("resident.creat")
    assert not AuditLog.objects.exists()


def test_the_auditors_kinds_group_only_actions_of_the_vocabulary():
    from community.audit import KINDS, AuditAction

    grouped = {code for _, codes in KINDS.values() for code in codes}
    assert grouped and all(isinstance(code, AuditAction) for code in grouped)


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
