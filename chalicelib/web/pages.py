"""HTML in and out for the blueprints: templates, the headers every page carries, form bodies, error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from chalice import Response
from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined

from chalicelib.core.problems import Problem
from chalicelib.web import caching
from chalicelib.web.assets import asset_url
from chalicelib.web.models.requests import MAX_BODY_BYTES
from chalicelib.web.responses import SECURITY_HEADERS, etagged, handles_problems, media_type

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
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
PAGE_HEADERS = {**SECURITY_HEADERS, "Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"}
PRIVATE = {**PAGE_HEADERS, "Content-Type": HTML, "Cache-Control": caching.NEVER}


def environment(loader: BaseLoader) -> Environment:
    """The page templates' environment."""
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["asset_url"] = asset_url
    return env


_env = environment(FileSystemLoader(TEMPLATES))


def render(template: str, **context: Any) -> str:
    """A template from chalicelib/templates rendered with autoescape; missing variables are errors."""
    return _env.get_template(template).render(**context)


def page(request: Any, template: str, **context: Any) -> Response:
    """A public, cacheable page (ETag, 304) with the page security headers."""
    return etagged(request, render(template, **context), HTML, PAGE_HEADERS)


def private_page(template: str, status: int = 200, **context: Any) -> Response:
    """A page about one parent's answers: never cached, never sends a referrer."""
    return Response(body=render(template, **context), status_code=status, headers=PRIVATE)


def redirect(location: str) -> Response:
    return Response(
        body="", status_code=303, headers={**PAGE_HEADERS, "Cache-Control": caching.NEVER, "Location": location}
    )


def form_fields(request: Any) -> dict[str, list[str]]:
    """An HTML form body as name -> values, or a Problem: 415 wrong type, 413 too big, 400 unreadable."""
    if media_type(request) != "application/x-www-form-urlencoded":
        raise Problem(415, "Unsupported media type", "This address takes the questionnaire form, sent by a browser.")
    raw = request.raw_body or b""
    if len(raw) > MAX_BODY_BYTES:
        raise Problem(413, "Form too large", "The form sent was larger than this questionnaire can ever be.")
    try:
        return parse_qs(
            raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw), max_num_fields=MAX_FORM_FIELDS
        )
    except ValueError:  # bad UTF-8, a malformed pair, or too many fields
        raise Problem(
            400, "Form not understood", "The form could not be read. Please start the questions again."
        ) from None


def error_page(problem: Problem, restart: str | None = None) -> Response:
    """The HTML error page for a Problem; `restart` links back to where the parent can begin again."""
    response = private_page(
        "error.html",
        status=problem.status,
        problem=problem,
        restart=restart,
        title=problem.title,
        description=problem.detail,
    )
    response.headers.update(dict(problem.headers))
    return response


html_problems = handles_problems(error_page)
"""For HTML routes: every failure is a friendly error page."""
