"""An XSS corpus placed in content and in request fields is shown as text or refused, never run (real Chromium).

Every payload sets the sentinel `window.__xss`. Pages are opened with the CSP bypassed, so escaping alone
must keep the sentinel unset: the strict CSP is a second wall, tested on its own.
"""

from __future__ import annotations

import json
import shutil
import threading

import pytest
import yaml

from chalicelib.authoring.localrun import make_server
from chalicelib.authoring.source import REPO_CONTENT, ContentError, load_folder
from chalicelib.core.content import typographic
from tests.conftest import SEED, published_folder

PAYLOADS = (  # no quotes inside, so a payload still runs if it lands inside JSON or an attribute
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=2>",
    "\"'><svg onload=window.__xss=3>",
    "<a id=xss href=javascript:window.__xss=4>tap</a>",
    "{{ 7 * 7 }}{% if true %}rendered{% endif %}",  # template syntax in data: shown exactly as typed
)
TEXT = " ".join(PAYLOADS)
RULE_TEXT = " ".join(PAYLOADS[:4]) + " {{ labels.reason }}"  # rule texts are templates; the label is a value


def poisoned_content(folder):
    """A copy of content/ with the corpus in every kind of parent-facing text the seed assessment has."""
    shutil.copytree(REPO_CONTENT, folder)
    path = folder / "assessments" / f"{SEED}.yaml"
    data = yaml.safe_load(path.read_text())
    for field in ("title", "description", "intro"):
        data[field] = TEXT
    first = data["questions"][0]
    first["prompt"] = first["help"] = TEXT
    for option in first["options"]:
        option["label"] = f"{option['id']} {TEXT}"
    for section in data["summary_sections"]:
        section["title"] = TEXT
    for rule in data["rules"]:
        rule["items"] = [RULE_TEXT for _ in rule["items"]]
    for section in data.get("static_sections", []):
        section["title"] = TEXT
        for entry in section["entries"]:
            entry["heading"] = entry["body"] = TEXT
    for faq in data.get("faq", []):
        faq["question"] = faq["answer"] = TEXT
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    library_path = folder / "library.yaml"
    library = yaml.safe_load(library_path.read_text())
    library["title"] = library["promise"] = TEXT
    for category in library["categories"]:
        category["title"] = category["description"] = TEXT
        for topic in category["topics"]:
            topic["title"] = topic["description"] = TEXT
    library_path.write_text(yaml.safe_dump(library, allow_unicode=True))
    partners_path = folder / "partners.yaml"
    partners = yaml.safe_load(partners_path.read_text())
    for partner in partners["partners"]:
        partner["name"] = PAYLOADS[0] + PAYLOADS[1]
        for resource in partner["resources"]:
            resource["title"] = resource["description"] = TEXT
    partners_path.write_text(yaml.safe_dump(partners, allow_unicode=True))
    return folder


@pytest.fixture
def poisoned_server(tmp_path, monkeypatch):
    from app import app

    monkeypatch.setenv("CONTENT_DIR", str(published_folder(poisoned_content(tmp_path / "content"), tmp_path / "out")))
    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server.server_address[1]}"
    monkeypatch.setenv("SITE_URL", origin)  # the /demo page loads the widget from here
    yield origin
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def unguarded(browser):
    """A page with the CSP switched off, so only escaping stands between a payload and the sentinel."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


# What a payload would leave behind had it been parsed as markup rather than shown as text.
INJECTED = """() => ({
  sentinel: window.__xss === undefined ? null : window.__xss,
  elements: [...document.querySelectorAll('[onerror], [onload], [href^="javascript:" i], #xss')]
    .map((e) => e.outerHTML),
  scripts: [...document.scripts].filter((s) => /^$|javascript|module/.test(s.type) && s.text.includes('__xss')).length,
})"""


def assert_inert(page_or_frame) -> None:
    assert page_or_frame.evaluate(INJECTED) == {"sentinel": None, "elements": [], "scripts": 0}


@pytest.mark.parametrize("path", ["/v1/library", f"/v1/assessments/{SEED}", "/v1/assessments"])
def test_the_corpus_in_content_is_served_by_the_api_as_inert_text(poisoned_server, unguarded, path):
    response = unguarded.goto(poisoned_server + path)

    assert_inert(unguarded)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert PAYLOADS[0] in unguarded.inner_text("body")  # shown as text
    shown = response.json()
    # Exactly what the editor wrote, with the typographic quotes content gets as it is validated
    assert (shown.get("title") or shown["assessments"][0]["title"]) == typographic(TEXT)


def test_a_summary_carries_the_corpus_as_json_text_never_as_a_document(poisoned_server, unguarded):
    unguarded.goto(poisoned_server + "/v1/library")
    answered = unguarded.evaluate(
        """async (url) => {
          const answers = {reason: 'unclear-diagnosis', 'red-flags': ['none'], 'right-now': 'not-worse',
            treatment: 'time-to-plan', comfort: 'worried-offending', needs: ['records'], age: 'teen', ready: 'sure'};
          const body = JSON.stringify({answers});
          const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
          return {status: r.status, type: r.headers.get('content-type'), summary: await r.json()};
        }""",
        f"{poisoned_server}/v1/assessments/{SEED}/responses",
    )

    assert (answered["status"], answered["type"]) == (200, "application/json")
    items = [item["text"] for section in answered["summary"]["sections"] for item in section["items"]]
    assert items and all(PAYLOADS[0] in text for text in items)
    assert all("&lt;script&gt;" in text for text in items)  # the chosen label, a value, was escaped
    assert_inert(unguarded)


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {"reason": PAYLOADS[0], PAYLOADS[1]: "x", "needs": [PAYLOADS[3]]}},
        {"answers": {"reason": "unclear-diagnosis"}, "locale": PAYLOADS[2]},
        {"answers": {"reason": "unclear-diagnosis"}, PAYLOADS[4]: 1},
    ],
)
def test_the_corpus_in_request_fields_is_refused_without_being_echoed(poisoned_server, unguarded, body):
    unguarded.goto(poisoned_server + "/v1/library")
    answered = unguarded.evaluate(
        """async ([url, body]) => {
          const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
          return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
        }""",
        [f"{poisoned_server}/v1/assessments/{SEED}/responses", json.dumps(body)],
    )

    assert (answered["status"], answered["type"]) == (422, "application/problem+json")
    assert not [payload for payload in PAYLOADS if payload in answered["text"]]
    assert_inert(unguarded)


def test_the_corpus_in_a_query_string_gets_a_problem_that_echoes_nothing(poisoned_server, unguarded):
    response = unguarded.goto(f"{poisoned_server}/v1/library?locale=%3Cscript%3Ewindow.__xss%3D1%3C/script%3E")

    assert response.status == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "script" not in response.text()
    assert_inert(unguarded)


@pytest.mark.parametrize("field", ["source", "resource"])
def test_javascript_links_in_content_are_refused_when_content_is_loaded(tmp_path, field):
    folder = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, folder)
    if field == "source":
        path = folder / "assessments" / f"{SEED}.yaml"
        data = yaml.safe_load(path.read_text())
        data["sources"][0]["url"] = "javascript:window.__xss=1"
    else:
        path = folder / "partners.yaml"
        data = yaml.safe_load(path.read_text())
        data["partners"][0]["resources"][0]["url"] = "javascript:window.__xss=1"
    path.write_text(yaml.safe_dump(data))

    with pytest.raises(ContentError, match="url"):
        load_folder(folder)


CATEGORY, TOPIC = "hospital-procedures-and-medical-anxiety", "second-opinion-questions"


@pytest.mark.parametrize("path", ["/", f"/categories/{CATEGORY}", f"/topics/{TOPIC}", f"/assessments/{SEED}"])
def test_the_corpus_in_content_shows_as_text_on_every_site_page(poisoned_server, unguarded, path):
    unguarded.goto(poisoned_server + path)

    assert_inert(unguarded)
    assert PAYLOADS[0] in unguarded.inner_text("body")


def test_the_no_javascript_questionnaire_shows_the_corpus_as_text_through_to_the_summary(browser, poisoned_server):
    context = browser.new_context(java_script_enabled=False)  # the site's own form, as parents without JS use it
    page = context.new_page()
    page.goto(f"{poisoned_server}/assessments/{SEED}")
    for _ in range(12):  # no path asks more than 8 questions
        step = page.locator("form.step")
        if not step.count():
            break
        step.locator("input[type=radio], input[type=checkbox]").first.check()
        with page.expect_navigation():
            step.locator("button[value=next]").click()
        assert_inert(page)

    assert page.title().startswith("Your summary")
    assert PAYLOADS[0] in page.inner_text("main")
    context.close()


MOVED_ON = """(name) =>
  !document.querySelector('#summary').hidden || document.querySelector('#question input').name !== name"""


def test_the_widget_on_a_partner_page_builds_the_corpus_as_text_through_to_the_summary(poisoned_server, unguarded):
    unguarded.goto(f"{poisoned_server}/demo")  # a partner's page: the loader frames /embed/{slug}
    frame = unguarded.wait_for_selector("iframe").content_frame()
    for _ in range(12):  # no path asks more than 8 questions
        frame.wait_for_selector("#summary:not([hidden]), #question label.option >> visible=true")
        if frame.locator("#summary").is_visible():
            break
        name = frame.locator("#question input").first.get_attribute("name")
        frame.locator("#question label.option").first.click()
        frame.locator("#next").click()
        # The next question or the summary, not the question still showing while the summary is on its way.
        frame.wait_for_function(MOVED_ON, arg=name)
        assert_inert(frame)

    assert PAYLOADS[0] in frame.locator("#summary").inner_text()
    assert_inert(frame)
    assert_inert(unguarded)


@pytest.mark.parametrize(
    "path",
    [
        "/%3Cscript%3Ewindow.__xss=9%3C%2Fscript%3E",
        f"/assessments/{SEED}?q=%3Cscript%3Ewindow.__xss=9%3C%2Fscript%3E",
        f"/embed/{SEED}?partner=%22%3E%3Cscript%3Ewindow.__xss=9%3C%2Fscript%3E",
        f"/embed/{SEED}?locale=%3Cimg%20src=x%20onerror=window.__xss=9%3E",
        "/embed/%3Cscript%3Ewindow.__xss=9%3C%2Fscript%3E",
    ],
)
def test_the_corpus_in_an_address_gets_an_html_error_page_that_echoes_nothing(poisoned_server, unguarded, path):
    response = unguarded.goto(poisoned_server + path)

    assert response.headers["content-type"].startswith("text/html")
    assert "__xss=9" not in response.text()  # the address is not repeated, escaped or not
    assert_inert(unguarded)


def test_the_corpus_in_questionnaire_form_fields_is_refused_without_being_echoed(poisoned_server, unguarded):
    unguarded.goto(f"{poisoned_server}/assessments/{SEED}")
    fields = {"reason": "<script>window.__xss=9</script>", "<img src=x onerror=window.__xss=9>": "x"}
    answered = unguarded.evaluate(
        """async ([url, fields]) => {
          const r = await fetch(url, {method: 'POST', body: new URLSearchParams(fields)});
          return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
        }""",
        [f"{poisoned_server}/assessments/{SEED}/questionnaire", fields],
    )

    assert 400 <= answered["status"] < 500
    assert answered["type"].startswith("text/html")
    assert "__xss=9" not in answered["text"]
