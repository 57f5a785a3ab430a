"""The embeddable widget in real Chromium: a partner page on localhost:Q frames the app on 127.0.0.1:P."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.widget_host import snippet

SEED = "how-to-ask-for-a-second-opinion"
VECTORS = Path(__file__).resolve().parents[1] / "data" / "condition_vectors.json"
# A path that shows every question: (question, option or options).
FULL_PATH = [
    ("reason", "unclear-diagnosis"),
    ("red-flags", ["none"]),
    ("right-now", "not-worse"),
    ("treatment", "time-to-plan"),
    ("comfort", "worried-offending"),
    ("needs", ["records", "referral"]),
    ("age", "teen"),
    ("ready", "need-facts"),
]
ANSWER_WORDS = {o for _, value in FULL_PATH for o in ([value] if isinstance(value, str) else value)} | {
    "reason",
    "red-flags",
    "breathing",
    "emergency",
    "urgency",
}


def open_widget(context, url: str):
    """Open a host page and wait until its widget said ready; return the page and the widget's frame."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("events.some((e) => e.type === 'ready' || e.type === 'error')")
    return page, page.locator("iframe").first.element_handle().content_frame()


def partner_page(host, live_server, path: str, **data) -> str:
    tag = snippet(live_server, SEED, **{"partner": "demo", "target": "#slot", **data})
    own_form = "<form><p>The site's own form, for parents without JavaScript.</p></form>"
    return host.page(path, f'<div id="slot">{own_form}</div>{tag}')


def pick(frame, question: str, value) -> None:
    for option in [value] if isinstance(value, str) else value:
        frame.locator("label.option", has=frame.locator(f'input[name="{question}"][value="{option}"]')).click()


def next_button(frame):
    return frame.locator("#next")


def walk_by_mouse(frame, path) -> None:
    for question, value in path:
        frame.wait_for_selector(f'input[name="{question}"]')
        pick(frame, question, value)
        next_button(frame).click()


# What the frame's origin holds in each kind of storage (a store the browser denies counts as empty).
STORED = """async () => {
  const count = async (read) => { try { return await read(); } catch { return 0; } };
  return [
    await count(() => localStorage.length),
    await count(() => sessionStorage.length),
    await count(async () => (await indexedDB.databases()).length),
    await count(async () => (await caches.keys()).length),
  ];
}"""


FRAME_HEIGHT = 800  # widget/frame.js: a partner page's frame is this tall, or as tall as the window when less
FIXED = f"Math.min({FRAME_HEIGHT}, innerHeight)"


def wait_until_fixed(page) -> int:
    """Wait until the frame on a partner's page has its one height, whatever it shows; return it."""
    page.wait_for_function(f"() => document.querySelector('iframe').offsetHeight === {FIXED}")
    return page.evaluate("document.querySelector('iframe').offsetHeight")


def event_types(page) -> list[str]:
    return [e["type"] for e in page.evaluate("events")]


def test_a_parent_completes_it_by_mouse_and_the_host_hears_only_lifecycle_events(context, host, live_server):
    requests: list[str] = []
    posts: list = []
    context.on("request", lambda r: requests.append(r.url))
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    page, frame = open_widget(context, partner_page(host, live_server, "/mouse.html"))
    assert page.locator("#slot form").count() == 0, "the frame replaces the page's own form"
    first_height = wait_until_fixed(page)

    assert frame.locator("#progress-label").text_content() == "Question 1 of 8"
    walk_by_mouse(frame, FULL_PATH)
    frame.wait_for_selector("#summary-title")

    summary = frame.locator("#summary")
    assert summary.locator("h3").first.text_content() == "Your plan"
    more_help = summary.locator("section", has=frame.locator("h3", has_text="More help from Demo Pediatrics"))
    assert "Demo Pediatrics nurse line" in more_help.text_content()
    assert frame.locator("#steps").is_hidden()

    events = page.evaluate("events")
    # No event per question (issue 14): how many a parent saw would tell the host which way they answered.
    assert [e["type"] for e in events] == ["ready", "start", "complete"]
    assert all(e["detail"] == {} for e in events)
    heard = json.dumps(events)
    assert not [word for word in ANSWER_WORDS if word in heard]

    [post] = posts
    assert urlsplit(post.url).query == ""
    assert json.loads(post.post_data) == {
        "answers": {q: v for q, v in FULL_PATH},
        "locale": "en",
    }
    assert "referer" not in {name.lower() for name in post.all_headers()}

    # The frame keeps its one height from the first question to the summary, which scrolls inside it.
    page.wait_for_timeout(300)  # any resize the summary caused has landed
    assert page.evaluate("document.querySelector('iframe').offsetHeight") == first_height
    assert frame.evaluate("document.documentElement.scrollHeight > innerHeight"), "the summary scrolls inside"

    # Private: no cookies, no storage, no request to any origin but the app's and the page's own.
    assert context.cookies() == []
    assert context.storage_state() == {"cookies": [], "origins": []}
    assert frame.evaluate(STORED) == [0, 0, 0, 0]
    assert {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in requests} <= {live_server, host.origin}
    assert page.evaluate("violations") == [] and frame.evaluate("frameViolations") == []


def tab_until(page, frame, condition: str, limit: int = 30) -> None:
    """Press Tab until `condition` (JS on document.activeElement in the frame, as `a`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate(f"(a => Boolean({condition}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def test_a_parent_completes_it_by_keyboard_alone_with_visible_focus(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/keyboard.html"))
    assert frame.evaluate("document.hasFocus()") is False, "nothing in the frame takes focus on load"
    for question, value in FULL_PATH:
        for option in [value] if isinstance(value, str) else value:
            tab_until(page, frame, f"a.name === '{question}' && (a.type === 'radio' || a.value === '{option}')")
            while frame.evaluate("document.activeElement.value") != option:
                page.keyboard.press("ArrowDown")  # moves and selects within a radio group
            if not frame.evaluate("document.activeElement.checked"):
                page.keyboard.press("Space")
        tab_until(page, frame, "a.id === 'next'")
        outline = frame.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "keyboard focus is visible"
        page.keyboard.press("Enter")
    frame.wait_for_selector("#summary-title")
    assert frame.evaluate("document.activeElement.id") == "summary-title"
    assert event_types(page)[-1] == "complete"


def test_changing_an_earlier_answer_drops_the_answers_it_hides_and_emergency_leads(context, host, live_server):
    posts: list = []
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    page, frame = open_widget(context, partner_page(host, live_server, "/branch.html"))
    walk_by_mouse(frame, FULL_PATH[:4])
    assert frame.locator("#progress-label").text_content() == "Question 5 of 8"
    for _ in range(3):
        frame.get_by_role("button", name="Back").click()
    assert frame.locator("#progress-label").text_content() == "Question 2 of 8"
    assert frame.locator('input[value="none"]').is_checked(), "an earlier answer is kept when going back"
    pick(frame, "red-flags", "breathing")  # picking a red flag unpicks "None of these"
    next_button(frame).click()

    frame.wait_for_selector("#summary-title")
    assert json.loads(posts[0].post_data)["answers"] == {"reason": "unclear-diagnosis", "red-flags": ["breathing"]}
    lead = frame.locator("#summary > :nth-child(2)")
    assert "Get care now" in lead.text_content()
    assert frame.locator("#summary h3").first.text_content() == "Get care now"
    assert "Demo Pediatrics nurse line" in frame.locator("#summary").text_content()


def test_a_missing_answer_is_announced_and_the_step_stays(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/required.html"))
    next_button(frame).click()
    error = frame.locator("#question-error")
    assert error.text_content() == "Please pick an answer to go on."
    assert error.get_attribute("role") == "alert"
    assert "question-error" in frame.locator("#question").get_attribute("aria-describedby")
    assert frame.locator("#progress-label").text_content() == "Question 1 of 8"
    assert frame.evaluate("document.activeElement.name") == "reason"
    pick(frame, "reason", "want-specialist")
    assert error.text_content() == ""


def test_none_of_these_cannot_be_picked_with_other_options(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/exclusive.html"))
    walk_by_mouse(frame, FULL_PATH[:5])
    pick(frame, "needs", ["records", "referral", "none"])
    assert frame.evaluate("[...document.querySelectorAll('input[name=needs]:checked')].map(i => i.value)") == ["none"]
    pick(frame, "needs", "insurance")
    assert frame.evaluate("[...document.querySelectorAll('input[name=needs]:checked')].map(i => i.value)") == [
        "insurance"
    ]


def test_start_over_clears_every_answer(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/restart.html"))
    walk_by_mouse(frame, FULL_PATH)
    frame.wait_for_selector("#summary-title")
    height = wait_until_fixed(page)
    frame.get_by_role("button", name="Start over").click()  # at the foot of the summary, scrolled into view
    assert frame.evaluate("document.activeElement.id") == "question-prompt"
    assert frame.evaluate("scrollY") == 0, "the frame shows the first question from its top"
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelector('iframe').offsetHeight") == height
    assert frame.locator("#progress-label").text_content() == "Question 1 of 8"
    assert frame.locator("#summary").is_hidden() and frame.locator("#summary > *").count() == 0
    assert frame.locator("input:checked").count() == 0
    next_button(frame).click()
    assert frame.locator("#question-error").text_content() != ""
    pick(frame, "reason", "want-specialist")
    next_button(frame).click()
    assert frame.locator('input[name="red-flags"]:checked').count() == 0


def test_print_styles_keep_the_summary_and_hide_the_controls(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/print.html"))
    walk_by_mouse(frame, FULL_PATH)
    frame.wait_for_selector("#summary-title")
    page.emulate_media(media="print")
    assert frame.locator(".actions").is_hidden()
    assert frame.locator("#summary").is_visible()
    page.emulate_media(media="screen")
    assert frame.get_by_role("button", name="Print or save as PDF").is_visible()


def test_copy_as_text_puts_the_whole_summary_on_the_clipboard(browser, host, live_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page, frame = open_widget(context, partner_page(host, live_server, "/copy.html"))
        walk_by_mouse(frame, FULL_PATH)
        frame.get_by_role("button", name="Copy as text").click()
        frame.wait_for_selector("text=Copied.")
        text = page.evaluate("navigator.clipboard.readText()")
        assert text.startswith("How to ask for a second opinion for your child\n")
        assert "\nWhat to say\n- " in text and "Demo Pediatrics nurse line" in text
    finally:
        context.close()


def test_a_strict_csp_host_with_aggressive_css_sees_no_violation_and_a_sensible_frame(context, host, live_server):
    csp = (
        f"default-src 'none'; script-src 'self' {live_server}; frame-src {live_server}; style-src 'self'; "
        "img-src 'self'"
    )
    tag = snippet(live_server, SEED, partner="demo")
    aggressive = '<link rel="stylesheet" href="/aggressive.css">'
    url = host.page("/strict.html", f"<p>Before the widget.</p>{tag}", csp=csp, head=aggressive)
    page, frame = open_widget(context, url)
    walk_by_mouse(frame, FULL_PATH)
    frame.wait_for_selector("#summary-title")
    box = page.locator("iframe").bounding_box()
    assert box["width"] >= 280
    wait_until_fixed(page)
    assert frame.evaluate("getComputedStyle(document.body).fontFamily") == 'Georgia, "Times New Roman", serif'
    assert frame.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") != "40px"
    assert page.evaluate("violations") == []
    assert frame.evaluate("frameViolations") == []
    assert event_types(page)[-1] == "complete"


@pytest.mark.parametrize(
    ("site", "partner"),
    [("unregistered.localhost", "demo"), ("localhost", None)],
    ids=["origin-not-in-the-partner-list", "no-partner-means-only-our-own-site"],
)
def test_an_unregistered_origin_cannot_frame_the_questionnaire(context, host, live_server, site, partner):
    data = {"partner": partner} if partner else {}
    url = host.page(f"/unregistered-{site}.html", snippet(live_server, SEED, **data))
    page = context.new_page()
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text):
        page.goto(url.replace("//localhost:", f"//{site}:"))
    frame = page.locator("iframe").element_handle().content_frame()
    frame.wait_for_load_state()
    assert frame.url.startswith("chrome-error:")
    assert page.evaluate("events") == []


def test_an_unknown_partner_gets_a_message_and_an_error_event(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/unknown-partner.html", partner="nobody"))
    page.wait_for_function("events.length === 1")
    assert page.evaluate("events") == [{"type": "error", "detail": {"code": "unknown-partner"}}]
    assert frame.locator("h1").text_content() == "This questionnaire is not set up for this site"
    assert page.locator("iframe").bounding_box()["height"] > 50


def test_an_unknown_assessment_gets_a_message_and_an_error_event(context, host, live_server):
    tag = snippet(live_server, "no-such-assessment", partner="demo")
    page, frame = open_widget(context, host.page("/unknown-slug.html", tag))
    assert page.evaluate("events") == [{"type": "error", "detail": {"code": "not-found"}}]
    assert frame.locator("h1").text_content() == "We could not find this questionnaire"


def test_an_api_failure_shows_a_calm_retry_and_tells_the_host(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/failure.html"))
    api = f"{live_server}/v1/assessments/{SEED}/responses"
    # One handler that answers every request, switched by `network`: unrouting after an abort can leave the
    # next request hanging in Chromium (microsoft/playwright#41802), so nothing is unrouted here.
    network = {"mode": "503"}

    def handle(route):
        if network["mode"] == "503":
            route.fulfill(status=503, body="{}")
        elif network["mode"] == "down":
            route.abort()
        else:
            route.continue_()

    context.route(api, handle)
    walk_by_mouse(frame, FULL_PATH)
    problem = frame.locator("#problem")
    problem.wait_for()
    assert "Your answers are still here" in problem.text_content()
    assert problem.get_attribute("role") == "alert"
    assert frame.evaluate("document.activeElement.parentElement.id") == "problem"
    page.wait_for_function("events.at(-1).type === 'error'")
    assert page.evaluate("events.at(-1)") == {"type": "error", "detail": {"code": "unavailable"}}

    network["mode"] = "down"
    frame.get_by_role("button", name="Try again").click()
    frame.wait_for_selector("text=could not reach our service")

    network["mode"] = "up"
    frame.get_by_role("button", name="Try again").click()
    frame.wait_for_selector("#summary-title")
    assert event_types(page)[-1] == "complete"


def test_a_429_keeps_retry_disabled_until_retry_after_has_passed(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/busy.html"))
    api = f"{live_server}/v1/assessments/{SEED}/responses"
    context.route(api, lambda route: route.fulfill(status=429, headers={"Retry-After": "1"}, body="{}"))
    walk_by_mouse(frame, FULL_PATH)
    retry = frame.get_by_role("button", name="Try again")
    retry.wait_for()
    assert retry.is_disabled()
    assert "try again in 1 seconds" in frame.locator("#problem").text_content()
    assert page.evaluate("events.at(-1)") == {"type": "error", "detail": {"code": "rate-limited"}}
    context.unroute(api)
    expect(retry).to_be_enabled()
    retry.click()
    frame.wait_for_selector("#summary-title")


MOUNT_JS = """
AssessmentLibrary('mount', document.getElementById('spa'), {
  assessment: 'how-to-ask-for-a-second-opinion', partner: 'demo', onEvent: (e) => callbacks.push(e),
});
"""


def test_the_host_ignores_messages_that_do_not_come_from_its_frame(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/forged.html"))
    heard = page.evaluate(
        """() => new Promise((done) => {
          addEventListener('message', function last(e) {
            if (e.data === 'sentinel') { removeEventListener('message', last); done(events.map((x) => x.type)); }
          });
          postMessage({ source: 'assessment-library', type: 'complete' }, location.origin);
          postMessage('sentinel', location.origin);
        })"""
    )
    assert heard == ["ready"]


def test_several_widgets_and_a_mount_queued_before_the_loader_work_on_one_page(context, host, live_server):
    host.add("/mount.js", MOUNT_JS, "text/javascript")
    host.add(
        "/stub.js",
        "window.AssessmentLibrary = window.AssessmentLibrary || function () {"
        " (AssessmentLibrary.q = AssessmentLibrary.q || []).push(arguments) };",
        "text/javascript",
    )
    body = (
        '<script src="/stub.js"></script><div id="spa"></div><script src="/mount.js"></script>'
        + snippet(live_server, SEED, partner="demo")
        + snippet(live_server, SEED, partner="demo")
    )
    page = context.new_page()
    page.goto(host.page("/many.html", body))
    page.wait_for_function("events.filter((e) => e.type === 'ready').length === 3")
    assert page.locator("iframe").count() == 3
    assert page.evaluate("callbacks") == [{"type": "ready"}]
    frames = [h.content_frame() for h in page.locator("iframe").element_handles()]
    walk_by_mouse(frames[0], FULL_PATH[:1])
    assert frames[0].locator("#progress-label").text_content() == "Question 2 of 8"
    assert frames[1].locator("#progress-label").text_content() == "Question 1 of 8"
    assert [e["type"] for e in page.evaluate("callbacks")] == ["ready", "start"]


def test_the_first_question_shows_before_any_script_runs(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/embed/{SEED}?partner=demo")
        assert page.get_by_role("heading", name="What is the main reason you want a second opinion").is_visible()
        assert page.get_by_text("Question 1 of 8").is_visible()
        assert page.locator('input[name="reason"]').count() == 6
    finally:
        context.close()


def test_the_condition_vectors_pass_in_chromium(context, live_server):
    shared = json.loads(VECTORS.read_text())
    page = context.new_page()
    page.goto(f"{live_server}/embed/{SEED}")
    results = page.evaluate(
        """(shared) => ({
          vectors: shared.vectors.map((v) => AssessmentConditions.holds(v.condition, v.answers)),
          possible: shared.possible.map((v) => AssessmentConditions.possible(v.condition, v.answers, new Set(v.ahead))),
          progress: shared.progress.map((v) => {
            const { number, total } = AssessmentConditions.progress(v.questions, v.index, v.answers);
            return [number, total];
          }),
        })""",
        shared,
    )
    assert len(shared["vectors"]) > 20 and len(shared["possible"]) > 10 and len(shared["progress"]) > 5
    for kind in ("vectors", "possible", "progress"):
        assert [(v["name"], r) for v, r in zip(shared[kind], results[kind], strict=True)] == [
            (v["name"], v["expected"]) for v in shared[kind]
        ]


def test_the_demo_page_shows_the_snippet_working_from_another_origin(context, live_server, monkeypatch):
    monkeypatch.setenv("SITE_URL", live_server)
    demo = live_server.replace("127.0.0.1", "localhost") + "/demo"
    page = context.new_page()
    page.goto(demo)
    page.locator("#events li", has_text="ready").wait_for()
    frame = page.locator("iframe").element_handle().content_frame()
    frame.locator("label.option").first.click()
    frame.locator("#next").click()
    page.locator("#events li", has_text="start").wait_for()
    assert f'src="{live_server}/widget.js"' in page.locator("pre").text_content()
    assert frame.evaluate("frameViolations") == []


def test_the_frames_own_style_and_script_run_under_its_csp_and_it_asks_for_no_file(context, host, live_server):
    asked = []
    context.on("request", lambda request: asked.append(urlsplit(request.url).path))
    page, frame = open_widget(context, partner_page(host, live_server, "/inline.html"))
    assert [e["type"] for e in page.evaluate("events")] == ["ready"]
    assert frame.evaluate("frameViolations") == [] and page.evaluate("violations") == []
    # The style ran: ours (the layout), then the partner's look, which wins.
    assert frame.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand')") == "#1f5f8b"
    assert frame.evaluate("getComputedStyle(document.querySelector('#next')).display") != "inline"
    # One request for the frame: its stylesheet and script are in the page (no second round of requests).
    assert [path for path in asked if not path.startswith("/inline.html")] == [
        "/record.js",
        "/widget.js",
        f"/embed/{SEED}",
    ]


def test_the_frames_message_page_runs_its_script_under_its_csp(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/message.html", partner="no-such-partner"))
    assert page.evaluate("events") == [{"type": "error", "detail": {"code": "unknown-partner"}}]
    assert frame.evaluate("frameViolations") == []


def test_a_changed_inline_script_is_refused_by_the_frames_csp(context, host, live_server):
    # The hash, not a loose rule, is what lets the script run: one byte more and the browser refuses it.
    def tampered(route):
        answer = route.fetch()
        route.fulfill(response=answer, body=answer.text().replace("<script>", "<script>/**/", 1))

    context.route(f"{live_server}/embed/**", tampered)
    page = context.new_page()
    page.goto(partner_page(host, live_server, "/tampered.html"))
    frame = page.locator("iframe").first.element_handle().content_frame()
    frame.wait_for_function("frameViolations.length > 0")
    assert frame.evaluate("frameViolations") == ["script-src-elem inline"]
    assert frame.evaluate("typeof AssessmentFrame") == "undefined" and page.evaluate("events") == []
