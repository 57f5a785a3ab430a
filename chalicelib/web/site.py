"""The library site: browsable pages, the questionnaire without JavaScript, the printable summary.

Translates HTTP to calls and back; the content views, the steps and the summary are decided elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from chalicelib.core.fields import DEFAULT_LOCALE as LOCALE
from chalicelib.core.problems import Problem, not_found
from chalicelib.runtime.provider import current_catalog
from chalicelib.web import seo, steps, views, words
from chalicelib.web.pages import (
    about,
    error_page,
    form_fields,
    html_problems,
    page,
    private_page,
    redirect,
    urgent_options,
)
from chalicelib.web.responses import etagged
from chalicelib.web.words import N_

if TYPE_CHECKING:
    from chalicelib.web.models.views import AssessmentView

site = Blueprint(__name__)


def _(message: str) -> str:
    return words.gettext(LOCALE, message)


def _meta(path: str, title: str, description: str) -> dict:
    return {"title": title, "description": description, "canonical": seo.absolute(path)}


@site.route("/", methods=["GET", "HEAD"])
@html_problems
def home() -> Response:
    request = site.current_request
    catalog = current_catalog()
    library = views.library(catalog, LOCALE)
    return page(request, "home.html", library=library, **_meta("/", library.title, library.promise))


@site.route("/categories/{slug}", methods=["GET", "HEAD"])
@html_problems
def category(slug: str) -> Response:
    request = site.current_request
    catalog = current_catalog()
    found = next((c for c in views.library(catalog, LOCALE).categories if c.slug == slug), None)
    if found is None:
        raise _missing("category")
    trail = seo.crumbs(catalog, category=slug)
    return page(
        request,
        "category.html",
        category=found,
        crumbs=trail,
        json_ld=[seo.json_ld(seo.breadcrumb_ld(trail))],
        **_meta(seo.category_path(slug), _("More in %(name)s") % {"name": found.title}, found.description),
    )


@site.route("/topics/{slug}", methods=["GET", "HEAD"])
@html_problems
def topic(slug: str) -> Response:
    request = site.current_request
    catalog = current_catalog()
    placed = catalog.topic(slug)
    if placed is None:
        raise _missing("topic")
    parent = next(c for c in views.library(catalog, LOCALE).categories if c.slug == placed[0].slug)
    found = next(t for t in parent.topics if t.slug == slug)
    trail = seo.crumbs(catalog, category=parent.slug, topic=slug)
    return page(
        request,
        "topic.html",
        topic=found,
        category=parent,
        crumbs=trail,
        json_ld=[seo.json_ld(seo.breadcrumb_ld(trail))],
        **_meta(seo.topic_path(slug), _("More in %(name)s") % {"name": found.title}, found.description),
    )


@site.route("/assessments/{slug}", methods=["GET", "HEAD"])
@html_problems
def assessment(slug: str) -> Response:
    request = site.current_request
    catalog = current_catalog()
    view = _view(catalog, slug)
    place = catalog.placement(slug)
    trail = seo.crumbs(catalog, category=place.category.slug, topic=place.topic.slug)
    ld = [seo.breadcrumb_ld(trail)] + ([seo.faq_ld(view.faq)] if view.faq else [])
    return page(
        request,
        "assessment.html",
        view=view,
        crumbs=trail,
        json_ld=[seo.json_ld(data) for data in ld],
        step=_step_view(view, steps.first_step(catalog.prepared(slug)), urgent_options(catalog.assessment(slug))),
        **_meta(seo.assessment_path(slug), view.title, view.description),
    )


@site.route("/assessments/{slug}/questionnaire", methods=["POST"], content_types=["*/*"])
@html_problems
def questionnaire(slug: str) -> Response:
    """One step of the questionnaire without JavaScript; the last step answers with the summary page."""
    request = site.current_request
    if request.query_params:
        raise Problem(400, N_("Answers never go in the address"), N_("This form takes its answers in the body only."))
    catalog = current_catalog()
    view = _view(catalog, slug)
    prepared = catalog.prepared(slug)
    try:
        outcome = steps.advance(prepared, form_fields(request))
    except Problem as problem:
        return error_page(problem, restart=seo.assessment_path(slug))
    if isinstance(outcome, steps.Step):
        step = _step_view(view, outcome, urgent_options(prepared.assessment))
        title = _("Question %(number)s of %(total)s") % step + ": " + view.title
        if outcome.error:
            title = _("Error: %(title)s") % {"title": title}
        status = 422 if outcome.error else 200
        return private_page("step.html", status, view=view, step=step, title=title, description=view.description)
    summary = prepared.summarize(outcome.answers, LOCALE)
    return private_page(
        "summary.html",
        view=view,
        summary=summary,
        flags=views.red_flags(summary),
        about=about(catalog, prepared.assessment, LOCALE),
        title=_("Your summary: %(title)s") % {"title": view.title},
        description=view.description,
    )


@site.route("/assessments/{slug}/questionnaire", methods=["GET", "HEAD"])
@html_problems
def questionnaire_start(slug: str) -> Response:
    """A bookmarked or reloaded step: answers are never in URLs, so start from the landing page."""
    _view(current_catalog(), slug)
    return redirect(seo.assessment_path(slug) + "#questionnaire")


@site.route("/sitemap.xml", methods=["GET", "HEAD"])
@html_problems
def sitemap() -> Response:
    return etagged(site.current_request, seo.sitemap_xml(current_catalog()), "application/xml; charset=utf-8")


@site.route("/robots.txt", methods=["GET", "HEAD"])
@html_problems
def robots() -> Response:
    return etagged(site.current_request, seo.robots_txt(), "text/plain; charset=utf-8")


@site.route("/{name}", methods=["GET", "HEAD"])
@html_problems
def unknown(name: str) -> Response:
    """Any other top-level address: the friendly 404 page (concrete routes always match first)."""
    raise _missing("page")


def _missing(what: str) -> Problem:
    problem = not_found(what)
    return Problem(404, N_("Page not found"), problem.detail)


def _view(catalog, slug: str) -> AssessmentView:
    found = catalog.assessment(slug)
    if found is None:
        raise _missing("assessment")
    return views.assessment(catalog, found, LOCALE)


def _step_view(view: AssessmentView, step: steps.Step, urgent: dict[str, tuple[str, ...]]) -> dict:
    """The step with its question in the page's language (`urgent`: see pages.urgent_options)."""
    return {
        "urgent": urgent.get(step.question.id, ()),
        "question": next(q for q in view.questions if q.id == step.question.id),
        "number": step.number,
        "total": step.total,
        "hidden": [(steps.CURRENT, step.question.id), *step.hidden],  # the buttons post steps.GO ("go")
        "chosen": step.chosen,
        "error": _(step.error) if step.error else "",
        "action": f"/assessments/{view.slug}/questionnaire",
    }
