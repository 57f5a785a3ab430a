"""The widget's routes through chalice.test.Client: the loader, the framed page, partners' looks, messages, the demo."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from chalicelib.authoring.build import shipped_source
from chalicelib.runtime import provider
from chalicelib.web import caching
from chalicelib.web.assets import STATIC_DIR, read_asset
from chalicelib.web.embed import inline
from tests.conftest import SEED

EMBED = f"/embed/{SEED}"


def header(response, name: str) -> str:
    return {k.lower(): v for k, v in response.headers.items()}.get(name.lower(), "")


def directives(response) -> dict[str, str]:
    policy = header(response, "Content-Security-Policy")
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def styles(html: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html, re.S)


def scripts(html: str) -> list[str]:
    """The page's code: its <script> elements without a type (the config is JSON, never run)."""
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def hashed(text: str) -> str:
    """A CSP source allowing exactly this inline text, computed here independently of the app."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def config(response) -> dict:
    found = re.search(r'<script type="application/json" id="embed-config">(.*?)</script>', response.body.decode())
    return json.loads(found.group(1))


def test_widget_js_is_the_shipped_loader_with_a_short_cache(client):
    response = client.http.get("/widget.js")
    assert response.status_code == 200
    assert header(response, "Content-Type") == "text/javascript; charset=utf-8"
    assert (
        header(response, "Cache-Control")
        == caching.LOADER
        == "public, max-age=300, stale-while-revalidate=86400, stale-if-error=86400"
    )
    assert header(response, "Cross-Origin-Resource-Policy") == "cross-origin"
    assert response.body == (STATIC_DIR / "embed-loader.js").read_bytes()


def test_widget_js_answers_304_to_a_matching_etag(client):
    tag = header(client.http.get("/widget.js"), "ETag")
    assert client.http.get("/widget.js", headers={"If-None-Match": tag}).status_code == 304


def test_embed_renders_the_first_question_in_html(client, catalog):
    response = client.http.get(f"{EMBED}?partner=demo")
    assert response.status_code == 200
    assert header(response, "Content-Type") == "text/html; charset=utf-8"
    html = response.body.decode()
    first = catalog.assessment(SEED).questions[0]
    assert first.prompt["en"] in html
    for option in first.options:
        assert f'name="{first.id}" value="{option.id}"' in html
    assert "Question 1 of 8" in html and '<progress id="progress" max="8" value="1"' in html


def test_embed_sends_a_strict_policy_framed_only_by_the_partners_origins(client):
    response = client.http.get(f"{EMBED}?partner=demo")
    policy = directives(response)
    assert policy["frame-ancestors"] == "http://localhost:* http://127.0.0.1:*"
    assert policy["default-src"] == "'none'"
    html = response.body.decode()
    # The frame's code and style are in the page; the policy allows exactly those texts, by hash, and nothing else.
    assert policy["script-src"] == hashed(scripts(html)[0]) and len(scripts(html)) == 1
    assert policy["style-src"] == " ".join(hashed(style) for style in styles(html)) and len(styles(html)) == 2
    assert "unsafe" not in header(response, "Content-Security-Policy") and "'self'" not in policy["script-src"]
    assert header(response, "Referrer-Policy") == "no-referrer"
    assert header(response, "X-Content-Type-Options") == "nosniff"


def test_embed_without_a_partner_may_be_framed_only_by_our_own_site(client):
    response = client.http.get(EMBED)
    assert directives(response)["frame-ancestors"] == "'self'"
    assert config(response)["ancestors"] == ["'self'"]
    ours = client.http.get("/static/embed-questionnaire.css").body.decode()
    assert styles(response.body.decode()) == [ours]  # no partner, no partner's look
    assert directives(response)["style-src"] == hashed(ours)


def test_embed_config_gives_the_script_questions_partner_resources_and_no_answers(client):
    data = config(client.http.get(f"{EMBED}?partner=demo"))
    assert data["api"] == f"../v1/assessments/{SEED}/responses"
    assert [q["id"] for q in data["questions"]][:2] == ["reason", "red-flags"]
    assert data["questions"][2]["show_if"]["not"]["any"][0] == {"question": "red-flags", "includes": "breathing"}
    assert data["partner"]["resources"][0]["url"] == "tel:+15550100100"
    assert data["ancestors"] == ["http://localhost:*", "http://127.0.0.1:*"]


def test_embed_config_cannot_close_its_script_element(client):
    html = client.http.get(f"{EMBED}?partner=demo").body.decode()
    block = html.split('id="embed-config">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and config(client.http.get(EMBED))["locale"] == "en"


@pytest.mark.parametrize("locale", ["fr", "secret-value"], ids=["not-offered", "malformed"])
def test_embed_falls_back_to_english_for_a_locale_we_do_not_offer_and_tells_the_site_owner(client, locale):
    # A partner's typo in data-locale must not blank the widget (until issue 16 a malformed one showed a message
    # page "Invalid request" in place of the questionnaire): English, and a console warning naming what we offer.
    response = client.http.get(f"{EMBED}?partner=demo&locale={locale}")
    assert response.status_code == 200
    assert '<html lang="en">' in response.body.decode()
    assert config(response)["locale"] == "en"
    assert config(response)["warning"] == (
        "data-locale is not a language this questionnaire offers (en, es); showing English"
    )
    assert "secret-value" not in response.body.decode()
    assert "warning" not in config(client.http.get(f"{EMBED}?partner=demo&locale=es"))


def test_embed_writes_the_partners_look_after_our_stylesheet(client):
    html = client.http.get(f"{EMBED}?partner=demo").body.decode()
    ours = client.http.get("/static/embed-questionnaire.css").body.decode()
    look = ":root{--brand:#1f5f8b;--font:Georgia, 'Times New Roman', serif;--radius:12px}\n"
    assert styles(html) == [ours, look]  # the partner's look after ours, so it wins


@pytest.mark.parametrize("query", ["?partner=demo", ""])
def test_embed_carries_its_stylesheet_and_script_and_asks_for_no_other_file(client, query):
    response = client.http.get(f"{EMBED}{query}")
    html = response.body.decode()
    assert not re.findall(r"<link |<script[^>]* src=", html), "no file to ask for after the page: no second round"
    assert header(response, "Link") == ""  # nothing left to preload
    script = scripts(html)[0]
    assert script == read_asset("embed-questionnaire.js")[0]
    for source in ("frame.js", "conditions.js", "questionnaire.js"):  # joined by the build, in this order, compacted
        assert shipped_source(source).decode("utf-8") in script
    assert html.index("<script>") > html.index("</main>"), "it runs once the questions and templates are parsed"


ENDS_EARLY = [("a</script>b", "script"), ("a</SCRIPT b", "script"), ("x<!--y", "script"), ("a</style>", "style")]


@pytest.mark.parametrize(("text", "tag"), ENDS_EARLY)
def test_no_text_that_would_end_its_element_early_is_written_into_a_frame(text, tag):
    with pytest.raises(ValueError, match="end its"):
        inline(text, tag)


def test_the_inline_hash_is_the_csp_hash_of_the_exact_text():
    known = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"  # CSP's own example: alert(1)
    assert inline("alert(1)", "script")[1] == hashed("alert(1)") == known


@pytest.mark.parametrize(
    ("path", "status", "code", "heading"),
    [
        (f"{EMBED}?partner=no-such-partner", 404, "unknown-partner", "This questionnaire is not set up for this site"),
        ("/embed/no-such-assessment?partner=demo", 404, "not-found", "We could not find this questionnaire"),
        ("/embed/no-such-assessment", 404, "not-found", "We could not find this questionnaire"),
        (
            f"{EMBED}?partner=demo&answers=secret-value",
            422,
            "invalid-request",
            "This questionnaire is not set up right",
        ),
        (
            f"{EMBED}?partner=demo&locale=es&answers=secret-value",
            422,
            "invalid-request",
            "Este cuestionario no está bien configurado",
        ),
    ],
    ids=[
        "unknown-partner",
        "unknown-slug",
        "unknown-slug-no-partner",
        "unknown-parameter",
        "unknown-parameter-es",
    ],
)
def test_embed_problems_get_a_message_page_and_an_error_code_for_the_host(client, path, status, code, heading):
    response = client.http.get(path)
    html = response.body.decode()
    assert response.status_code == status
    assert header(response, "Content-Type") == "text/html; charset=utf-8"
    assert header(response, "Cache-Control") == "no-store"
    assert f"<h1>{heading}</h1>" in html
    assert config(response) == {"ancestors": ["*"], "error": code}
    # Any site may frame a message (it holds no questionnaire), so the words show instead of a blocked box.
    assert directives(response)["frame-ancestors"] == "*"
    # It carries the frame's part of the script only (it tells the host the error) and our stylesheet, by hash.
    assert scripts(html) == [read_asset("embed-frame.js")[0]]
    assert directives(response)["script-src"] == hashed(scripts(html)[0])
    assert directives(response)["style-src"] == hashed(read_asset("embed-questionnaire.css")[0])
    assert "no-such" not in html and "secret-value" not in html


def test_embed_says_so_calmly_when_content_cannot_be_loaded(client, monkeypatch, tmp_path):
    monkeypatch.setenv("CONTENT_DIR", str(tmp_path / "missing"))
    monkeypatch.setattr(provider, "FALLBACK_BUNDLE", tmp_path / "none.json")  # and no baked bundle to fall back on
    response = client.http.get(f"{EMBED}?partner=demo")
    assert response.status_code == 503
    assert "<h1>The questionnaire cannot load right now</h1>" in response.body.decode()
    assert config(response)["error"] == "content-unavailable"


def test_embed_hides_an_unforeseen_error_behind_a_calm_message(client, monkeypatch):
    from chalicelib.web import embed

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(embed.views, "assessment", broken)
    response = client.http.get(EMBED)
    assert response.status_code == 500
    assert config(response)["error"] == "internal-error"
    assert "a bug" not in response.body.decode() and "Traceback" not in response.body.decode()


def test_demo_page_shows_the_snippet_and_embeds_it_from_the_configured_site(client, monkeypatch, catalog):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    response = client.http.get("/demo")
    html = response.body.decode()
    slug = catalog.entries()[0].slug
    snippet = (
        f'<script async src="http://127.0.0.1:8000/widget.js" data-assessment="{slug}" data-partner="demo"></script>'
    )
    assert response.status_code == 200
    assert snippet.replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;") in html
    assert f'<script async src="http://127.0.0.1:8000/widget.js" data-assessment="{slug}"' in html
    assert 'href="http://localhost:8000/demo"' in html
    policy = directives(response)
    assert policy["frame-src"] == "http://127.0.0.1:8000"
    assert policy["script-src"] == "'self' http://127.0.0.1:8000"


def test_the_demo_page_lets_a_partner_pick_any_assessment_with_a_plain_get_form(client, monkeypatch, catalog):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    everyone = catalog.entries()
    options = None
    for assessment in everyone:
        response = client.http.get(f"/demo?assessment={assessment.slug}")
        html = response.body.decode()
        assert response.status_code == 200
        assert f'<script async src="http://127.0.0.1:8000/widget.js" data-assessment="{assessment.slug}"' in html
        assert f"data-assessment=&#34;{assessment.slug}&#34;" in html  # the snippet shown to copy
        form = re.search(r'<form method="get" action="/demo">(.*?)</form>', html, re.S).group(1)
        assert '<label for="assessment-choice">' in form and '<select id="assessment-choice" name="assessment">' in form
        options = re.findall(r'<option value="([^"]+)"( selected)?>', form)
        assert [value for value, _ in options] == [a.slug for a in everyone]
        assert [value for value, chosen in options if chosen] == [assessment.slug]
    assert options and "form-action 'self'" in client.http.get("/demo").headers["Content-Security-Policy"]


@pytest.mark.parametrize(("query", "status"), [("?assessment=no-such-assessment", 404), ("?slug=x", 422)])
def test_the_demo_page_refuses_an_unknown_assessment_or_parameter(client, monkeypatch, query, status):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000")
    response = client.http.get(f"/demo{query}")
    assert response.status_code == status and "no-such-assessment" not in response.body.decode()


def test_demo_page_exists_only_where_the_demo_partner_may_frame_it(client, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://assessments.example")
    assert client.http.get("/demo").status_code == 404


def test_shipped_scripts_never_use_unsafe_dom_or_storage_apis():
    forbidden = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|localStorage|"
        r"sessionStorage|indexedDB|document\.cookie|postMessage\([^)]*'\*'"
    )
    for path in sorted(STATIC_DIR.glob("embed-*.js")):
        code = "\n".join(line for line in path.read_text().splitlines() if not line.strip().startswith("//"))
        assert not forbidden.findall(code), path.name


def question_markup(html: str) -> str:
    return re.search(r'<fieldset id="question".*?</fieldset>', html, re.S).group(0)


def test_the_frame_and_the_site_draw_the_first_question_with_the_same_markup(client):
    site = client.http.get(f"/assessments/{SEED}").body.decode()
    frame = client.http.get(f"{EMBED}?partner=demo").body.decode()
    # One macro: only the prompt's heading level differs (the site nests it under "Answer a few questions").
    assert question_markup(site).replace("h3", "h2") == question_markup(frame)


def test_the_frame_ships_its_markup_as_templates_and_its_words_in_its_config(client):
    response = client.http.get(f"{EMBED}?partner=demo")
    html = response.body.decode()
    for name in ("question", "option", "summary", "section", "checklist", "item", "resources", "more-help"):
        assert f'<template id="{name}-template">' in html, name
    assert "November 30, 2026" in html.split('<template id="summary-template">', 1)[1]  # the seed's last_reviewed
    messages = config(response)["messages"]
    assert messages["progress"] == "Question %(number)s of %(total)s" and messages["next"] == "Next"
    assert '<template id="resources-template">' not in client.http.get(EMBED).body.decode(), "no partner, no help"


def test_show_title_false_hides_the_frames_title_and_intro_for_a_page_that_shows_them(client):
    shown = client.http.get(EMBED).body.decode()
    hidden = client.http.get(f"{EMBED}?show-title=false").body.decode()
    assert '<html lang="en">' in shown
    assert '<html lang="en" class="hide-title">' in hidden
    assert 'id="intro"' in hidden, "the script still finds the intro, which the stylesheet hides"


def test_the_frame_marks_emergency_answers_and_keeps_its_content_version_out_of_sight(client, catalog):
    response = client.http.get(f"{EMBED}?partner=demo")
    html = response.body.decode()
    flags = [o.id for o in catalog.assessment(SEED).question("red-flags").options if o.id != "none"]
    urgent = config(response)["urgent"]
    assert list(urgent) == ["red-flags"] and sorted(urgent["red-flags"]) == sorted(flags), "every red flag, only"
    assert "Content version" not in html
    assert f'<meta name="content-version" content="{catalog.version}">' in html
    assert '<template id="quote-template"><li><blockquote></blockquote></li></template>' in html


def test_the_frame_stylesheet_starts_with_the_sites_shared_look(client):
    shared = client.http.get("/static/shared.css").body
    frame_css = client.http.get("/static/embed-questionnaire.css").body
    assert frame_css.startswith(shared) and len(frame_css) > len(shared)


def test_the_shipped_loader_is_its_source_minified_every_string_as_written():
    source = (STATIC_DIR.parents[2] / "widget" / "loader.js").read_text()
    shipped = (STATIC_DIR / "embed-loader.js").read_text()
    assert shipped.count("\n") < source.count("\n") / 10 and len(shipped) < len(source) * 0.75
    assert "The host page hears" in source and "The host page hears" not in shipped, "comments are not shipped"
    for code in (
        "'assessment-library'",
        "`${NS}:${type}`",
        "`${origin}/${path}assessments/${slug}`",
        "'frame-blocked'",
    ):
        assert code in source and code in shipped
