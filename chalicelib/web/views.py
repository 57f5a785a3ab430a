"""Content shown in one locale: the view models the API's GET routes return, built from the content models."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from chalicelib.core.content import Assessment, AssessmentEntry, pick
from chalicelib.core.fields import DEFAULT_LOCALE, LOCALE_PATTERN
from chalicelib.core.kinds import KINDS
from chalicelib.core.problems import FieldProblem, Problem, invalid_request
from chalicelib.runtime.catalog import Catalog
from chalicelib.web import words

if TYPE_CHECKING:
    from chalicelib.web.models.views import AssessmentCard, AssessmentList, AssessmentView, Health, LibraryView

# The view models are imported where they are used: only GET routes need them, and creating them costs a
# cold start that serves a POST first about 10 ms.


def locale_for(requested: str | None, available: Collection[str]) -> str:
    """The locale to show: English when none is asked for; the one asked for when the library offers it, or
    its language when it offers that (`es-MX` is served as `es`, and says so in Content-Language); 422 when
    malformed, and 422 naming the offered ones when the library does not have that language."""
    if requested is None:
        return DEFAULT_LOCALE
    if not LOCALE_PATTERN.match(requested):
        raise invalid_request(
            (FieldProblem("locale", f"must look like 'en' or 'en-US'; we offer {offered(available)}"),)
        )
    language = requested.split("-")[0]
    if requested in available:
        return requested
    if language in available:
        return language
    raise unsupported_locale(available)


def offered(locales: Collection[str]) -> str:
    """The locales the library offers, as a problem names them: "en, es" (English first)."""
    return ", ".join(sorted(locales, key=lambda code: (code != DEFAULT_LOCALE, code)))


def unsupported_locale(locales: Collection[str]) -> Problem:
    """422 for a well-formed locale the library does not offer, naming the ones it does."""
    names = offered(locales)
    return Problem(
        422,
        "Unsupported locale",
        f"We do not offer that language; we offer {names}.",
        (FieldProblem("locale", f"we offer {names}"),),
    )


def summary(data: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    """The core's summary as the API shows it: with the words about its review and its translation's review,
    in its locale."""
    locale = data["locale"]
    return {
        **data,
        "review_note": words.review_note(data["review_status"], locale),
        "translation_note": words.translation_note(assessment, locale),
    }


def health(catalog: Catalog) -> Health:
    from chalicelib.web.models.views import Health

    return Health(status="ok", content_version=catalog.version)


def card(catalog: Catalog, entry: AssessmentEntry, locale: str) -> AssessmentCard:
    """An assessment's card, from what the index says of it (the assessment itself is not read)."""
    from chalicelib.web.models.views import AssessmentCard

    place = catalog.placement(entry.slug)
    return AssessmentCard(
        slug=entry.slug,
        title=pick(entry.title, locale),
        description=pick(entry.description, locale),
        estimated_minutes=entry.estimated_minutes,
        category=place.category.slug,
        topic=place.topic.slug,
    )


def library(catalog: Catalog, locale: str) -> LibraryView:
    from chalicelib.web.models.views import CategoryView, LibraryView, TopicView

    lib = catalog.library
    return LibraryView(
        title=pick(lib.title, locale),
        promise=pick(lib.promise, locale),
        categories=tuple(
            CategoryView(
                slug=c.slug,
                title=pick(c.title, locale),
                description=pick(c.description, locale),
                topics=tuple(
                    TopicView(
                        slug=t.slug,
                        title=pick(t.title, locale),
                        description=pick(t.description, locale),
                        assessments=tuple(card(catalog, catalog.entry(s), locale) for s in t.assessments),
                    )
                    for t in c.topics
                ),
            )
            for c in lib.categories
        ),
        content_version=catalog.version,
    )


def assessment_list(catalog: Catalog, locale: str, category: str | None, topic: str | None) -> AssessmentList:
    from chalicelib.web.models.views import AssessmentList

    found = catalog.entries(category, topic)
    return AssessmentList(assessments=tuple(card(catalog, e, locale) for e in found), content_version=catalog.version)


def assessment(catalog: Catalog, item: Assessment, locale: str) -> AssessmentView:
    from chalicelib.web.models.views import (
        AssessmentView,
        EntryView,
        FaqView,
        OptionView,
        QuestionView,
        SourceView,
        StaticSectionView,
    )

    def text(value):
        return None if value is None else pick(value, locale)

    return AssessmentView(
        **card(catalog, catalog.entry(item.slug), locale).model_dump(),
        locale=locale,
        intro=pick(item.intro, locale),
        questions=tuple(
            QuestionView(
                id=q.id,
                kind=q.kind,
                prompt=pick(q.prompt, locale),
                help=text(q.help),
                required=q.required,
                show_if=q.show_if,
                input_type=KINDS[q.kind].input_type,
                options=tuple(
                    OptionView(id=o.id, label=pick(o.label, locale), exclusive=o.exclusive) for o in q.options
                ),
            )
            for q in item.questions
        ),
        static_sections=tuple(
            StaticSectionView(
                id=s.id,
                title=pick(s.title, locale),
                intro=text(s.intro),
                entries=tuple(EntryView(heading=pick(e.heading, locale), body=pick(e.body, locale)) for e in s.entries),
            )
            for s in item.static_sections
        ),
        faq=tuple(FaqView(question=pick(f.question, locale), answer=pick(f.answer, locale)) for f in item.faq),
        related=tuple(card(catalog, catalog.entry(s), locale) for s in item.related),
        sources=tuple(SourceView(title=pick(s.title, locale), publisher=s.publisher, url=s.url) for s in item.sources),
        last_reviewed=item.last_reviewed,
        review_status=item.review.status,
        review_note=words.review_note(item.review.status, locale),
        translation_note=words.translation_note(item, locale),
        disclaimer=pick(catalog.library.disclaimer, locale),
        content_version=catalog.version,
    )
