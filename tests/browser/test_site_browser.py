"""The library site in real Chromium: browsing, the questionnaire with and without JavaScript, print, axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from app import app
from chalicelib.core.content import pick
from chalicelib.web import words
from chalicelib.web.words import typographic

SEED = "how-to-ask-for-a-second-opinion"
LANDING = f"/assessments/{SEED}"
BROWSE = ["/", "/categories/hospital-procedures-and-medical-anxiety", "/topics/second-opinion-questions", LANDING]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
WIDGET_ON_MAIN = any(path == "/widget.js" for path in app.routes)

# The longest summary any path of the seed gives (1,594 characters in 15 items, found by walking every answer
# set; too slow to repeat here): the print budget is checked on it.
LONGEST = {
    "reason": "major-treatment",
    "red-flags": ["none"],
    "right-now": "not-worse",
    "treatment": "not-helping",
    "comfort": "worried-offending",
    "needs": ["records", "referral", "insurance"],
    "age": "teen",
    "ready": "torn",
}
SHORT = {"reason": "want-specialist", "red-flags": ["breathing"]}


@pytest.fixture(scope="module")
def seed(catalog):
    return catalog.assessment(SEED)


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def said(locale: str, message: str) -> str:
    """A word of the interface as a page in `locale` shows it; for a message with a placeholder, what comes before."""
    return typographic(words.gettext(locale, message)).split("%(")[0]


def labels(assessment, answers: dict, locale: str = "en") -> dict[str, list[str]]:
    """Question id -> the option labels a parent would click for `answers` (as shown: typographic quotes)."""
    found = {}
    for question in assessment.questions:
        if question.id in answers:
            picked = answers[question.id]
            picked = [picked] if isinstance(picked, str) else picked
            found[question.id] = [typographic(pick(o.label, locale)) for o in question.options if o.id in picked]
    return found


def answer_form(page, assessment, answers: dict, locale: str = "en") -> None:
    """Answer the no-JS form one step at a time by label, pressing its main button (Next, See my summary, or
    See what to do now, in the page's language), until the summary shows."""
    by_question = labels(assessment, answers, locale)
    buttons = "|".join(re.escape(said(locale, name)) for name in ("Next", "See my summary", "See what to do now"))
    for _ in range(len(assessment.questions)):
        current = page.locator("#questionnaire input[name=current]").get_attribute("value")
        for label in by_question[current]:
            page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name=re.compile(f"^({buttons})$")).click()
        assert not page.title().startswith(said(locale, "Error: %(title)s")), f"question {current} was not accepted"
        if page.title().startswith(said(locale, "Your summary: %(title)s")):
            return
    raise AssertionError("the questionnaire never ended")


def summary_items(scope) -> list[str]:
    """Every summary item, in order, from a page or frame (the checklist repeats items, so leave it out)."""
    return [" ".join(t.split()) for t in scope.locator(".summary-section li").all_inner_texts()]


def api_items(page, base: str, answers: dict, locale: str = "en") -> list[str]:
    """The API summary's items in the order pages show them: the urgent and plan sections first."""
    body = {"answers": answers, "locale": locale}
    response = page.request.post(f"{base}/v1/assessments/{SEED}/responses", data=body)
    sections = sorted(response.json()["sections"], key=lambda s: {"urgent": 0, "plan": 1}.get(s["role"], 2))
    return [item["text"] for section in sections for item in section["items"]]


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]]


def test_browse_from_the_library_to_an_assessment(page, live_server, seed):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Hospital, Procedures & Medical Anxiety").click()
    assert page.get_by_role("heading", level=1).inner_text() == "More in Hospital, Procedures & Medical Anxiety"
    page.get_by_role("link", name="Second Opinion Questions").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "More in Second Opinion Questions"
    page.get_by_role("link", name=seed.title["en"]).click()
    assert page.url == live_server + LANDING
    assert page.get_by_role("heading", level=1).inner_text() == seed.title["en"]
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="The Assessment Library").click()
    assert page.url == live_server + "/"


def test_completing_with_javascript_off_gives_the_api_summary_and_prints_on_two_pages(no_js_page, live_server, seed):
    page = no_js_page
    page.goto(live_server + LANDING)
    answer_form(page, seed, LONGEST)
    assert "?" not in page.url and page.url.endswith("/questionnaire"), "answers never ride in the URL"
    assert summary_items(page) == api_items(page, live_server, LONGEST)
    # "What to bring" is itself the printable checklist now (it used to be repeated under its own heading).
    assert page.locator(".checklist").get_by_text("Bring this to the appointment").is_visible()
    assert page.locator("[data-print]").is_hidden(), "the print button needs JavaScript, so it stays hidden"

    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-summary-print.png"), full_page=True)
    assert page.locator(".site-header").is_hidden() and page.locator(".site-footer").is_hidden()
    assert page.locator(".checklist").is_visible()
    pdf = page.pdf(format="Letter")
    (ARTIFACTS / "site-summary.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the longest summary prints on {pages} pages"


def test_going_back_and_fixing_a_missing_answer_without_javascript(no_js_page, live_server, seed):
    page = no_js_page
    page.goto(live_server + LANDING)
    page.get_by_role("button", name="Next").click()
    assert page.title().startswith("Error:")
    assert page.get_by_text("Please pick an answer to go on.").is_visible()
    page.get_by_label(labels(seed, SHORT)["reason"][0], exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Back").click()
    assert page.get_by_label(labels(seed, SHORT)["reason"][0], exact=True).is_checked()


def test_the_print_button_prints_when_javascript_runs(page, live_server, seed):
    page.route("**/widget.js", lambda route: route.abort())  # the widget failing to load leaves the form working
    page.goto(live_server + LANDING)
    answer_form(page, seed, LONGEST)
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print or save as PDF").click()
    assert page.locator("body").get_attribute("data-printed") == "yes"
    assert page.locator(".no-script-hint").is_hidden()


def test_an_emergency_summary_shows_only_what_helps_now(page, live_server, seed):
    page.route("**/widget.js", lambda route: route.abort())
    page.goto(live_server + LANDING)
    answer_form(page, seed, SHORT)
    page.locator(".banner.urgent").wait_for()
    assert page.get_by_role("button", name="Print or save as PDF").count() == 0
    assert page.locator(".print-lead, .no-script-hint").count() == 0
    assert page.get_by_role("button", name="Copy as text").is_visible()


def test_copy_as_text_on_the_summary_page_copies_every_section(browser, live_server, seed, catalog):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.route("**/widget.js", lambda route: route.abort())
        page.goto(live_server + LANDING)
        answer_form(page, seed, SHORT)
        page.get_by_role("button", name="Copy as text").click()
        page.get_by_text("Copied.").wait_for()
        text = page.evaluate("navigator.clipboard.readText()")
        assert text.startswith(f"{seed.title['en']}\n\nGet care now\n- ")  # the core's text, as the widget copies it
        assert text.endswith("\n\n" + typographic(catalog.library.disclaimer["en"]))
    finally:
        context.close()


def widget_summary(frame) -> list[tuple[str, list[str]]]:
    """(section title, items) as the widget shows them in its frame."""
    parts = frame.locator("#summary section")
    return [
        (part.locator("h3").inner_text(), [" ".join(t.split()) for t in part.locator("li").all_inner_texts()])
        for part in parts.all()
    ]


def page_summary(page) -> list[tuple[str, list[str]]]:
    parts = page.locator(".summary-section")
    return [
        (part.locator("h2").inner_text(), [" ".join(t.split()) for t in part.locator("li").all_inner_texts()])
        for part in parts.all()
    ]


@pytest.mark.skipif(not WIDGET_ON_MAIN, reason="the embeddable widget (/widget.js) is not on this branch yet")
def test_completing_with_javascript_on_and_off_gives_the_same_summary(page, no_js_page, live_server, seed):
    no_js_page.goto(live_server + LANDING)
    answer_form(no_js_page, seed, LONGEST)
    without_js = page_summary(no_js_page)

    page.goto(live_server + LANDING)
    frame = page.frame_locator(f"#questionnaire iframe[src*='/embed/{SEED}']")
    by_question = labels(seed, LONGEST)
    for question in seed.questions:
        if question.id in LONGEST:
            for label in by_question[question.id]:
                frame.get_by_label(label, exact=True).check()
            frame.locator("#next").click()
    frame.get_by_role("heading", name="Your summary").wait_for()
    assert without_js and widget_summary(frame) == without_js


@pytest.mark.parametrize("locale", ["en", "es"], ids=["English", "Spanish"])
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_axe_finds_no_wcag_21_aa_violation_on_any_page(browser, live_server, seed, javascript, locale):
    # axe itself needs JavaScript, and a context with it disabled never runs axe's timers; so "off" is a page
    # whose own scripts are refused, which renders exactly what a browser without JavaScript shows.
    prefix = "" if locale == "en" else f"/{locale}"
    context = browser.new_context()
    if not javascript:
        context.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
    page = context.new_page()
    found = {}
    for path in BROWSE:
        page.goto(live_server + prefix + path)
        assert page.locator("html").get_attribute("lang") == locale
        found[path] = axe_violations(page)
    page.goto(live_server + prefix + "/no-such-page")
    found["404"] = axe_violations(page)
    page.route("**/widget.js", lambda route: route.abort())  # reach the form's own pages with JavaScript on too
    page.goto(live_server + prefix + LANDING)
    page.get_by_role("button", name=said(locale, "Next")).click()
    found["step with an error"] = axe_violations(page)
    page.goto(live_server + prefix + LANDING)
    answer_form(page, seed, SHORT, locale)
    found["summary (emergency)"] = axe_violations(page)
    page.goto(live_server + prefix + LANDING)
    answer_form(page, seed, LONGEST, locale)
    found["summary"] = axe_violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_walking_in_spanish_without_javascript_reaches_the_apis_spanish_summary_and_prints_it(
    no_js_page, live_server, seed, catalog
):
    page = no_js_page
    page.goto(live_server + "/es/")
    place = catalog.placement(SEED)
    page.get_by_role("link", name=pick(place.category.title, "es"), exact=True).first.click()
    page.get_by_role("link", name=pick(place.topic.title, "es"), exact=True).first.click()
    page.get_by_role("link", name=pick(seed.title, "es"), exact=True).first.click()
    assert page.url == live_server + "/es" + LANDING
    assert page.locator("html").get_attribute("lang") == "es"
    answer_form(page, seed, LONGEST, "es")
    assert page.url == live_server + f"/es{LANDING}/questionnaire", "answers never ride in the URL"
    assert summary_items(page) == api_items(page, live_server, LONGEST, "es")
    assert (
        page.locator(".checklist")
        .get_by_text(said("es", "Bring this to the appointment, with this summary printed or saved on your phone:"))
        .is_visible()
    )
    assert page.get_by_text("Traducción aún no revisada por un clínico.").is_visible()

    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".site-footer").is_hidden()
    assert page.locator(".summary-notes").get_by_text("Traducción aún no revisada por un clínico.").is_visible()
    pdf = page.pdf(format="Letter")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "site-summary-es.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the longest summary prints on {pages} pages in Spanish"


def test_the_language_switch_leads_to_the_same_page_in_the_other_language_and_back(page, live_server):
    page.route("**/widget.js", lambda route: route.abort())
    page.goto(live_server + "/topics/second-opinion-questions")
    switch = page.get_by_role("navigation", name="Language")
    switch.get_by_role("link", name="Español").click()
    assert page.url == live_server + "/es/topics/second-opinion-questions"
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    assert page.url == live_server + "/topics/second-opinion-questions"


@pytest.mark.parametrize("locale", ["en", "es"], ids=["English", "Spanish"])
@pytest.mark.parametrize("width", [320, 640], ids=["320px wide", "1280px at 200% zoom"])
def test_every_page_reflows_without_sideways_scrolling_and_keeps_a_visible_skip_link(
    browser, live_server, seed, width, locale
):
    prefix = "" if locale == "en" else f"/{locale}"
    context = browser.new_context(viewport={"width": width, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    overflowing = []
    for path in BROWSE:
        page.goto(live_server + prefix + path)
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            overflowing.append(path)
    if width == 320:
        page.goto(live_server + prefix + "/")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"site-home-{locale}-320.png"))
    page.goto(live_server + prefix + LANDING)
    answer_form(page, seed, LONGEST, locale)
    if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
        overflowing.append("summary")
    assert overflowing == []
    page.goto(live_server + prefix + LANDING)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=said(locale, "Skip to main content"))
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0, "the focused skip link is on screen"
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") == "solid", "focus is visible"
    context.close()
