"""Real-browser tests: Playwright's sync API driving Debian's chromium against live_server."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, username: str, password: str = "Tongxin@2026") -> None:
    """Sign in through the form; users who must pass the second factor (administrators, auditors, street
    offices) get a confirmed authenticator and type its current code, as a person would."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from community.models import User
    from community.two_factor import eligible

    user = User.objects.filter(username=username).first()
    device = None
    if user is not None and eligible(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="测试", confirmed=True
        )
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if device is not None and "/account/2fa/verify/" in page.url:
        device.refresh_from_db()
        device.throttle_reset()
        device.last_t = -1  # a code is accepted once; a test may sign in twice within one time step
        device.save()
        page.fill(
            "#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        )
        page.click("form:has(#id_token) button[type=submit]")  # not the header's 退出 button
        page.wait_for_load_state()


@pytest.fixture
def login(page):
    def do(username: str, password: str = "Tongxin@2026"):
        sign_in(page, username, password)

    return do
