"""The office's 流动人口登记表 through the residents' import: same reader, preview, refusals, all or nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLog
from residents.floating.importer import floating_import, parse_origin
from residents.floating.models import FloatingResident
from residents.models import Resident, TransferJob
from residents.transfer import uploads
from residents.transfer.columns import Refusal
from residents.transfer.reader import FileRefused
from tests.transfer.helpers import person, write, xlsx

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "身份证号",
    "联系电话",
    "网格",
    "小区",
    "楼栋",
    "单元",
    "门牌号",
    "与户主关系",
    "户籍地",
    "来此日期",
    "来此事由",
    "居住证号码",
    "居住证有效期至",
    "工作单位",
    "住所类型",
    "房东姓名",
    "房东电话",
]


def arrival(name="马建国", sex="M", **overrides):
    row = person(name, sex=sex, **{"户籍类型": None})
    row["身份证号"] = row.pop("公民身份号码")
    row.update(
        {
            "户籍地": "甘肃省临夏回族自治州",
            "来此日期": date(2025, 3, 1),
            "来此事由": "务工",
            "居住证号码": "",
            "工作单位": "清真餐厅",
            "住所类型": "租房",
            "房东姓名": "王房东",
            "房东电话": "13800001111",
        }
    )
    row.update(overrides)
    return row


def sheet(rows):
    return xlsx(rows, HEADERS, title="华林山社区流动人口登记表")


pytestmark = pytest.mark.usefixtures("private_root")


def test_a_sheet_under_a_title_row_registers_people_and_their_stays(world, tmp_path):
    path = write(tmp_path, sheet([arrival(), arrival("马小兰", "F", 与户主关系="女", 户籍地="临夏州")]))
    result = floating_import(community=world.a, path=path, actor=world.users["staff"])
    # "临夏州" is no name in the table: the row is refused with its reason, never guessed
    assert len(result.refused) == 1 and "无法识别的户籍地“临夏州”" in result.refused[0].reason_text
    assert not result.written and not Resident.objects.exists()  # all or nothing
    path = write(tmp_path, sheet([arrival(), arrival("马小兰", "F", 与户主关系="女", 户籍地="622900")]))
    result = floating_import(community=world.a, path=path, actor=world.users["staff"])
    assert result.written and (result.new, result.stays_new) == (2, 2)
    stays = FloatingResident.objects.select_related("resident").order_by("resident__name_pinyin")
    assert [(s.resident.name, s.origin, s.origin_province, s.reason, s.housing) for s in stays] == [
        ("马建国", "622900", "620000", "work", "rented"),
        ("马小兰", "622900", "620000", "work", "rented"),
    ]
    assert {s.resident.residence_type for s in stays} == {"floating"}
    assert stays[0].history.get().history_change_reason.startswith("Excel导入")
    assert AuditLog.objects.get(action="floating.import").data["stays_new"] == 2


def test_importing_the_same_sheet_again_changes_nothing(world, tmp_path):
    path = write(tmp_path, sheet([arrival()]))
    floating_import(community=world.a, path=path)
    again = floating_import(community=world.a, path=path)
    assert (again.new, again.unchanged, again.stays_new, again.stays_existing) == (0, 1, 0, 1)
    assert FloatingResident.objects.count() == 1


def test_a_row_whose_person_already_has_another_open_stay_is_refused(world, tmp_path):
    row = arrival()
    floating_import(community=world.a, path=write(tmp_path, sheet([row])))
    path = write(tmp_path, sheet([{**row, "来此日期": date(2025, 5, 1)}]))
    result = floating_import(community=world.a, path=path)
    assert "已有未离开的流动人口登记" in result.refused[0].reason_text and not result.written


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"来此日期": None}, "请填写来此日期"),
        ({"来此日期": date(2999, 1, 1)}, "不能晚于今天"),
        ({"来此事由": "旅游"}, "无法识别的事由"),
        ({"户籍地": ""}, "请填写户籍地"),
        ({"房东电话": "一二三"}, "联系电话格式不正确"),
    ],
)
def test_bad_stay_cells_are_refused_with_a_reason(world, tmp_path, overrides, reason):
    result = floating_import(
        community=world.a, path=write(tmp_path, sheet([arrival(**overrides)])), dry_run=True
    )
    assert len(result.refused) == 1 and reason in result.refused[0].reason_text


def test_a_residents_sheet_is_not_taken_for_a_floating_one(world, tmp_path):
    with pytest.raises(FileRefused, match="表头缺少“来此日期”“户籍地”列"):
        floating_import(community=world.a, path=write(tmp_path, xlsx([person()])))


def test_origins_are_read_as_people_write_them():
    assert parse_origin("甘肃省临夏回族自治州") == parse_origin("临夏回族自治州") == "622900"
    assert parse_origin("甘肃") == parse_origin("甘肃省") == "620000"
    assert parse_origin("兰州") == parse_origin("620102") == "620100"  # a district's code: its city
    with pytest.raises(Refusal, match="有重名"):
        parse_origin("吉林")  # 吉林省 or 吉林市


def test_the_upload_page_offers_the_floating_sheet_and_previews_its_stays(world, client_for):
    client = client_for("staff")
    content = sheet([arrival()])
    response = client.post(
        reverse("transfer:upload", kwargs={"code": "HLS"}),
        {"file": SimpleUploadedFile("流动人口.xlsx", content), "register": "floating"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "流动人口登记：新增 1 条" in page and 'data-testid="count-new">1<' in page
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("transfer:confirm", kwargs={"code": "HLS", "token": token}))
    assert FloatingResident.objects.get().resident.name == "马建国"


def test_a_floating_import_retried_after_an_interruption_is_imported_as_the_floating_register(
    world, client_for
):
    """The retry keeps the register: the 流动人口登记表 is not imported again as a residents' sheet."""
    token = uploads.store(
        sheet([arrival()]),
        name="流动人口.xlsx",
        community=world.a,
        user=world.users["staff"],
        register="floating",
    )
    job = TransferJob.objects.create(
        community=world.a,
        kind="import",
        status="running",
        created_by=world.users["staff"],
        params={
            "token": token,
            "source": "流动人口.xlsx",
            "skip_invalid": False,
            "restricted_allowed": True,
            "register": "floating",
        },
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    client = client_for("staff")
    client.get(reverse("transfer:job", kwargs={"code": "HLS", "pk": job.pk}))  # marks it failed (stale)
    client.post(reverse("transfer:job_retry", kwargs={"code": "HLS", "pk": job.pk}))
    retried = TransferJob.objects.exclude(pk=job.pk).get()
    assert retried.params.get("register") == "floating" and retried.status == "done"
    assert FloatingResident.objects.filter(resident__name="马建国").count() == 1
