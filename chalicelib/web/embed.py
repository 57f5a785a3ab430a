"""The embeddable widget's routes: the loader, the framed questionnaire (carrying a partner's look), the demo page.

They translate HTTP to calls and back. What the frame shows comes from views and the catalog; which
sites may frame it comes from the partner registry (CSP frame-ancestors).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import urlsplit

from chalice import Blueprint, Response
from markupsafe import Markup

from chalicelib.core.content import Partner, pick
from chalicelib.core.fields import DEFAULT_LOCALE as LOCALE
from chalicelib.core.problems import Problem, not_found
from chalicelib.runtime import settings
from chalicelib.runtime.catalog import Catalog
from chalicelib.web import caching, served, views, words
from chalicelib.web.assets import read_asset
from chalicelib.web.pages import HTML, about, render
from chalicelib.web.responses import SECURITY_HEADERS, check_query, etagged, handles_problems
from chalicelib.web.words import N_

log = logging.getLogger(__name__)
embed = Blueprint(__name__)

LOADER = "embed-loader.js"
STYLESHEET = "embed-questionnaire.css"
SCRIPT = "embed-questionnaire.js"
MESSAGE_SCRIPT = "embed-frame.js"  # a message page needs only the frame's part of the script
LOADER_CACHE = caching.LOADER  # partners paste an unversioned URL: keep it short, revalidate by ETag

# What a parent reads in the frame when it cannot show the questionnaire (keyed by problem type).
MESSAGES = MappingProxyType(
    {
        "unknown-partner": (
            N_("This questionnaire is not set up for this site"),
            N_(
                "The page's embed code names a partner we do not know. The site owner can check its data-partner value."
            ),
        ),
        "not-found": (
            N_("We could not find this questionnaire"),
            N_("It may have moved or been renamed. The site owner can check the embed code's data-assessment value."),
        ),
        "invalid-request": (
            N_("This questionnaire is not set up right"),
            N_("The page's embed code has a setting we cannot read. The site owner can check the embed code."),
        ),
        "content-unavailable": (
            N_("The questionnaire cannot load right now"),
            N_("This is a problem on our side, not yours. Please try again in a few minutes."),
        ),
        "internal-error": (
            N_("Something went wrong"),
            N_("This is a problem on our side, not yours. Please try again in a few minutes."),
        ),
    }
)

# The words the frame's script shows, given to it in its config; `%(name)s` marks where it puts a value.
SCRIPT_MESSAGES = MappingProxyType(
    {
        "progress": N_("Question %(number)s of %(total)s"),
        "next": N_("Next"),
        "finish": N_("See my summary"),
        "pick_one": N_("Please pick an answer to go on."),
        "pick_some": N_("Please pick at least one answer to go on."),
        "sending": N_("Getting your summary…"),
        "retry": N_("Try again"),
        "offline": N_(
            "We could not reach our service. Your answers are still here. Check your connection, then try again."
        ),
        "busy": N_(
            "Many people are using this right now. You can try again in %(seconds)s seconds. "
            "Your answers are still here."
        ),
        "failed": N_("Something went wrong on our side. Your answers are still here. Please try again in a moment."),
    }
)


def page_policy(
    frame_ancestors: str, widget_origin: str | None = None, scripts: str = "'self'", styles: str = "'self'"
) -> dict[str, str]:
    """Strict CSP (no inline code or style but the exact texts whose hashes `scripts` and `styles` name) and no
    Referer, for a page we serve. `widget_origin` lets a page (the demo) load the loader and frame from the
    configured site."""
    if widget_origin:
        scripts = f"{scripts} {widget_origin}"
    csp = (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; img-src 'self'; "
        f"form-action 'self'; base-uri 'none'; frame-ancestors {frame_ancestors}"
    )
    if widget_origin:
        csp += f"; frame-src {widget_origin}"
    return {"Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"}


@lru_cache(maxsize=64)
def inline(text: str, tag: str) -> tuple[Markup, str]:
    """`text` to write inside a <script> or <style> element, and the CSP source allowing exactly it ('sha256-...').
    Computed once per built file and per partner look (docs/benchmarks.md, "Where the first question's time goes")."""
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise ValueError(f"this text would end its <{tag}> element early")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"


def _frame_page(
    template: str, locale: str, script: str, look: str | None, frame_ancestors: str, **context
) -> tuple[str, dict[str, str]]:
    """A frame page carrying its stylesheet (ours, then the partner's look, which wins) and its script, and the CSP
    allowing exactly those texts: the browser shows the first question without asking for another file."""
    styles = [inline(read_asset(STYLESHEET)[0], "style")] + ([inline(look, "style")] if look else [])
    code, allowed = inline(read_asset(script)[0], "script")
    html = render(template, locale, styles=[text for text, _ in styles], script=code, **context)
    return html, page_policy(frame_ancestors, scripts=allowed, styles=" ".join(source for _, source in styles))


def problem_code(problem: Problem) -> str:
    return problem.type.rsplit("/", 1)[1]


def _message(problem: Problem) -> Response:
    """A calm page in place of the questionnaire, in the frame's language. Anyone may frame it (it holds no
    questionnaire and no answers), so a partner's page shows the words instead of a blocked box, and its script
    sends the host an error event."""
    code = problem_code(problem)
    locale = _message_locale()
    heading, detail = (words.gettext(locale, text) for text in MESSAGES.get(code, (problem.title, problem.detail)))
    html, policy = _frame_page("embed-message.html",
        locale, MESSAGE_SCRIPT, None, "*", title=heading, heading=heading, detail=detail,
        config={"ancestors": ["*"], "error": code},
    )  # fmt: skip
    headers = {**SECURITY_HEADERS, **policy, "Content-Type": HTML, "Cache-Control": caching.NEVER}
    return Response(body=html, status_code=problem.status, headers={**headers, **dict(problem.headers)})  # Retry-After


def _message_locale() -> str:
    """The language the frame asked for, when the library offers it (English when content cannot be read)."""
    try:
        return _frame_locale((embed.current_request.query_params or {}).get("locale"), served.catalog())[0]
    except Problem:
        return LOCALE


def _frame_locale(requested: str | None, catalog: Catalog) -> tuple[str, str | None]:
    """The frame's locale, and a word for the site owner when it is not the one asked for. A partner's typo in
    data-locale must not blank the widget: a locale the library does not offer, or a malformed one, shows
    English, and the frame says why in the console (never repeating the value)."""
    try:
        return views.locale_for(requested, catalog.locales), None
    except Problem:
        offered = views.offered(catalog.locales)
        return LOCALE, f"data-locale is not a language this questionnaire offers ({offered}); showing English"


framed_problems = handles_problems(_message)
"""For the frame's routes: every failure is a calm message page in place of the questionnaire."""


def _partner(catalog: Catalog, partner_id: str | None) -> Partner | None:
    if partner_id is None:
        return None
    partner = catalog.partner(partner_id)
    if partner is None:
        raise Problem(404, "Unknown partner", "There is no partner with that id.")
    return partner


@embed.route("/widget.js", methods=["GET", "HEAD"])
@framed_problems
def loader() -> Response:
    data, _ = read_asset(LOADER)
    headers = {"Cache-Control": LOADER_CACHE, "Cross-Origin-Resource-Policy": "cross-origin"}
    return etagged(embed.current_request, data, "text/javascript; charset=utf-8", headers)


@embed.route("/embed/{slug}", methods=["GET", "HEAD"])
@framed_problems
def questionnaire(slug: str) -> Response:
    request = embed.current_request
    params = check_query(request, {"partner", "locale", "show-title"})
    catalog = served.catalog()
    partner = _partner(catalog, params.get("partner"))
    found = catalog.assessment(slug)
    if found is None:
        raise not_found("assessment")
    prepared = catalog.prepared(slug)
    locale, warning = _frame_locale(params.get("locale"), catalog)
    view = views.assessment(catalog, found, locale)
    ancestors = list(partner.origins) if partner else ["'self'"]
    resources = [
        {"title": pick(r.title, locale), "description": pick(r.description, locale), "url": r.url}
        for r in (partner.resources if partner else ())
    ]
    questions = view.questions
    config = {
        "ancestors": ancestors,
        "api": f"../v1/assessments/{found.slug}/responses",
        "locale": locale,
        "questions": [q.model_dump(mode="json", by_alias=True, exclude_none=True) for q in questions],
        "urgent": prepared.urgent_options,
        "partner": {"name": partner.name if partner else "", "resources": resources},
        "messages": {key: words.typographic(words.gettext(locale, text)) for key, text in SCRIPT_MESSAGES.items()},
    }
    if warning:
        config["warning"] = warning
    html, policy = _frame_page(
        "embed.html",
        locale,
        SCRIPT,
        _look(partner),
        " ".join(ancestors),
        title=view.title,
        hide_title=params.get("show-title") == "false",  # the host page shows the title and intro itself
        view=view,
        total=prepared.progress(0, {}).total,
        config=config,
        about=about(catalog, found, locale),
        resources=resources,
        partner=partner.name if partner else "",
        nurse_line=_nurse_line(partner, locale),
    )
    return etagged(request, html, HTML, policy)


def _look(partner: Partner | None) -> str | None:
    """The partner's look, as CSS custom properties that override ours."""
    if partner is None:
        return None
    look = partner.theme
    return f":root{{--brand:{look.brand_color};--font:{look.font_stack};--radius:{look.corner_radius}px}}\n"


def _nurse_line(partner: Partner | None, locale: str) -> dict[str, str] | None:
    line = partner.nurse_line if partner else None
    return {"href": line.url, "label": pick(line.label, locale)} if line else None


@embed.route("/demo", methods=["GET", "HEAD"])
@framed_problems
def demo() -> Response:
    """A page playing a partner's site, for local runs only (the demo partner allows only loopback hosts), showing
    the assessment `?assessment=` names (the first by default): its form lets a partner try any of them."""
    site = settings.current().site_url
    host = urlsplit(site).hostname
    if host not in {"127.0.0.1", "localhost"}:
        raise not_found("page")
    other = site.replace(host, "localhost" if host == "127.0.0.1" else "127.0.0.1", 1)
    catalog = served.catalog()
    choices = views.cards(catalog, LOCALE)
    slug = check_query(embed.current_request, {"assessment"}).get("assessment", choices[0].slug)
    if catalog.assessment(slug) is None:
        raise not_found("assessment")
    snippet = f'<script async src="{site}/widget.js" data-assessment="{slug}" data-partner="demo"></script>'
    html = render("embed-demo.html", snippet=snippet, site=site, other_origin=other, slug=slug, choices=choices)
    headers = page_policy("'none'", widget_origin=site)
    return etagged(embed.current_request, html, HTML, headers)
