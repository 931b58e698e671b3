"""Error pages under production settings (DEBUG off): Chinese, in the portal's layout, with a way back,
and never Django's English defaults or its list of URL patterns."""

import pytest
from django.test import Client, override_settings

ENGLISH_DEFAULTS = (
    "Page not found",
    "Using the URLconf",
    "Forbidden",
    "CSRF verification failed",
    "Server Error",
    "Traceback",
    "urlpatterns",
)


def _assert_chinese_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html
    assert 'data-testid="error-page"' in html
    assert "返回首页" in html
    for text in ENGLISH_DEFAULTS:
        assert text not in html, text
    return html


@pytest.fixture
def production():
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        yield


def test_a_missing_page_is_the_chinese_404_without_the_url_list(production, client_for):
    html = _assert_chinese_page(client_for("staff").get("/c/HLS/no-such-page/"), 404, "页面不存在")
    assert "c/&lt;slug:code&gt;" not in html and "residents/" not in html.split('data-testid="error-page"')[1]


def test_another_communitys_page_is_the_same_404(production, client_for):
    _assert_chinese_page(client_for("outsider").get("/c/HLS/residents/"), 404, "页面不存在")


def test_a_forbidden_page_is_the_chinese_403_naming_the_role(production, client_for):
    html = _assert_chinese_page(client_for("grid").get("/c/HLS/welfare/new/"), 403, "您没有权限进行此操作")
    assert "网格员" in html
    assert "返回社区概况" in html


def test_a_post_without_its_csrf_token_is_the_chinese_page(production, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["staff"])
    response = client.post(
        "/c/HLS/residents/households/new/",
        {"address": "x"},
        HTTP_REFERER="http://testserver/c/HLS/residents/households/new/",
    )
    html = _assert_chinese_page(response, 403, "页面已过期，本次提交未保存")
    assert "返回上一页" in html and 'href="http://testserver/c/HLS/residents/households/new/"' in html


def test_a_csrf_failure_never_links_back_to_another_site(production, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["staff"])
    response = client.post("/c/HLS/residents/households/new/", {}, HTTP_REFERER="https://evil.example/")
    html = _assert_chinese_page(response, 403, "页面已过期")
    assert "evil.example" not in html


@override_settings(ROOT_URLCONF="tests.community.error_urls")
def test_a_server_error_is_the_chinese_500(production, world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["staff"])
    html = _assert_chinese_page(client.get("/boom/"), 500, "系统出错，请稍后再试")
    assert "RuntimeError" not in html and "programming error" not in html
