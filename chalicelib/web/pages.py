"""HTML in and out for the blueprints: templates, the headers every page carries, form bodies, error pages."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs

from chalice import Response
from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined

from chalicelib.core.content import pick
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.problems import Problem
from chalicelib.web import caching, seo, served, views, words
from chalicelib.web.assets import asset_url
from chalicelib.web.models.requests import MAX_BODY_BYTES, MAX_QUERY_LENGTH
from chalicelib.web.responses import SECURITY_HEADERS, etagged, handles_problems, media_type
from chalicelib.web.words import N_

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCALES_DIR = words.LOCALES_DIR
HTML = "text/html; charset=utf-8"
MAX_FORM_FIELDS = 60

# Only our own origin, for everything; our own pages may frame our own pages (the widget's iframe),
# and nobody else may frame these.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
# Read-only: a response gets its own copy, which the middleware and `error_page` then add to.
PAGE_HEADERS = MappingProxyType({**SECURITY_HEADERS, "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"})
PRIVATE = MappingProxyType({**PAGE_HEADERS, "Content-Type": HTML, "Cache-Control": caching.NEVER})


def environment(loader: BaseLoader, locale: str = DEFAULT_LOCALE) -> Environment:
    """The page templates' environment for one locale: `_()`, `ngettext()` and `{% trans %}` read its catalog."""
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    # Content already has typographic quotes (core/content.py); this gives the same to the pages' own words.
    env.finalize = lambda value: words.typographic(value) if type(value) is str else value
    env.install_gettext_translations(words.translations(locale), newstyle=True)
    env.globals["asset_url"] = asset_url
    env.globals["emergency_number"] = words.EMERGENCY_NUMBER
    env.globals["max_query_length"] = MAX_QUERY_LENGTH
    env.globals["long_date"] = lambda day: words.long_date(day, locale)
    env.globals["review_note"] = lambda status: words.review_note(status, locale)
    env.globals["og_locale"] = words.territory_locale(locale)
    env.globals["territory_locale"] = words.territory_locale
    env.globals["localized"] = lambda path: seo.localized(path, locale)  # links stay in the page's language
    return env


@cache
def _env(locale: str) -> Environment:
    return environment(FileSystemLoader(TEMPLATES), locale)


def render(template: str, locale: str = DEFAULT_LOCALE, **context: Any) -> str:
    """A template from chalicelib/web/templates in `locale` (its words and `<html lang>`), with autoescape;
    missing variables are errors."""
    return _env(locale).get_template(template).render(locale=locale, **context)


def about(catalog: Any, assessment: Any, locale: str) -> dict[str, Any]:
    """What a summary's notes say about the assessment: the disclaimer, its review and its translation's, the
    content version."""
    return {
        "disclaimer": pick(catalog.library.disclaimer, locale),
        "review_status": assessment.review.status,
        "translation_note": words.translation_note(assessment, locale),
        "last_reviewed": assessment.last_reviewed,
        "content_version": catalog.version,
    }


def page(request: Any, template: str, locale: str = DEFAULT_LOCALE, **context: Any) -> Response:
    """A public, cacheable page (ETag, 304) with the page security headers."""
    return etagged(request, render(template, locale, **context), HTML, PAGE_HEADERS)


def private_page(template: str, status: int = 200, locale: str = DEFAULT_LOCALE, **context: Any) -> Response:
    """A page about one parent's answers: never cached, never sends a referrer."""
    return Response(body=render(template, locale, **context), status_code=status, headers=dict(PRIVATE))


def redirect(location: str) -> Response:
    return Response(
        body="", status_code=303, headers={**PAGE_HEADERS, "Cache-Control": caching.NEVER, "Location": location}
    )


def form_fields(request: Any) -> dict[str, list[str]]:
    """An HTML form body as name -> values, or a Problem: 415 wrong type, 413 too big, 400 unreadable."""
    if media_type(request) != "application/x-www-form-urlencoded":
        raise Problem(
            415, N_("Unsupported media type"), N_("This address takes the questionnaire form, sent by a browser.")
        )
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise Problem(413, N_("Form too large"), N_("The form sent was larger than this questionnaire can ever be."))
    try:
        return parse_qs(
            raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw), max_num_fields=MAX_FORM_FIELDS
        )
    except ValueError:  # bad UTF-8, a malformed pair, or too many fields
        raise Problem(
            400, N_("Form not understood"), N_("The form could not be read. Please start the questions again.")
        ) from None


def error_page(problem: Problem, restart: str | None = None, locale: str = DEFAULT_LOCALE) -> Response:
    """The HTML error page for a Problem, in `locale`; `restart` (an English path) links back to where the parent
    can begin again. Titles and details marked for the catalog (`N_`) are shown in `locale`."""
    title, detail = words.gettext(locale, problem.title), words.gettext(locale, problem.detail)
    try:
        catalog = served.catalog()
    except Problem:  # content cannot be read: no suggestions, and no other language to offer
        catalog = None
    response = private_page(
        "error.html",
        status=problem.status,
        locale=locale,
        problem=problem,
        restart=restart,
        suggestions=views.library(catalog, locale) if catalog and problem.status == 404 else None,
        languages=seo.languages(restart or seo.home_path(), catalog.library.locales if catalog else (locale,)),
        title=title,
        description=detail,
    )
    response.headers.update(dict(problem.headers))
    return response


html_problems = handles_problems(error_page)
"""For HTML routes: every failure is a friendly error page."""
