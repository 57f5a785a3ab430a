"""Issues 14 and 26: what a host page can observe of the widget is the same whatever the parent answers.

A host page records everything it can see: the widget's CustomEvents (order and payloads), every message the
frame posts to it, every height the frame takes in its layout, and every scroll of its own page (how many, and
where it ends). The traces of an emergency path, a call-today path (a `soon` one while the content has no
call-today urgency) and a routine path are identical. The paths are found from the content itself (every answer
set, summarized by the engine), so the test keeps working as questions, red-flag screens and urgencies change."""

from __future__ import annotations

import json

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.kinds import KINDS
from chalicelib.runtime.catalog import Catalog
from tests.browser.widget_host import FRAME_VIOLATIONS, snippet

SMALL = "helping-your-child-with-fear-of-medical-visits"  # 244 answer sets: quick to walk
SEED = "how-to-ask-for-a-second-opinion"  # the longest summaries of the library

SPACER = '<div style="height: 3000px">The partner\'s page goes on below the widget.</div>'
SPY_JS = """
window.trace = [];
window.heights = [];
const NS = 'assessment-library';
addEventListener('message', (e) => {
  if (e.data && e.data.source === NS) trace.push(JSON.stringify(['message', e.data]));
});
for (const type of ['ready', 'start', 'step', 'complete', 'error']) {
  document.addEventListener(`${NS}:${type}`, (e) => trace.push(JSON.stringify(['event', type, e.detail])));
}
// The host page's own scrolling: a frame that scrolled it on each new question would let it count them.
window.scrolls = 0;
addEventListener('scroll', () => scrolls++, { passive: true });
new MutationObserver((_, observer) => {
  const frame = document.querySelector('iframe');
  if (!frame) return;
  observer.disconnect();
  new ResizeObserver(() => {
    if (heights[heights.length - 1] !== frame.offsetHeight) heights.push(frame.offsetHeight);
  }).observe(frame);
}).observe(document, { childList: true, subtree: true });
"""


# Scroll the host page so that the frame's top is 150 px out of view; count scrolls from the next frame on.
SCROLL_PAST_THE_FRAME_TOP = """async () => {
  scrollTo(0, document.querySelector('iframe').offsetTop + 150);
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  scrolls = 0;
}"""


def paths_by_urgency(catalog: Catalog, slug: str) -> dict[str, tuple[dict, int]]:
    """For each urgency: an answer set and its summary's item count. The emergency path is the shortest with
    the fewest items; the others are the longest with the most items (the traces must not tell them apart)."""
    prepared = catalog.prepared(slug)
    assessment = prepared.assessment
    found: dict[str, tuple[dict, int]] = {}
    for answers in answer_sets(assessment):
        summary = prepared.summarize(prepared.check(_raw(answers)), "en")
        items = sum(len(s["items"]) for s in summary["sections"])
        urgency = summary["urgency"]
        size = (len(answers), items)
        best = found.get(urgency)
        if best is None:
            found[urgency] = (answers, items)
            continue
        best_size = (len(best[0]), best[1])
        if (urgency == "emergency" and size < best_size) or (urgency != "emergency" and size > best_size):
            found[urgency] = (answers, items)
    return found


def _raw(answers: dict) -> dict:
    return {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}


def walk(frame, assessment, answers: dict) -> None:
    """Answer as a parent would: the question on screen, its options from the answer set, Next. The clicks are
    the frame's own `click()`, which neither scroll nor move focus (Playwright's scroll the host page to bring
    each target into view, and a click on a label focuses its input, which scrolls too), so any scroll of the
    host page during the walk is the frame script's doing."""
    for _ in range(len(assessment.questions) + 1):
        if frame.locator("#summary-title").count():
            return
        name = frame.locator("#question input").first.get_attribute("name")
        value = answers.get(name)
        for option in [] if value is None else [value] if isinstance(value, str) else value:
            frame.locator(f'input[name="{name}"][value="{option}"]').evaluate("input => input.click()")
        frame.locator("#next").evaluate("button => button.click()")
        frame.wait_for_function(
            f"() => document.querySelector('#summary-title') || "
            f"document.querySelector('#question input').name !== {json.dumps(name)}"
        )


def observed(context, host, live_server, path: str, assessment, answers: dict) -> dict:
    host.add("/spy.js", SPY_JS, "text/javascript")
    tag = snippet(live_server, assessment.slug, partner="demo", target="#slot")
    page = context.new_page()
    # The page goes on below the widget, and the parent has scrolled it so that the frame's top is out of view:
    # a frame that focused its new question the plain way would scroll the page back to it on every Next.
    page.goto(host.page(path, f'<div id="slot"></div>{tag}{SPACER}', head='<script src="/spy.js"></script>'))
    page.wait_for_function("trace.some((t) => t.includes('\"ready\"'))")
    page.evaluate(SCROLL_PAST_THE_FRAME_TOP)
    frame = page.locator("iframe").element_handle().content_frame()
    walk(frame, assessment, answers)
    frame.wait_for_selector("#summary-title")
    page.wait_for_function("trace.some((t) => t.includes('\"complete\"'))")
    page.wait_for_timeout(600)  # let every resize after the summary land (the frame reports within a frame)
    trace = [json.loads(t) for t in page.evaluate("trace")]
    # The layout is observed apart: when a ResizeObserver runs relative to a message is up to the browser.
    heights = page.evaluate("heights")
    scrolled = page.evaluate("({ scrolls, final: scrollY - document.querySelector('iframe').offsetTop })")
    page.close()
    return {"events and messages": trace, "frame heights": heights, "host scrolls": scrolled}


@pytest.mark.parametrize(("slug", "width"), [(SMALL, 1280), (SEED, 1280), (SEED, 375)])
def test_the_host_sees_the_same_trace_for_emergency_call_today_and_routine_paths(
    browser, host, live_server, catalog, slug, width
):
    context = browser.new_context(viewport={"width": width, "height": 720})
    context.add_init_script(FRAME_VIOLATIONS)
    assessment = catalog.prepared(slug).assessment
    paths = paths_by_urgency(catalog, slug)
    middle = "call-today" if "call-today" in paths else "soon"
    chosen = {urgency: paths[urgency] for urgency in ("emergency", middle, "routine")}
    traces = {
        urgency: observed(context, host, live_server, f"/trace-{slug}-{width}-{urgency}.html", assessment, answers)
        for urgency, (answers, _) in chosen.items()
    }
    context.close()
    report = {u: {"questions": len(chosen[u][0]), "items": chosen[u][1], "trace": t} for u, t in traces.items()}
    print("\n" + json.dumps(report, indent=1))
    # The host must hear the same lifecycle messages and the same heights on every path. When a resize lands
    # between two lifecycle messages is the browser's timing (a cross-origin frame learns its size when the
    # browser tells it, later under load), not the parent's answers, so the two are compared apart.
    heard = {urgency: _apart(trace) for urgency, trace in traces.items()}
    assert heard["emergency"] == heard[middle] == heard["routine"], json.dumps(report)
    # And the frame never scrolls the host page at all: the page stays where the parent left it.
    assert heard["routine"]["host scrolls"] == {"scrolls": 0, "final": 150}
    heard = json.dumps(list(traces.values()))  # every message, those before `ready` included
    for answers, _ in chosen.values():
        for value in answers.values():
            for option in [value] if isinstance(value, str) else value:
                assert f'"{option}"' not in heard
    assert "emergency" not in heard and "urgency" not in heard


def _apart(trace: dict) -> dict:
    messages = trace["events and messages"]
    resizes = [m[1] for m in messages if m[0] == "message" and m[1]["type"] == "resize"]
    lifecycle = [m for m in messages if not (m[0] == "message" and m[1]["type"] == "resize")]
    return {
        "lifecycle": lifecycle,
        "heights reported": resizes,
        "frame heights": trace["frame heights"],
        "host scrolls": trace["host scrolls"],
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kinds_are_the_ones_the_walk_knows(kind):
    assert kind in {"single", "multi"}  # walk() clicks options: a new kind of question needs a new way here
