"""The widget in Spanish in real Chromium: `data-locale="es"` on the partner's script tag switches the frame's
content and chrome, down to the summary, which is the API's Spanish summary for the same answers."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.pofile import read_po

from chalicelib.core.content import pick as pick_text
from tests.browser.test_widget import FULL_PATH, SEED, next_button, open_widget, partner_page, pick, walk_by_mouse
from tests.browser.test_widget_a11y import violations
from tests.browser.widget_host import snippet

POT = Path(__file__).resolve().parents[2] / "chalicelib" / "web" / "locales" / "messages.pot"


def english_chrome() -> set[str]:
    """Every phrase of 2+ words of the English catalog (placeholders and markup split a message into phrases)."""
    with POT.open("rb") as source:
        catalog = read_po(source)
    phrases = set()
    for message in catalog:
        if not message.id:
            continue
        text = message.id if isinstance(message.id, str) else message.id[0]
        for phrase in re.split(r"%\(\w+\)s|<[^>]+>|[.:;?!]\s", text):
            phrase = phrase.strip(" .:")
            if len(phrase.split()) >= 2:
                phrases.add(phrase)
    return phrases


ENGLISH = english_chrome()


def english_left(frame, content: Iterable[str] = ()) -> list[str]:
    """The English catalog's phrases in the frame's visible text, leaving out `content` (the API's texts: they
    stay English where a translation is not published yet, and may share words with the chrome)."""
    shown = frame.evaluate("document.body.innerText")
    for text in sorted(content, key=len, reverse=True):
        shown = shown.replace(text, "")
    return sorted(phrase for phrase in ENGLISH if phrase in shown)


def api(live_server: str, path: str, payload: dict | None = None) -> dict:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(f"{live_server}{path}", data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Language"] == "es"
        return json.loads(response.read())


def texts(data) -> Iterator[str]:
    """Every string in a JSON value."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict | list):
        for value in data.values() if isinstance(data, dict) else data:
            yield from texts(value)


def rendered_sections(frame) -> dict[str, list[str]]:
    """Each summary section the frame shows: its title -> its items' texts, in order."""
    return frame.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#summary .summary-section')].map((s) => [
             s.querySelector('.section-title').textContent,
             [...s.querySelectorAll(':scope > ul > li')].map((li) => li.textContent)]))"""
    )


def test_a_parent_walks_the_widget_in_spanish_to_the_api_s_spanish_summary(context, host, live_server, catalog):
    posts: list = []
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    page, frame = open_widget(context, partner_page(host, live_server, "/es.html", locale="es"))
    content = list(texts(api(live_server, f"/v1/assessments/{SEED}?locale=es")))
    assert page.locator("iframe").get_attribute("title") == "Cuestionario"
    assert frame.evaluate("document.documentElement.lang") == "es"
    assert frame.locator("#progress-label").text_content() == "Pregunta 1 de 8"
    assert english_left(frame, content) == []
    assert violations(frame) == []

    next_button(frame).click()  # nothing picked: the message is the catalog's
    assert frame.locator("#question-error").text_content() == "Elija una respuesta para seguir, por favor."
    walk_by_mouse(frame, FULL_PATH)
    frame.wait_for_selector("#summary-title")
    assert frame.locator("#summary-title").text_content() == "Su resumen"

    answers = {q: v for q, v in FULL_PATH}
    [post] = posts
    assert json.loads(post.post_data) == {"answers": answers, "locale": "es"}
    expected = api(live_server, f"/v1/assessments/{SEED}/responses", {"answers": answers, "locale": "es"})
    shown = rendered_sections(frame)
    for section in expected["sections"]:
        items = [item["text"] for item in section["items"]]
        assert shown[section["title"]][: len(items)] == items  # the partner's resources may follow the items
    notes = frame.locator(".summary-notes").text_content()
    assert expected["disclaimer"] in notes and expected["review_note"] in notes
    assert expected["translation_note"] == "Traducción aún no revisada por un clínico"
    assert expected["translation_note"] in notes
    resource = catalog.partner("demo").resources[0]
    line = f"{pick_text(resource.title, 'es')}: {pick_text(resource.description, 'es')}"
    assert any(line in items for items in shown.values())  # the partner's resources, in Spanish
    assert english_left(frame, [*content, *texts(expected)]) == []
    assert violations(frame) == []


def test_the_spanish_frame_says_so_when_the_service_is_busy_or_failing(context, host, live_server):
    page, frame = open_widget(context, partner_page(host, live_server, "/es-busy.html", locale="es"))
    content = list(texts(api(live_server, f"/v1/assessments/{SEED}?locale=es")))
    responses = f"{live_server}/v1/assessments/{SEED}/responses"
    context.route(responses, lambda route: route.fulfill(status=429, headers={"Retry-After": "3"}))
    pick(frame, "reason", "not-improving")
    next_button(frame).click()
    pick(frame, "red-flags", "breathing")
    next_button(frame).click()
    problem = frame.locator("#problem")
    problem.wait_for()
    assert "3 segundos" in problem.text_content() and problem.locator("button").text_content() == "Intentar de nuevo"
    assert english_left(frame, content) == []
    context.unroute(responses)
    context.route(responses, lambda route: route.fulfill(status=503))
    problem.locator("button").click(timeout=5000)
    frame.wait_for_function("document.querySelector('#problem p').textContent.includes('Algo salió mal')")
    assert english_left(frame, content) == []
    assert violations(frame) == []


def test_a_locale_we_do_not_offer_shows_english_and_tells_the_site_owner(context, host, live_server):
    page = context.new_page()
    lines: list[str] = []
    page.on("console", lambda m: lines.append(m.text) if "[assessment-library]" in m.text else None)
    page.goto(partner_page(host, live_server, "/fr.html", locale="fr"))
    page.wait_for_function("events.some((e) => e.type === 'ready')")
    frame = page.locator("iframe").first.element_handle().content_frame()
    assert frame.evaluate("document.documentElement.lang") == "en"
    assert frame.locator("#progress-label").text_content() == "Question 1 of 8"
    next_button(frame).click()
    assert "Please pick an answer to go on" in english_left(frame), "the check for English chrome finds it"
    assert lines == [
        "[assessment-library] data-locale is not a language this questionnaire offers (en, es); showing English"
    ]


def test_the_loader_s_own_link_is_spanish_when_the_frame_cannot_load(browser, host, live_server):
    context = browser.new_context()
    try:
        page = context.new_page()
        url = host.page("/es-blocked.html", snippet(live_server, SEED, partner="demo", locale="es-MX"))
        started = time.monotonic()
        page.goto(url.replace("//localhost:", "//unregistered.localhost:"))
        page.wait_for_function("events.some((e) => e.type === 'error')", timeout=10_000)
        assert time.monotonic() - started < 10
        link = page.get_by_role("link", name="Abrir el cuestionario")
        assert link.get_attribute("href") == f"{live_server}/es/assessments/{SEED}"
    finally:
        context.close()
