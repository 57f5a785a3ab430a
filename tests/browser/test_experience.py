"""Issue 13's done-when checks, in real Chromium on a phone (390 x 844) and a laptop (1280 x 800): the first
question on the first screen, a summary that leads, no content version for parents, the icon, axe, no layout
shift, and a partner page that learns why its frame did not show. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.widget_host import snippet

SEED = "how-to-ask-for-a-second-opinion"
LANDING = f"/assessments/{SEED}"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "experience"
SCREENS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
ROUTINE = {"reason": "want-specialist", "red-flags": ["none"], "right-now": "not-worse", "treatment": "started",
           "comfort": "comfortable", "needs": ["none"], "age": "young-child", "ready": "need-facts"}  # fmt: skip
# Layout shifts as the page loads, summed the way CLS counts them (shifts right after input do not count).
CLS = """window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({ type: 'layout-shift', buffered: true });"""


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request):
    return request.param


def new_page(browser, screen: str, javascript: bool = True, **options):
    context = browser.new_context(viewport=SCREENS[screen], java_script_enabled=javascript, **options)
    context.add_init_script(CLS)
    return context, context.new_page()


def shoot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def answer(scope, answers: dict) -> None:
    """Answer in the page or the frame by option value, pressing the form's main button after each question."""
    for question, value in answers.items():
        scope.locator(f'input[name="{question}"]').first.wait_for()
        for option in [value] if isinstance(value, str) else value:
            scope.locator(f'label.option:has(input[name="{question}"][value="{option}"])').click()
        scope.locator("#next").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_the_first_options_start_on_the_first_screen_and_the_frame_does_not_repeat_the_title(
    browser, live_server, screen, javascript
):
    context, page = new_page(browser, screen, javascript)
    try:
        page.goto(live_server + LANDING)
        scope = page.frame_locator("#questionnaire iframe") if javascript else page
        first = scope.locator(".option").first
        first.wait_for()
        box = first.bounding_box()  # in the page's viewport, also inside the frame
        shoot(page, f"assessment-{screen}-{'js' if javascript else 'nojs'}")
        assert box["y"] + box["height"] <= SCREENS[screen]["height"], f"the first option ends at y={box['y']:.0f}"
        if javascript:
            frame = page.locator("#questionnaire iframe").element_handle().content_frame()
            assert frame.locator("h1").is_hidden() and frame.locator("#intro").is_hidden(), "shown by the page"
        badges = page.locator(".promise li")
        assert len({round(b["y"]) for b in (badges.nth(i).bounding_box() for i in range(badges.count()))}) == 1
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        assert crumbs.bounding_box()["height"] < 40, "the breadcrumb takes one line"
    finally:
        context.close()


def test_a_summary_leads_with_its_plan_and_quotes_the_words_to_say(browser, live_server, screen):
    # The core hands the sections over in reading order (tests/unit/test_engine.py); the widget draws them so.
    context, page = new_page(browser, screen, permissions=["clipboard-read", "clipboard-write"])
    try:
        page.goto(live_server + LANDING)
        frame = page.frame_locator("#questionnaire iframe")
        answer(frame, ROUTINE)
        frame.locator("#summary-title").wait_for()
        sections = frame.locator("#summary .summary-section")
        titles = sections.locator(".section-title").all_inner_texts()
        assert titles[0] == "Your plan" and sections.first.get_attribute("class").endswith("role-plan")
        assert len(titles) == len(set(titles)), "no section twice"
        script = frame.locator(".role-script")
        assert script.locator("blockquote").count() >= 1
        quotes = script.locator("blockquote").all_inner_texts()
        assert any("“" in q for q in quotes) and not any('"' in q for q in quotes), "typographic quotes"
        script.get_by_role("button", name="Copy these words").click()
        frame.get_by_text("Copied.").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == "\n".join(
            script.locator("blockquote").all_inner_texts()
        )
        shoot(page, f"widget-summary-{screen}", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_buttons_say_what_they_do_and_no_content_version_shows(browser, live_server, catalog, javascript):
    context, page = new_page(browser, "phone", javascript)
    try:
        if javascript:
            page.route("**/widget.js", lambda route: route.abort())  # the site's own form, with its scripts
        page.goto(live_server + LANDING)
        page.locator('label.option:has(input[value="want-specialist"])').click()
        page.locator("#next").click()
        main = page.locator("#next")
        page.locator('label.option:has(input[value="none"])').click()
        assert main.inner_text() == "Next"
        page.locator('label.option:has(input[value="none"])').click()  # unpicked: a red flag is picked alone
        page.locator('label.option:has(input[value="breathing"])').click()
        assert main.inner_text() == "See what to do now"
        assert page.get_by_role("button", name="See what to do now").is_visible()
        main.click()
        page.locator("#summary-title").wait_for()
        shoot(page, f"site-summary-emergency-{'js' if javascript else 'nojs'}", full_page=True)
        text = page.locator("body").inner_text()
        assert "Content version" not in text and catalog.version not in text
        assert page.locator('meta[name="content-version"]').get_attribute("content") == catalog.version
        assert page.locator(".summary-section").first.get_attribute("class").endswith("role-urgent")

        page.goto(live_server + LANDING)
        answer(page, {k: v for k, v in ROUTINE.items() if k != "ready"})
        page.locator('input[name="ready"]').first.wait_for()
        page.wait_for_load_state()
        assert main.inner_text() == "See my summary", "the last step's button"
    finally:
        context.close()


def test_the_widget_shows_no_content_version_and_our_own_icon_answers(browser, live_server, catalog):
    context, page = new_page(browser, "phone")
    try:
        page.goto(live_server + "/")
        for path in ("/favicon.ico", page.locator("link[rel=icon]").get_attribute("href")):
            response = page.request.get(live_server + path)
            assert response.status == 200 and response.headers["content-type"] == "image/svg+xml", path
        page.goto(live_server + LANDING)
        frame = page.frame_locator("#questionnaire iframe")
        answer(frame, ROUTINE)
        frame.locator("#summary-title").wait_for()
        text = frame.locator("body").inner_text()
        assert "Content version" not in text and catalog.version not in text
        assert frame.locator('meta[name="content-version"]').get_attribute("content") == catalog.version
    finally:
        context.close()


def test_axe_finds_nothing_and_nothing_shifts_as_pages_load(browser, live_server, screen):
    context, page = new_page(browser, screen)
    found, shifts = {}, {}
    try:
        for path in ["/", "/topics/second-opinion-questions", LANDING, "/no-such-page"]:
            page.goto(live_server + path)
            if path == LANDING:
                page.frame_locator("#questionnaire iframe").locator(".option").first.wait_for()
            page.wait_for_timeout(300)
            shifts[path] = page.evaluate("window.__cls")
            results = Axe().run(page, options=WCAG_22_AA)
            found[path] = [f"{v['id']} ({len(v['nodes'])})" for v in results.response["violations"]]
            shoot(page, f"page{path.replace('/', '_')}-{screen}", full_page=True)
    finally:
        context.close()
    assert {path: v for path, v in found.items() if v} == {}
    assert {path: s for path, s in shifts.items() if s > 0.01} == {}, "CLS above 0.01"


def test_the_404_page_suggests_where_to_go(browser, live_server):
    context, page = new_page(browser, "phone")
    try:
        response = page.goto(live_server + "/no-such-page")
        assert response.status == 404
        assert page.locator(".suggestions .card").count() >= 1
        card = page.locator(".suggestions .card").first
        box = card.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] - 8)  # a corner, not the title
        page.wait_for_url(re.compile("/assessments/"))
        assert page.get_by_role("link", name="Browse", exact=True).is_visible()
    finally:
        context.close()


def test_an_unregistered_origin_gets_frame_blocked_a_console_line_and_a_link(browser, host, live_server):
    context, page = new_page(browser, "laptop")
    try:
        url = host.page("/blocked.html", snippet(live_server, SEED, partner="demo"))
        lines = []
        page.on("console", lambda m: lines.append(m.text) if "[assessment-library]" in m.text else None)
        started = time.monotonic()
        page.goto(url.replace("//localhost:", "//unregistered.localhost:"))
        page.wait_for_function("events.some((e) => e.type === 'error')", timeout=10_000)
        assert time.monotonic() - started < 10
        assert page.evaluate("events") == [{"type": "error", "detail": {"code": "frame-blocked"}}]
        origin = url.split("/blocked.html")[0].replace("//localhost:", "//unregistered.localhost:")
        assert len(lines) == 1 and lines[0].startswith("[assessment-library] frame-blocked: " + origin)
        assert page.locator("iframe").count() == 0
        link = page.get_by_role("link", name="Open the questionnaire")
        assert link.get_attribute("href") == f"{live_server}{LANDING}"
    finally:
        context.close()


def test_a_hostile_host_stylesheet_cannot_hide_or_squash_the_frame(browser, host, live_server):
    context, page = new_page(browser, "phone")
    try:
        hostile = "iframe { max-height: 0 !important; visibility: hidden !important; opacity: 0 !important }"
        host.add("/hostile.css", hostile, "text/css")
        tag = snippet(live_server, SEED, partner="demo")
        page.goto(host.page("/hostile.html", tag, head='<link rel="stylesheet" href="/hostile.css">'))
        page.wait_for_function("events.some((e) => e.type === 'ready')")
        frame = page.locator("iframe")
        assert frame.is_visible()
        assert frame.bounding_box()["height"] > 200
        assert frame.evaluate("f => getComputedStyle(f).visibility") == "visible"
        frame.element_handle().content_frame().locator(".option").first.click()  # clickable, so really shown
        shoot(page, "hostile-host-phone")
    finally:
        context.close()
