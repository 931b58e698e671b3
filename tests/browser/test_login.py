import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_their_community_on_the_overview(world, page, login):
    login("staff")
    assert page.url.endswith("/c/HLS/")
    assert page.get_by_test_id("community-name").inner_text() == "华林山社区"
    assert "华林山社区" in page.locator("h1").inner_text()


def test_a_wrong_password_is_refused_in_chinese(world, page, login):
    login("staff", "wrong-password")
    assert "/login/" in page.url
    assert "用户名或密码不正确" in page.content()
