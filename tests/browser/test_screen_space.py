"""Issue 22 items 5 and 6 in real Chromium, on a phone (390 x 844) and a laptop (1280 x 800), in English and
Spanish: no empty screen after a summary on any surface (our own pages with JavaScript on and off, a partner's
page), the frame's real heights, and every button and tap target at least 44 px tall. Each test prints what it
measured (run with -s): docs/partners.md states these heights."""

from __future__ import annotations

import functools

import pytest

from chalicelib.authoring.paths import answer_sets
from tests.browser.test_experience import SCREENS, answer
from tests.browser.test_widget import FRAME_HEIGHT
from tests.browser.widget_host import snippet

SEED = "how-to-ask-for-a-second-opinion"
CATEGORY = "hospital-procedures-and-medical-anxiety"
BLANK_MAX = 200  # px of empty frame (or page) below a summary's last element
TAP_MIN = 44  # px: WCAG 2.5.5's target size

# The bottom of the lowest visible element of `root` (the document's body when null), in document coordinates.
LAST_BOTTOM = """(root) => {
  let bottom = 0;
  for (const node of (root || document.body).querySelectorAll('*')) {
    const box = node.getBoundingClientRect();
    if (box.width && box.height) bottom = Math.max(bottom, box.bottom + scrollY);
  }
  return bottom;
}"""


@functools.cache
def shortest(catalog, slug: str, locale: str) -> dict[str, dict]:
    """For each urgency, the answers whose summary has the fewest characters: the one most likely to leave space."""
    prepared = catalog.prepared(slug)
    found: dict[str, tuple[int, dict]] = {}
    for answers in answer_sets(prepared.assessment):
        raw = {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}
        summary = prepared.summarize(prepared.check(raw), locale)
        size = sum(len(item["text"]) for section in summary["sections"] for item in section["items"])
        if summary["urgency"] not in found or size < found[summary["urgency"]][0]:
            found[summary["urgency"]] = (size, raw)
    return {urgency: raw for urgency, (_, raw) in found.items()}


def in_order(catalog, slug: str, answers: dict) -> dict:
    """The answers in the order the questionnaire asks them (answer() walks them in its order)."""
    order = [q.id for q in catalog.prepared(slug).assessment.questions]
    return {q: answers[q] for q in order if q in answers}


def site_url(live_server: str, locale: str) -> str:
    return f"{live_server}{'/es' if locale == 'es' else ''}/assessments/{SEED}"


@pytest.mark.parametrize("urgency", ["emergency", "routine"])
@pytest.mark.parametrize("locale", ["en", "es"])
@pytest.mark.parametrize("surface", ["site", "site without javascript", "partner page"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_empty_screen_after_a_summary(browser, host, live_server, catalog, screen, surface, locale, urgency):
    answers = in_order(catalog, SEED, shortest(catalog, SEED, locale)[urgency])
    javascript = surface != "site without javascript"
    where = f"{screen} {surface} {locale} {urgency}"
    context = browser.new_context(viewport=SCREENS[screen], java_script_enabled=javascript)
    try:
        page = context.new_page()
        if surface == "partner page":
            tag = snippet(live_server, SEED, partner="demo", locale=locale, target="#slot")
            page.goto(host.page(f"/space-{locale}.html", f'<div id="slot"></div>{tag}'))
        else:
            page.goto(site_url(live_server, locale))
        scope = page.frame_locator("iframe") if javascript else page
        answer(scope, answers)
        scope.locator("#summary-title").wait_for()
        page.wait_for_timeout(300)  # the frame's last resize has landed
        if javascript:
            frame = page.locator("iframe").element_handle().content_frame()
            height = page.evaluate("document.querySelector('iframe').offsetHeight")
            last = frame.evaluate(LAST_BOTTOM, None)
            # The frame's view, scrolled to its end when its content is taller: what lies below the last element.
            blank = frame.evaluate("Math.max(document.documentElement.scrollHeight, innerHeight)") - last
            expected = page.evaluate(f"Math.min({FRAME_HEIGHT}, innerHeight)") if surface == "partner page" else last
            print(f"\n{where}: frame {height} px, content {last:.0f} px, blank {blank:.0f} px")
            assert abs(height - expected) <= 1, "a partner's frame has one height; ours, its content's"
        else:
            # Without JavaScript the summary is the page: what follows its last element is the page's next part.
            last = page.evaluate(LAST_BOTTOM, page.locator(".summary").element_handle())
            next_part = page.evaluate("document.querySelector('.after-summary').getBoundingClientRect().top + scrollY")
            blank = next_part - last
            print(f"\n{where}: blank {blank:.0f} px below the summary")
        assert blank <= BLANK_MAX
    finally:
        context.close()


# Every visible tap target under TAP_MIN px tall. A link inside a sentence is text (WCAG 2.5.8's inline
# exception); a link that stands alone (a breadcrumb, a list of links, a heading's) is a target. An option's
# target is its whole card (the label), a card title's link the whole card (it is stretched over it).
SMALL_TARGETS = """(min) => {
  const blockOf = (node) => node.parentElement.closest('p, li, h1, h2, h3, h4, dd, td, div, nav, section, footer');
  const inSentence = (link) => {
    const block = blockOf(link);
    return block && block.textContent.replace(/\\s+/g, ' ').trim() !== link.textContent.replace(/\\s+/g, ' ').trim();
  };
  const found = [];
  for (const node of document.querySelectorAll('button, a[href], label.option, input:not([type=hidden])')) {
    if (!node.getClientRects().length || getComputedStyle(node).visibility === 'hidden') continue;
    if (node.matches('label.option input') || (node.matches('a') && inSentence(node))) continue;
    const target = node.closest('.card') || node;
    const height = target.getBoundingClientRect().height;
    const name = `${node.tagName.toLowerCase()} "${node.textContent.trim().slice(0, 40)}"`;
    if (height < min) found.push(`${name}: ${Math.round(height)} px`);
  }
  return found;
}"""


def small_targets(scope) -> list[str]:
    return scope.evaluate(SMALL_TARGETS, TAP_MIN)


def smallest_target(scope) -> float:
    return scope.evaluate(
        "() => Math.min(...[...document.querySelectorAll('button, label.option, .button, .call')]"
        ".filter((n) => n.getClientRects().length).map((n) => n.getBoundingClientRect().height))"
    )


@pytest.mark.parametrize("locale", ["en", "es"])
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_every_button_and_tap_target_is_at_least_44px_tall(browser, live_server, catalog, javascript, locale):
    context = browser.new_context(viewport=SCREENS["phone"], java_script_enabled=javascript)
    prefix = "/es" if locale == "es" else ""
    found: dict[str, list[str]] = {}
    smallest = []
    try:
        page = context.new_page()
        for path in ["/", f"/categories/{CATEGORY}", "/topics/second-opinion-questions", "/no-such-page"]:
            page.goto(live_server + prefix + path)
            found[path] = small_targets(page)
        page.goto(site_url(live_server, locale))
        scope = page.frame_locator("iframe") if javascript else page
        scope.locator(".option").first.wait_for()
        frame = page.locator("iframe").element_handle().content_frame() if javascript else page
        found["first question"] = small_targets(page) + (small_targets(frame) if javascript else [])
        routine = in_order(catalog, SEED, shortest(catalog, SEED, locale)["routine"])
        first, *rest = routine.items()
        answer(scope, dict([first]))
        scope.locator('input[name="red-flags"]').first.wait_for()
        found["a later question"] = small_targets(frame)
        smallest.append(smallest_target(frame))
        answer(scope, dict(rest))
        scope.locator("#summary-title").wait_for()
        found["summary"] = small_targets(page) + (small_targets(frame) if javascript else [])
        smallest.append(smallest_target(frame))
    finally:
        context.close()
    print(f"\nsmallest button or option: {min(smallest):.0f} px")
    assert {where: targets for where, targets in found.items() if targets} == {}
