"""Banners with tap-to-call links open emergency and call-today summaries, in the widget and without JavaScript;
the red-flag question's button says "See what to do now" once a red flag is picked (real Chromium)."""

from __future__ import annotations

import pytest

from tests.browser.test_site_browser import LANDING, answer_form
from tests.browser.test_widget import next_button, open_widget, partner_page, pick, walk_by_mouse


@pytest.fixture
def no_js(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def seed(catalog):
    return catalog.assessment("how-to-ask-for-a-second-opinion")


WORSE = [
    ("reason", "unclear-diagnosis"),
    ("red-flags", ["none"]),
    ("right-now", "worse"),
    ("treatment", "started"),
    ("comfort", "comfortable"),
    ("needs", ["none"]),
    ("age", "teen"),
]


def shown_calls(scope) -> list[tuple[str, str]]:
    """(href, text) of each call link a parent can see in the banner."""
    links = scope.locator(".banner .call")
    return [
        (links.nth(i).get_attribute("href"), links.nth(i).inner_text())
        for i in range(links.count())
        if links.nth(i).is_visible()
    ]


def test_the_widget_leads_an_emergency_with_911_and_the_calls_for_its_red_flags(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/banner-emergency.html"))
    walk_by_mouse(frame, [("reason", "not-improving")])
    pick(frame, "red-flags", ["breathing", "poison", "self-harm"])
    assert next_button(frame).inner_text() == "See what to do now"
    next_button(frame).click()
    frame.wait_for_selector(".banner.urgent")
    # The core's calls, as the API hands them over: 911 leads; Poison Control, outranked, adds no call (the
    # emergency team takes over); the 988 Lifeline follows as support; each number once.
    assert shown_calls(frame) == [
        ("tel:911", "Call 911"),
        ("tel:988", "Call the 988 Lifeline"),
        ("sms:988", "Text the 988 Lifeline"),
    ]
    box = frame.locator(".banner .call").first.bounding_box()
    assert box["height"] >= 48, "a large target for a thumb"
    assert frame.locator("#summary-title + .banner").count() == 1, "the banner opens the summary"


def test_the_widget_leads_poison_alone_with_poison_control_then_911(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/banner-poison.html"))
    walk_by_mouse(frame, [("reason", "not-improving"), ("red-flags", ["poison"])])
    frame.wait_for_selector(".banner.urgent")
    assert [href for href, _ in shown_calls(frame)] == ["tel:18002221222", "tel:911"]


def test_the_widget_button_goes_back_to_next_when_none_of_these_is_picked(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/banner-label.html"))
    walk_by_mouse(frame, [("reason", "not-improving")])
    assert next_button(frame).inner_text() == "Next"
    pick(frame, "red-flags", ["seizure"])
    assert next_button(frame).inner_text() == "See what to do now"
    pick(frame, "red-flags", ["none"])  # "None of these" unpicks the red flag
    assert next_button(frame).inner_text() == "Next"


def test_the_widget_leads_call_today_with_the_partners_nurse_line(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/banner-today.html"))
    walk_by_mouse(frame, WORSE)
    frame.wait_for_selector(".banner.call-today")
    assert shown_calls(frame) == [("tel:+15550100100", "Call the Demo Pediatrics nurse line")]


def test_without_javascript_an_emergency_opens_with_its_calls_and_the_button_says_what_happens(
    no_js, live_server, seed
):
    page = no_js
    page.goto(live_server + LANDING)
    page.get_by_label(seed.question("reason").options[0].label["en"], exact=True).check()
    page.locator("#next").click()
    page.get_by_label(seed.question("red-flags").options[0].label["en"], exact=True).check()
    assert page.locator("#next").inner_text() == "See what to do now", "CSS :has, no script"
    page.locator("#next").click()
    assert page.title().startswith("Your summary")
    assert shown_calls(page) == [("tel:911", "Call 911")]


def test_without_javascript_call_today_names_the_doctors_office(no_js, live_server, seed):
    page = no_js
    page.goto(live_server + LANDING)
    answer_form(page, seed, dict(WORSE))
    banner = page.locator(".banner.call-today")
    assert banner.is_visible() and "Call your child's doctor's office today." in banner.inner_text()
    assert shown_calls(page) == []
