"""Finding 7 (Medium): full ID numbers landed in access logs — the resident search was a GET form, so
``?q=<ID>`` was in gunicorn's and nginx's logs. The search is posted; an ID or phone number is kept in the
session under a random token, and both access-log formats leave query strings (and Referers) out."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from community.models import AuditLog
from tests.factories import HouseholdFactory, ResidentFactory

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def test_finding_7_an_id_search_is_posted_and_never_appears_in_a_url(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    client = client_for("staff")
    url = reverse("residents:list", kwargs={"code": "HLS"})
    response = client.post(url, {"q": person.id_number, "status": "active"})
    location = response["Location"]
    assert response.status_code == 302 and person.id_number not in location and "sq=" in location
    page = client.get(location)
    assert [r.name for r in page.context["page"]] == ["马强"]
    assert person.id_number not in "".join(link["url"] for link in page.context["sort_links"].values())
    assert AuditLog.objects.get(action="resident.search_id").data == {"length": 18}
    # the tail of a number and a phone number are kept out of URLs too; a name stays (bookmarkable)
    assert "sq=" in client.post(url, {"q": person.id_number[-4:]})["Location"]
    assert "q=%E9%A9%AC" in client.post(url, {"q": "马"})["Location"]


def test_finding_7_a_search_token_of_another_session_finds_nothing(world, client_for):
    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强")
    url = reverse("residents:list", kwargs={"code": "HLS"})
    location = client_for("staff").post(url, {"q": person.id_number})["Location"]
    other = client_for("secretary")
    page = other.get(location)
    assert "搜索条件已过期" in page.content.decode()


def test_finding_7_the_ledger_search_is_posted_too(world, client_for):
    url = reverse("residents:ledger", kwargs={"code": "HLS", "key": "residents"})
    response = client_for("staff").post(url, {"q": "620103198001020011"})
    assert response.status_code == 302 and "6201031980" not in response["Location"]


def test_finding_7_the_gunicorn_access_log_has_no_query_string_or_referer():
    config = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8"), config)  # noqa: S102 - our own file
    fmt = config["access_log_format"]
    assert "%(U)s" in fmt and not re.search(r"%\((r|q|f|u)\)s", fmt.replace("%(u)s", ""))
    assert "gunicorn.conf.py" in (DEPLOY / "tongxin.service").read_text(encoding="utf-8")


def test_finding_7_the_nginx_access_log_has_no_query_string_or_referer():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    fmt = re.search(r"log_format tongxin_redacted (.*?);", conf, re.S).group(1)
    for variable in ("$request ", "$request_uri", "$args", "$query_string", "$http_referer", '$request"'):
        assert variable not in fmt
    assert "$uri" in fmt and "access_log /var/log/nginx/tongxin.access.log tongxin_redacted;" in conf


def test_finding_7_an_export_of_an_id_search_follows_the_page_without_the_number_in_its_link(
    world, client_for
):
    import io

    import openpyxl

    person = ResidentFactory(household=HouseholdFactory(community=world.a), name="马强", ethnicity="03")
    ResidentFactory(household=HouseholdFactory(community=world.a), name="马丽", ethnicity="03")
    client = client_for("staff")
    url = reverse("residents:ledger", kwargs={"code": "HLS", "key": "minority"})
    page = client.get(client.post(url, {"q": person.id_number})["Location"])
    export_url = page.context["export_url"]
    assert person.id_number not in export_url and "sq=" in export_url
    ws = openpyxl.load_workbook(io.BytesIO(client.get(export_url).content)).active
    names = {c.value for row in ws.iter_rows() for c in row} & {"马强", "马丽"}
    assert names == {"马强"}
    row = AuditLog.objects.get(action="ledger.export")
    assert person.id_number not in str(row.data) and person.id_number[-6:] not in str(row.data)
