"""The library site: browsable pages, the questionnaire without JavaScript, the printable summary.

Translates HTTP to calls and back; the content views, the steps and the summary are decided elsewhere. Every page
is at its English address and, for each other language the library declares, under that language's code
(`/es/topics/x`): a route takes an optional `locale`, the first segment of its address. API Gateway wants one
name for the path variables at one level, so that segment is `{locale}` in every route (the root's too).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from chalice import Blueprint, Response

from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.problems import Problem, not_found
from chalicelib.web import seo, served, steps, views, words
from chalicelib.web.pages import (
    about,
    error_page,
    form_fields,
    html_problems,
    page,
    private_page,
    redirect,
)
from chalicelib.web.responses import etagged, handles_problems
from chalicelib.web.words import N_

if TYPE_CHECKING:
    from chalicelib.runtime.catalog import Catalog
    from chalicelib.web.models.views import AssessmentView

site = Blueprint(__name__)


def in_language(view: Callable[..., Response]) -> Callable[..., Response]:
    """`view` at its English address and under each other language's prefix: it is called with the catalog being
    served and the locale the address names, and its failures are error pages in that language. A prefix that is
    not one of the library's other languages (`/fr/` when it offers none, or `/en/`: English has no prefix) is the
    friendly 404."""

    @functools.wraps(view)
    @html_problems  # failures before the language is known: in English
    def wrapped(locale: str | None = None, **params: str) -> Response:
        catalog = served.catalog()
        language = DEFAULT_LOCALE if locale is None else _prefixed(catalog, locale)
        return handles_problems(functools.partial(error_page, locale=language))(view)(catalog, language, **params)

    return wrapped


def _prefixed(catalog: Catalog, locale: str) -> str:
    if locale == DEFAULT_LOCALE or locale not in catalog.locales:
        raise _missing("page")
    return locale


def _public(catalog: Catalog, locale: str, path: str, title: str, description: str) -> dict:
    """A public page's head: title, description, canonical address in its language, and its other languages."""
    locales = catalog.library.locales
    return {
        "title": title,
        "description": description,
        "canonical": seo.absolute(seo.localized(path, locale)),
        "alternates": seo.alternates(path, locales),
        "languages": seo.languages(path, locales),
    }


@site.route("/", methods=["GET", "HEAD"])
@site.route("/{locale}", methods=["GET", "HEAD"])
@in_language
def home(catalog: Catalog, locale: str) -> Response:
    """The library's home page; `/{locale}` is the home page in that language (`/es/`), any other first segment
    the friendly 404 (concrete routes always match first)."""
    request = site.current_request
    library = views.library(catalog, locale)
    return page(
        request,
        "home.html",
        locale,
        library=library,
        **_public(catalog, locale, seo.home_path(), library.title, library.promise),
    )


@site.route("/categories/{slug}", methods=["GET", "HEAD"])
@site.route("/{locale}/categories/{slug}", methods=["GET", "HEAD"])
@in_language
def category(catalog: Catalog, locale: str, slug: str) -> Response:
    _ = words.translations(locale).gettext
    request = site.current_request
    found = next((c for c in views.library(catalog, locale).categories if c.slug == slug), None)
    if found is None:
        raise _missing("category")
    trail = seo.crumbs(catalog, locale, category=slug)
    title = _("More in %(name)s") % {"name": found.title}
    return page(
        request,
        "category.html",
        locale,
        category=found,
        crumbs=trail,
        json_ld=[seo.json_ld(seo.breadcrumb_ld(trail))],
        **_public(catalog, locale, seo.category_path(slug), title, found.description),
    )


@site.route("/topics/{slug}", methods=["GET", "HEAD"])
@site.route("/{locale}/topics/{slug}", methods=["GET", "HEAD"])
@in_language
def topic(catalog: Catalog, locale: str, slug: str) -> Response:
    _ = words.translations(locale).gettext
    request = site.current_request
    placed = catalog.topic(slug)
    if placed is None:
        raise _missing("topic")
    parent = next(c for c in views.library(catalog, locale).categories if c.slug == placed[0].slug)
    found = next(t for t in parent.topics if t.slug == slug)
    trail = seo.crumbs(catalog, locale, category=parent.slug, topic=slug)
    title = _("More in %(name)s") % {"name": found.title}
    return page(
        request,
        "topic.html",
        locale,
        topic=found,
        category=parent,
        crumbs=trail,
        json_ld=[seo.json_ld(seo.breadcrumb_ld(trail))],
        **_public(catalog, locale, seo.topic_path(slug), title, found.description),
    )


@site.route("/assessments/{slug}", methods=["GET", "HEAD"])
@site.route("/{locale}/assessments/{slug}", methods=["GET", "HEAD"])
@in_language
def assessment(catalog: Catalog, locale: str, slug: str) -> Response:
    request = site.current_request
    view = _view(catalog, slug, locale)
    place = catalog.placement(slug)
    trail = seo.crumbs(catalog, locale, category=place.category.slug, topic=place.topic.slug)
    ld = [seo.breadcrumb_ld(trail)] + ([seo.faq_ld(view.faq)] if view.faq else [])
    found = catalog.assessment(slug)
    return page(
        request,
        "assessment.html",
        locale,
        view=view,
        crumbs=trail,
        json_ld=[seo.json_ld(data) for data in ld],
        step=_step_view(view, steps.first_step(catalog.prepared(slug)), catalog.prepared(slug).urgent_options, locale),
        translation_note=words.translation_note(found, locale),
        **_public(catalog, locale, seo.assessment_path(slug), view.title, view.description),
    )


@site.route("/assessments/{slug}/questionnaire", methods=["POST"], content_types=["*/*"])
@site.route("/{locale}/assessments/{slug}/questionnaire", methods=["POST"], content_types=["*/*"])
@in_language
def questionnaire(catalog: Catalog, locale: str, slug: str) -> Response:
    """One step of the questionnaire without JavaScript; the last step answers with the summary page."""
    _ = words.translations(locale).gettext
    request = site.current_request
    if request.query_params:
        raise Problem(400, N_("Answers never go in the address"), N_("This form takes its answers in the body only."))
    view = _view(catalog, slug, locale)
    prepared = catalog.prepared(slug)
    languages = seo.languages(seo.assessment_path(slug), catalog.library.locales)  # a step or summary is not linked
    try:
        outcome = steps.advance(prepared, form_fields(request))
    except Problem as problem:
        return error_page(problem, restart=seo.assessment_path(slug), locale=locale)
    if isinstance(outcome, steps.Step):
        step = _step_view(view, outcome, prepared.urgent_options, locale)
        title = _("Question %(number)s of %(total)s") % step + ": " + view.title
        if outcome.error:
            title = _("Error: %(title)s") % {"title": title}
        status = 422 if outcome.error else 200
        return private_page(
            "step.html",
            status,
            locale,
            view=view,
            step=step,
            title=title,
            description=view.description,
            languages=languages,
        )
    summary = prepared.summarize(outcome.answers, locale)
    return private_page(
        "summary.html",
        locale=locale,
        view=view,
        summary=summary,
        about=about(catalog, prepared.assessment, locale),
        title=_("Your summary: %(title)s") % {"title": view.title},
        description=view.description,
        languages=languages,
    )


@site.route("/assessments/{slug}/questionnaire", methods=["GET", "HEAD"])
@site.route("/{locale}/assessments/{slug}/questionnaire", methods=["GET", "HEAD"])
@in_language
def questionnaire_start(catalog: Catalog, locale: str, slug: str) -> Response:
    """A bookmarked or reloaded step: answers are never in URLs, so start from the landing page."""
    _view(catalog, slug, locale)
    return redirect(seo.localized(seo.assessment_path(slug), locale) + "#questionnaire")


@site.route("/search", methods=["GET", "HEAD"])
@site.route("/{locale}/search", methods=["GET", "HEAD"])
@in_language
def search(catalog: Catalog, locale: str) -> Response:
    """Search results for `?q=` in the page's language (the same address under each language's prefix)."""
    _ = words.translations(locale).gettext
    request = site.current_request
    query = (request.query_params or {}).get("q") or ""
    try:
        wanted = views.query_terms(query)
    except Problem:
        raise Problem(
            422, N_("Search not understood"), N_("Please search with a few words, without special characters.")
        ) from None
    found = views.assessment_list(catalog, locale, None, None, wanted).assessments if wanted else ()
    kept = f"?{urlencode({'q': query})}" if query else ""  # the same search in the other language
    title = _("Search results for “%(query)s”") % {"query": query} if wanted else _("Search the library")
    return page(
        request,
        "search.html",
        locale,
        query=query,
        searched=bool(wanted),
        results=found,
        categories=views.library(catalog, locale).categories,
        title=title,
        description=_("Find a questionnaire in the library."),
        languages=tuple(
            language._replace(path=language.path + kept)
            for language in seo.languages(seo.search_path(), catalog.library.locales)
        ),
    )


@site.route("/sitemap.xml", methods=["GET", "HEAD"])
@html_problems
def sitemap() -> Response:
    return etagged(site.current_request, seo.sitemap_xml(served.catalog()), "application/xml; charset=utf-8")


@site.route("/robots.txt", methods=["GET", "HEAD"])
@html_problems
def robots() -> Response:
    return etagged(site.current_request, seo.robots_txt(), "text/plain; charset=utf-8")


@site.route("/{locale}/{name}", methods=["GET", "HEAD"])
@in_language
def unknown(catalog: Catalog, locale: str, name: str) -> Response:
    """Any other address of two segments: the friendly 404 page, in the language its prefix names."""
    raise _missing("page")


def _missing(what: str) -> Problem:
    problem = not_found(what)
    return Problem(404, N_("Page not found"), problem.detail)


def _view(catalog: Catalog, slug: str, locale: str) -> AssessmentView:
    found = catalog.assessment(slug)
    if found is None:
        raise _missing("assessment")
    return views.assessment(catalog, found, locale)


def _step_view(view: AssessmentView, step: steps.Step, urgent: dict[str, tuple[str, ...]], locale: str) -> dict:
    """The step with its question in the page's language (`urgent`: see PreparedAssessment.urgent_options)."""
    _ = words.translations(locale).gettext
    return {
        "urgent": urgent.get(step.question.id, ()),
        "question": next(q for q in view.questions if q.id == step.question.id),
        "number": step.number,
        "total": step.total,
        "hidden": [(steps.CURRENT, step.question.id), *step.hidden],  # the buttons post steps.GO ("go")
        "chosen": step.chosen,
        "error": _(step.error) if step.error else "",
        "action": seo.localized(f"/assessments/{view.slug}/questionnaire", locale),
    }
