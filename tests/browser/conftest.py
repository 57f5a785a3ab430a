"""Real Chromium (Debian's package) driven by Playwright, against the real app served on loopback."""

from __future__ import annotations

import os
import shutil
import threading

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session: the system one, else Playwright's own if it has one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = shutil.which("chromium")
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        except Exception as error:  # no browser at all on this machine; CI must always have one
            if os.environ.get("CI"):
                raise
            pytest.skip(f"no Chromium to drive: {type(error).__name__}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def live_server():
    """The app on an ephemeral loopback port (content from content/), as `make run` serves it."""
    from app import app
    from chalicelib.authoring.localrun import make_server

    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server.server_address[1]}"
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(scope="module")
def host():
    """A partner's site on a second loopback origin (localhost:PORT) for widget tests."""
    from tests.browser.widget_host import HostServer

    server = HostServer()
    yield server
    server.close()


@pytest.fixture
def context(browser):
    """A fresh browser context that records CSP violations inside every frame."""
    from tests.browser.widget_host import FRAME_VIOLATIONS

    context = browser.new_context()
    context.add_init_script(FRAME_VIOLATIONS)
    yield context
    context.close()
