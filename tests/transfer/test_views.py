"""The import in the browser: upload, preview, refused rows, confirm; uploads stored privately and deleted."""

import io
from datetime import date

import openpyxl
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import AuditLog
from residents.models import Resident, TransferJob
from residents.transfer import uploads
from tests.transfer.helpers import person, xlsx


def url(name, **kwargs):
    return reverse(f"transfer:{name}", kwargs={"code": "HLS", **kwargs})


def upload(client, content, name="居民.xlsx", **data):
    return client.post(url("upload"), {"file": SimpleUploadedFile(name, content), **data})


def stored_files():
    folder = settings.PRIVATE_ROOT / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_upload_is_stored_privately_under_a_random_name_and_previewed(world, client_for):
    before = stored_files()
    response = upload(client_for("staff"), xlsx([person(), person("马建军", 民族="火星族", 与户主关系="子")]))
    assert response.status_code == 302
    token = response["Location"].rstrip("/").split("/")[-1]
    assert sorted(set(stored_files()) - set(before)) == [f"{token}.json", f"{token}.xlsx"]
    assert str(settings.PRIVATE_ROOT) not in str(settings.STATIC_ROOT)
    page = client_for("staff").get(response["Location"]).content.decode()
    assert 'data-testid="count-new">1<' in page and 'data-testid="count-refused">1<' in page
    assert 'class="table-danger" data-row="4"' in page and "未知的民族：火星族" in page
    names = page.split('data-testid="preview-names"')[1].split("</div>\n</div>")[0]
    assert "将新增" in names and "马建国" in names and "马建军" not in names  # the refused row adds nobody
    assert Resident.objects.count() == 0  # the preview writes nothing


def test_confirming_writes_the_import_and_deletes_the_file(world, client_for):
    # Without a worker (the tests' in-process task backend) the job has run when the page opens.
    client = client_for("staff")
    token = upload(client, xlsx([person()]))["Location"].rstrip("/").split("/")[-1]
    response = client.post(url("confirm", token=token))
    job = TransferJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("job", pk=job.pk)
    assert Resident.objects.count() == 1
    assert not [name for name in stored_files() if name.startswith(token)]
    entry = AuditLog.objects.get(action="resident.import")
    assert entry.user == world.users["staff"] and entry.data["new"] == 1
    page = client.get(url("index")).content.decode()
    assert "居民.xlsx" in page and url("job", pk=job.pk) in page  # the recent jobs


def test_confirming_with_refused_rows_writes_nothing_unless_they_are_skipped(world, client_for):
    client = client_for("staff")
    content = xlsx([person(), person("马建军", 民族="火星族", 与户主关系="子")])
    token = upload(client, content)["Location"].rstrip("/").split("/")[-1]
    response = client.post(url("confirm", token=token))
    page = client.get(response["Location"]).content.decode()
    assert "有 1 行被拒绝，未导入任何数据。请改正后重新上传，或勾选“跳过被拒绝的行”。" in page
    assert url("preview", token=token) in page  # the upload is kept for a second confirmation
    assert Resident.objects.count() == 0
    client.post(url("confirm", token=token), {"skip_invalid": "on"})
    assert list(Resident.objects.values_list("name", flat=True)) == ["马建国"]
    assert list(TransferJob.objects.order_by("created_at").values_list("status", flat=True)) == [
        "failed",
        "done",
    ]


def test_the_refused_rows_download_has_an_error_column(world, client_for):
    client = client_for("staff")
    content = xlsx([person(), person("马建军", 出生日期=date(1975, 6, 2), 与户主关系="子")])
    token = upload(client, content)["Location"].rstrip("/").split("/")[-1]
    client.get(url("preview", token=token))  # the link is on the preview page
    response = client.get(url("refused", token=token))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(row=2, column=ws.max_column).value == "错误原因"
    assert "出生日期与公民身份号码不符" in ws.cell(row=3, column=ws.max_column).value


def test_a_refused_file_is_reported_on_the_page_and_deleted(world, client_for):
    client = client_for("staff")
    response = upload(client, b"not a workbook at all")
    page = client.get(response["Location"], follow=True).content.decode()
    assert "不是有效的 Excel" in page
    assert not [
        n for n in stored_files() if n.endswith(".xlsx") and n.startswith(response["Location"][-33:-1])
    ]


def test_a_wrong_extension_is_refused_by_the_form(world, client_for):
    response = upload(client_for("staff"), b"x", name="居民.xls")
    assert response.status_code == 200 and "另存为 .xlsx" in response.content.decode()


def test_another_users_upload_is_404(world, client_for):
    token = uploads.store(xlsx([person()]), name="a.xlsx", community=world.a, user=world.users["staff"])
    from tests.factories import MembershipFactory

    other = MembershipFactory(community=world.a, role="staff").user
    client = client_for("staff")
    client.force_login(other)
    assert client.get(url("preview", token=token)).status_code == 404
    assert client.get(url("preview", token="..%2F..%2Fetc")).status_code == 404


def test_cancel_deletes_the_upload(world, client_for):
    token = uploads.store(xlsx([person()]), name="a.xlsx", community=world.a, user=world.users["staff"])
    client_for("staff").post(url("cancel", token=token))
    assert not [n for n in stored_files() if n.startswith(token)]


def test_the_template_downloads_with_the_import_headers(world, client_for):
    response = client_for("staff").get(url("template"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[2]][:5] == ["序号", "姓名", "性别", "民族", "公民身份号码"]


def test_grid_workers_may_export_but_not_import(world, client_for):
    client = client_for("grid")
    page = client.get(url("index")).content.decode()
    assert "只由社区工作人员进行" in page and 'data-testid="upload-form"' not in page
    assert upload(client, xlsx([person()])).status_code == 403


def test_the_preview_makes_the_same_number_of_queries_for_5_and_for_50_rows(world, client_for, count_queries):
    # Queries: session, user, community, membership (middleware); residents, households, grids,
    # subgrids, compounds, buildings, units of the community (the importer's reads); the
    # communities of the user (the page's community switcher).
    client = client_for("staff")

    def token_for(n):
        rows = [person(f"居民{i}", 门牌号=str(100 + i), birth=date(1970, 1, 1 + i % 28)) for i in range(n)]
        return uploads.store(xlsx(rows), name=f"{n}.xlsx", community=world.a, user=world.users["staff"])

    small, large = token_for(5), token_for(50)
    assert count_queries(lambda: client.get(url("preview", token=small))) == 12
    assert count_queries(lambda: client.get(url("preview", token=large))) == 12


def test_the_job_page_names_the_person_and_says_when_nothing_new_was_needed(world, client_for):
    staff = world.users["staff"]
    staff.last_name, staff.first_name = "李", "红梅"
    staff.save()
    client = client_for("staff")
    for sheet in ([person()], [person("马建军", 与户主关系="子")]):  # the second finds every place made
        token = upload(client, xlsx(sheet))["Location"].rstrip("/").split("/")[-1]
        page = client.get(client.post(url("confirm", token=token))["Location"]).content.decode()
    assert "由 李红梅 提交" in page and "由 staff 提交" not in page
    assert "无需新建（表中的网格、小区、楼栋和单元均已存在）" in page
    assert "无网格" not in page
