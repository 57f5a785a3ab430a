"""The library site through chalice.test.Client: every route's status, headers, key content and metadata."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.web import caching
from chalicelib.web.models.requests import MAX_BODY_BYTES
from chalicelib.web.words import typographic
from tests.conftest import SEED, post_json

SITE = "https://library.example"
CATEGORY = "hospital-procedures-and-medical-anxiety"
TOPIC = "second-opinion-questions"
BROWSE = ["/", f"/categories/{CATEGORY}", f"/topics/{TOPIC}", f"/assessments/{SEED}"]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
STEP = f"/assessments/{SEED}/questionnaire"


@pytest.fixture(autouse=True)
def site_url(monkeypatch):
    monkeypatch.setenv("SITE_URL", SITE)


class Page(HTMLParser):
    """The parts of a page these tests look at: title, metas, links, headings, JSON-LD, text, forms."""

    def __init__(self, html: str):
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.alternates: dict[str, str] = {}  # hreflang -> href
        self.anchors: list[dict[str, str]] = []
        self.headings: list[tuple[int, str]] = []
        self.json_ld: list[dict] = []
        self.hrefs: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.inputs: list[dict[str, str]] = []
        self.landmarks: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []
        self._buffer = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "meta":
            self.meta[attributes.get("name") or attributes.get("property", "")] = attributes.get("content", "")
        elif tag == "link" and attributes["rel"] == "alternate":
            self.alternates[attributes["hreflang"]] = attributes["href"]
        elif tag == "link":
            self.links[attributes["rel"]] = attributes["href"]
        elif tag == "a":
            self.hrefs.append(attributes.get("href", ""))
            self.anchors.append(attributes)
        elif tag == "script":
            self.scripts.append(attributes)
        elif tag == "input":
            self.inputs.append(attributes)
        if tag in {"header", "nav", "main", "footer", "aside"}:
            self.landmarks.append(tag)
        if tag in {"title", "h1", "h2", "h3", "h4", "h5", "h6", "script", "li"}:
            self._in.append(tag)
            self._buffer = ""

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()
            text = " ".join(self._buffer.split())
            if tag == "title":
                self.title = text
            elif tag.startswith("h"):
                self.headings.append((int(tag[1]), text))
            elif tag == "script" and self.scripts[-1].get("type") == "application/ld+json":
                self.json_ld.append(json.loads(self._buffer))
            self._buffer = ""

    def handle_data(self, data):
        self._buffer += data
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())

    def of_type(self, kind: str) -> dict:
        found = [d for d in self.json_ld if d["@type"] == kind]
        assert len(found) == 1, f"expected one {kind}"
        return found[0]


def get(client, path: str, headers: dict[str, str] | None = None):
    return client.http.get(path, headers=headers or {})


def parsed(response) -> Page:
    return Page(response.body.decode("utf-8"))


def post_form(client, fields, path: str = STEP, headers: dict[str, str] | None = None):
    body = fields if isinstance(fields, (str, bytes)) else urlencode(fields, doseq=True)
    return client.http.post(path, body=body, headers={**FORM, **(headers or {})})


def assert_page_headers(response):
    headers = {k.lower(): v for k, v in response.headers.items()}
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "set-cookie" not in headers
    return headers


def assert_well_formed(page: Page):
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1, "exactly one h1, first"
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"heading levels skip: {levels}"
    assert {"header", "main", "footer"} <= set(page.landmarks)
    assert page.hrefs[0] == "#main" and "main" in page.ids, "a skip link to the main content comes first"
    for script in page.scripts:
        assert script.get("src") or script.get("type") == "application/ld+json", "no inline script"


def published(catalog) -> list[str]:
    """Every public page, worked out here from the taxonomy (not from the code under test)."""
    paths = ["/"]
    for category in catalog.library.categories:
        paths.append(f"/categories/{category.slug}")
        for topic in category.topics:
            paths.append(f"/topics/{topic.slug}")
            paths.extend(f"/assessments/{slug}" for slug in topic.assessments)
    return paths


def spread(assessment, count: int) -> list[dict]:
    """About `count` answer sets spread evenly over all of the assessment's paths, as the API takes them."""
    every = list(answer_sets(assessment))
    return [
        {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
        for answers in every[:: max(1, len(every) // count)]
    ]


def test_each_public_page_is_html_with_the_page_headers_one_h1_and_ordered_headings(client, catalog):
    for path in published(catalog):
        response = get(client, path)
        assert response.status_code == 200, path
        headers = assert_page_headers(response)
        assert headers["cache-control"] == caching.CONTENT and headers["etag"]
        assert_well_formed(parsed(response))


def test_public_pages_answer_304_when_the_browser_has_them(client):
    first = get(client, f"/assessments/{SEED}")
    again = get(client, f"/assessments/{SEED}", {"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.body == b""


def test_the_stylesheet_and_print_script_the_pages_link_are_served(client):
    body = get(client, "/").body.decode()
    css = re.search(r'href="(/static/site-style\.css\?v=[0-9a-f]+)"', body).group(1)
    response = get(client, css)
    assert response.status_code == 200 and b"@media print" in response.body
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"


def test_titles_descriptions_and_canonical_urls_are_unique_and_come_from_site_url(client, catalog):
    paths = published(catalog)
    spoofed = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    pages = {path: parsed(get(client, path, spoofed)) for path in paths}
    assert len({p.title for p in pages.values()}) == len(paths)
    assert len({p.meta["description"] for p in pages.values()}) == len(paths)
    for path, page in pages.items():
        assert page.links["canonical"] == SITE + path
        assert page.meta["og:url"] == SITE + path
        assert page.meta["og:title"] and page.meta["og:description"] == page.meta["description"]
        assert "robots" not in page.meta
    assert pages[f"/topics/{TOPIC}"].title.startswith("More in Second Opinion Questions")
    assert pages[f"/categories/{CATEGORY}"].title.startswith("More in Hospital, Procedures & Medical Anxiety")


def test_home_lists_categories_topics_and_assessment_cards_with_the_promise(client, catalog):
    page = parsed(get(client, "/"))
    text = page.all_text
    assert page.headings[0] == (1, "The Assessment Library")
    assert "Nothing stored" in text
    for category in catalog.library.categories:
        assert f"/categories/{category.slug}" in page.hrefs
        for topic in category.topics:
            assert f"/topics/{topic.slug}" in page.hrefs
            for slug in topic.assessments:
                assessment = catalog.assessment(slug)
                assert f"/assessments/{slug}" in page.hrefs
                assert assessment.title["en"] in text
                assert f"Takes about {assessment.estimated_minutes} minutes" in text


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        (f"/categories/{CATEGORY}", ["/", f"/categories/{CATEGORY}"]),
        (f"/topics/{TOPIC}", ["/", f"/categories/{CATEGORY}", f"/topics/{TOPIC}"]),
        (f"/assessments/{SEED}", ["/", f"/categories/{CATEGORY}", f"/topics/{TOPIC}"]),
    ],
)
def test_browse_pages_carry_breadcrumbs_as_links_and_as_json_ld(client, path, trail):
    page = parsed(get(client, path))
    crumbs = page.of_type("BreadcrumbList")["itemListElement"]
    assert [c["item"] for c in crumbs] == [SITE + p for p in trail]
    assert [c["position"] for c in crumbs] == list(range(1, len(trail) + 1))
    # after the skip link, the brand link, Browse and the switch to the page's one other language
    assert page.hrefs[4 : 4 + len(trail)] == trail


def test_the_topic_page_lists_its_assessments(client, catalog):
    page = parsed(get(client, f"/topics/{TOPIC}"))
    for assessment in catalog.entries(topic=TOPIC):
        assert f"/assessments/{assessment.slug}" in page.hrefs


def test_the_landing_page_covers_the_reference_page_from_content(client, catalog):
    assessment = catalog.assessment(SEED)
    page = parsed(get(client, f"/assessments/{SEED}"))
    text = page.all_text
    assert page.headings[0] == (1, assessment.title["en"])
    for promise in ("About 2 minutes", "Made for you", "Nothing stored"):
        assert promise in text
    for section in assessment.static_sections:
        assert (2, typographic(section.title["en"])) in page.headings
        for entry in section.entries:
            assert (3, typographic(entry.heading["en"])) in page.headings
    for item in assessment.faq:
        assert (3, typographic(item.question["en"])) in page.headings
    for source in assessment.sources:
        assert source.url in page.hrefs
    reviewed = assessment.last_reviewed
    assert f"Checked by our editors on {reviewed:%B} {reviewed.day}, {reviewed.year}" in text
    assert "Not yet reviewed by a clinician" in text
    assert typographic(catalog.library.disclaimer["en"]) in text
    assert "call your local emergency number" in text
    assert "#questionnaire" in page.hrefs, "a call to action leads to the questions"
    assert {"/", f"/categories/{CATEGORY}", f"/topics/{TOPIC}"} <= set(page.hrefs)


def test_the_landing_page_holds_the_first_question_as_a_form_and_the_widget_loader(client, catalog):
    body = get(client, f"/assessments/{SEED}").body.decode()
    page = Page(body)
    assert "questionnaire" in page.ids
    assert f'<form class="step" method="post" action="{STEP}"' in body
    first = catalog.assessment(SEED).questions[0]
    radios = [i for i in page.inputs if i.get("type") == "radio"]
    assert [r["value"] for r in radios] == [o.id for o in first.options]
    assert {"type": "hidden", "name": "current", "value": first.id} in page.inputs
    widget = [s for s in page.scripts if s.get("src") == "/widget.js"]
    loader = {"async": "", "src": "/widget.js", "data-assessment": SEED, "data-target": "#questionnaire"}
    expected = {**loader, "data-show-title": "false", "data-locale": "en"}  # the frame speaks the page's language
    assert widget == [expected], "the page shows the title and intro, not the frame"


def test_the_faq_json_ld_matches_the_faq_on_the_page(client, catalog):
    page = parsed(get(client, f"/assessments/{SEED}"))
    faq = page.of_type("FAQPage")
    assert faq["@context"] == "https://schema.org"
    expected = [(f.question["en"], f.answer["en"]) for f in catalog.assessment(SEED).faq]
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in faq["mainEntity"]] == expected


def test_json_ld_cannot_close_its_script_block():
    from chalicelib.web.seo import json_ld

    text = str(json_ld({"name": "</script><script>alert(1)</script> & more"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & more"


def in_spanish(path: str) -> str:
    return "/es" + path


def test_the_sitemap_lists_exactly_the_published_pages_in_each_language_with_their_alternates(client, catalog):
    response = get(client, "/sitemap.xml", {"Host": "evil.example"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(response.body)
    listed = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    english = [SITE + path for path in published(catalog)]
    assert listed == english + [SITE + in_spanish(path) for path in published(catalog)]
    for url in listed:
        assert get(client, url.removeprefix(SITE)).status_code == 200
    for entry in root.findall("s:url", namespace):
        links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", namespace)}
        english_url = links["en"]
        assert english_url in english and entry.find("s:loc", namespace).text in {english_url, links["es"]}
        spanish_url = SITE + in_spanish(english_url.removeprefix(SITE))
        assert links == {"en": english_url, "es": spanish_url, "x-default": english_url}


def test_robots_txt_points_at_the_sitemap(client):
    response = get(client, "/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.body.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body
    assert "Disallow: /v1/" in body and "Allow: /" in body


@pytest.mark.parametrize(
    "path",
    ["/assessments/no-such-thing", "/categories/no-such-thing", "/topics/no-such-thing", "/no-such-page"],
)
def test_unknown_pages_get_a_friendly_404_with_links_back(client, path):
    response = get(client, path)
    assert response.status_code == 404
    assert_page_headers(response)
    page = parsed(response)
    assert page.headings[0] == (1, "Page not found")
    assert "/" in page.hrefs[2:]
    assert page.meta["robots"] == "noindex"
    assert "no-such" not in page.all_text


def test_a_bookmarked_questionnaire_address_goes_back_to_the_landing_page(client):
    response = get(client, STEP)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/assessments/{SEED}#questionnaire"


def complete(client, answers: dict, slug: str = SEED, prefix: str = "") -> tuple[list, object]:
    """Answer the no-JS questionnaire step by step, as a browser would; return the pages seen and the last.
    `prefix`: the language's, e.g. "/es"."""
    page = parsed(get(client, f"{prefix}/assessments/{slug}"))
    seen = []
    for _ in range(40):  # no assessment has this many questions: a loop means a step kept failing
        hidden = [(i["name"], i["value"]) for i in page.inputs if i.get("type") == "hidden"]
        current = dict(hidden)["current"]
        value = answers[current]
        fields = hidden + [(current, v) for v in ([value] if isinstance(value, str) else value)] + [("go", "next")]
        response = post_form(client, fields, path=f"{prefix}/assessments/{slug}/questionnaire")
        seen.append(response)
        assert response.status_code == 200, f"step {current} failed with {response.status_code}"
        page = parsed(response)
        if 'id="summary-title"' in response.body.decode():
            return seen, response
    raise AssertionError("the questionnaire never ended")


ITEM = r"<li>(?:<blockquote>)?(.*?)(?:</blockquote>)?</li>"  # words to say are quotes in their item


def summary_from_page(response) -> list[tuple[str, list[str]]]:
    """(section title, item texts) in order; the checklist is one of them, shown once."""
    body = response.body.decode()
    main = body[body.index("<main") : body.index("</main>")]
    sections = re.findall(
        r'<section class="summary-section[^"]*"[^>]*>\s*<h2[^>]*>(.*?)</h2>(.*?)</section>', main, re.S
    )
    return [(unescape(title), [unescape(i) for i in re.findall(ITEM, items, re.S)]) for title, items in sections]


def summary_from_api(client, answers: dict, slug: str = SEED, locale: str = "en") -> list[tuple[str, list[str]]]:
    """The API's summary as a page shows it: the urgent and plan sections first, typographic quotes."""
    body = {"answers": answers, "locale": locale}
    api = json.loads(post_json(client, f"/v1/assessments/{slug}/responses", body).body)
    sections = sorted(api["sections"], key=lambda s: {"urgent": 0, "plan": 1}.get(s["role"], 2))
    return [(typographic(s["title"]), [typographic(i["text"]) for i in s["items"]]) for s in sections]


def test_completing_the_form_gives_the_same_summary_as_the_api_on_paths_of_every_assessment(client, catalog, bundle):
    for assessment in bundle.assessments:
        sampled = spread(assessment, 6)
        assert len(sampled) >= 6
        for answers in sampled:
            seen, summary = complete(client, answers, assessment.slug)
            assert [r.status_code for r in seen] == [200] * len(seen)
            assert summary_from_page(summary) == summary_from_api(client, answers, assessment.slug)


def test_the_summary_is_private_printable_and_honest(client, catalog):
    answers = {"reason": "want-specialist", "red-flags": ["breathing"]}
    seen, response = complete(client, answers)
    for step in seen:
        headers = assert_page_headers(step)
        assert headers["cache-control"] == "no-store"
    page = parsed(response)
    text = page.all_text
    assert page.meta["robots"] == "noindex" and "canonical" not in page.links
    assert_well_formed(page)
    assert page.headings[1] == (2, "Get care now"), "emergency care leads the summary"
    assert "Bring this to the appointment" not in text, "an emergency summary is only what to do now"
    assert "Not yet reviewed by a clinician" in text
    assert typographic(catalog.library.disclaimer["en"]) in response.body.decode()
    assert {"src": page.scripts[0]["src"], "defer": ""} == page.scripts[0]
    assert page.scripts[0]["src"].startswith("/static/site-print.js?v=")


def test_what_to_bring_is_the_printable_checklist_shown_once(client):
    _, response = complete(
        client,
        {
            "reason": "major-treatment",
            "red-flags": ["none"],
            "right-now": "not-worse",
            "treatment": "planned-soon",
            "comfort": "comfortable",
            "needs": ["none"],
            "age": "young-child",
            "ready": "need-support",
        },
    )
    # The checklist used to repeat this section under its own heading; now the section itself is the checklist.
    body = response.body.decode()
    sections = dict(summary_from_page(response))
    part = re.search(r'<section class="summary-section role-checklist checklist">(.*?)</section>', body, re.S).group(1)
    checklist = re.findall(r"<li>(.*?)</li>", part)
    assert [unescape(c) for c in checklist] == sections["What to bring"]
    assert re.sub(r' data-text="[^"]*"', "", body).count("What to bring") == 1  # the copy text aside
    assert "with this summary printed or saved on your phone" in part


def test_a_missing_answer_shows_the_question_again_with_a_clear_message(client):
    response = post_form(client, {"current": "reason", "go": "next"})
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"
    page = parsed(response)
    assert page.title.startswith("Error: Question 1 of 8")
    assert "Please pick an answer to go on." in page.all_text
    assert_well_formed(page)


def test_a_tampered_hidden_field_gets_an_html_error_page_that_echoes_nothing(client):
    response = post_form(client, {"current": "timing", "reason": "secret-tampered-value", "timing": "no-rush"})
    assert response.status_code == 400
    assert_page_headers(response)
    page = parsed(response)
    assert page.headings[0] == (1, "Answers could not be read")
    assert f"/assessments/{SEED}#questionnaire" in page.hrefs
    assert "secret-tampered-value" not in response.body.decode()


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        pytest.param("current=reason", {"Content-Type": "application/json"}, 415, id="not a form"),
        pytest.param("current=reason", {"Content-Type": "text/plain"}, 415, id="plain text"),
        pytest.param(b"current=reason&reason=\xff\xfe", {}, 400, id="not UTF-8"),
        pytest.param("current=reason&&&==", {}, 400, id="malformed pairs"),
        pytest.param("&".join(f"f{i}=x" for i in range(80)), {}, 400, id="too many fields"),
        pytest.param("current=reason&pad=" + "x" * MAX_BODY_BYTES, {}, 413, id="too large"),
    ],
)
def test_unreadable_form_posts_get_an_html_error_page(client, body, headers, status):
    response = post_form(client, body, headers=headers)
    assert response.status_code == status
    assert_page_headers(response)
    assert "<h1>" in response.body.decode()


def test_a_form_post_refuses_answers_in_the_url(client):
    response = post_form(client, {"current": "reason", "reason": "want-specialist"}, path=STEP + "?reason=x")
    assert response.status_code == 400
    assert_page_headers(response)
    assert parsed(response).headings[0] == (1, "Answers never go in the address")


def test_a_form_post_to_an_unknown_assessment_is_a_friendly_404(client):
    response = post_form(client, {"current": "reason"}, path="/assessments/no-such-thing/questionnaire")
    assert response.status_code == 404
    assert_page_headers(response)


def test_the_summary_macro_draws_the_sections_in_the_order_the_core_gives_and_quotes_the_script():
    """The core orders a summary (tests/unit/test_engine.py); the macro draws it as it comes, deciding nothing."""
    from datetime import date

    from chalicelib.web.pages import _env

    def section(id_, role, text):
        return {"id": id_, "title": id_.title(), "role": role, "items": [{"text": text}]}

    summary = {
        "banner": None,
        "calls": [],
        "printable": True,
        "text": "T",
        "sections": [
            section("say", "script", 'You might say: "Can you help?"'),
            section("bring", "checklist", "Records"),
            section("your-plan", "plan", "Call the office today."),
        ],
    }
    about = {"disclaimer": "Not advice.", "review_status": "clinically-reviewed", "last_reviewed": date(2026, 11, 25),
             "translation_note": None, "content_version": "0123456789abcdef"}  # fmt: skip
    template = _env("en").from_string('{% from "_parts.html" import summary_view %}{{ summary_view(s, 1, "T", a) }}')
    html = template.render(s=summary, a=about)
    roles = re.findall(r'<section class="summary-section role-([a-z-]+)', html)
    assert roles == ["script", "checklist", "plan"]
    assert "<li><blockquote>You might say: “Can you help?”</blockquote></li>" in html
    assert "data-copy-script hidden" in html
    assert "0123456789abcdef" not in html and "November 25, 2026" in html
