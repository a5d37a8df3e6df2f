"""End-to-end fixtures: real Chromium (Debian's, /usr/bin/chromium) driven by Playwright
against pytest-django's live server, and an axe-core check.

axe-core is vendored (tests/e2e/vendor/axe.min.js, from the npm package axe-core 4.14.1,
MPL-2.0) so the tests need no network.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest

from yardstick.demo.people import second_factor_key

# Playwright's sync API runs an event loop in the test thread; the test still talks to the
# database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("YARDSTICK_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("YARDSTICK_SCREENSHOTS", "var/screenshots"))


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run `make test` (it installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def check_accessibility(page, name: str) -> None:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; fail listing violations.
    Saves a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.evaluate(AXE.read_text())  # not a <script> tag: the page's CSP would refuse it
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe-core found on {name}:\n" + "\n".join(violations)


def sign_in(page, live_server, username: str, password: str) -> None:
    """Sign in with the password and, for the performance team, the second factor: the
    demo's app key for a demo account, or set up an app (reading its key off the page) for
    an account that has none yet."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/setup/" in page.url:
        key = page.locator("#otp-key").inner_text().replace(" ", "")
        page.get_by_label("Code").fill(current_code(base64.b32decode(key + "=" * (-len(key) % 8))))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        page.get_by_role("link", name="I have kept my codes: continue").click()
    elif "/accounts/two-factor/" in page.url:
        key = bytes.fromhex(second_factor_key(username))
        for drift in (0, 1):  # an app's code works once: a second sign-in in the same
            page.get_by_label("Code").fill(current_code(key, drift))  # 30 s takes the next
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
            if "/accounts/two-factor/" not in page.url:
                break
            page.wait_for_timeout(1100)  # the wait after a wrong code
    page.wait_for_load_state()


def current_code(key: bytes, drift: int = 0) -> str:
    from django_otp.oath import totp

    return f"{totp(key, drift=drift):06d}"
