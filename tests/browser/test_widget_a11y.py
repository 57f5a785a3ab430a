"""axe-core in real Chromium finds no WCAG 2.1 A/AA violation in any state of the framed questionnaire."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_widget import FULL_PATH, SEED, next_button, open_widget, partner_page, pick
from tests.browser.widget_host import snippet

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
axe = Axe()


def violations(frame) -> list[str]:
    results = axe.run(frame, options=WCAG_21_AA)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_every_step_and_the_summary_pass_axe(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/axe-steps.html"))
    found = {}
    for question, value in FULL_PATH:
        frame.wait_for_selector(f'input[name="{question}"]')
        found[question] = violations(frame)
        pick(frame, question, value)
        next_button(frame).click()
    frame.wait_for_selector("#summary-title")
    found["summary"] = violations(frame)
    assert found == {name: [] for name in found}


def test_the_missing_answer_message_and_the_emergency_summary_pass_axe(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/axe-emergency.html"))
    next_button(frame).click()
    frame.locator("#question-error").wait_for()
    assert violations(frame) == []
    pick(frame, "reason", "not-improving")
    next_button(frame).click()
    pick(frame, "red-flags", "breathing")
    next_button(frame).click()
    frame.wait_for_selector(".lead.urgent")
    assert violations(frame) == []


def test_the_error_states_pass_axe(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/axe-error.html"))
    context.route(f"{live_server}/v1/assessments/{SEED}/responses", lambda route: route.fulfill(status=503))
    pick(frame, "reason", "not-improving")
    next_button(frame).click()
    pick(frame, "red-flags", "breathing")
    next_button(frame).click()
    frame.locator("#problem").wait_for()
    assert violations(frame) == []

    page, frame = open_widget(context, host.page("/axe-unknown.html", snippet(live_server, SEED, partner="nobody")))
    assert violations(frame) == []


def test_the_demo_page_passes_axe(context, live_server, monkeypatch):
    monkeypatch.setenv("SITE_URL", live_server)
    page = context.new_page()
    page.goto(f"{live_server}/demo")
    page.locator("#events li").first.wait_for()
    assert violations(page) == []
