"""Content shown in one locale: the view models the API's GET routes return, built from the content models."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from chalicelib.core.content import Assessment, AssessmentEntry, pick
from chalicelib.core.fields import DEFAULT_LOCALE, LOCALE_PATTERN
from chalicelib.core.kinds import KINDS
from chalicelib.core.problems import FieldProblem, Problem, invalid_request
from chalicelib.core.related import related
from chalicelib.core.search import search, terms
from chalicelib.runtime.catalog import Catalog
from chalicelib.web import words
from chalicelib.web.models.requests import MAX_QUERY_LENGTH

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


def query_terms(query: str | None) -> tuple[str, ...]:
    """The words to search for in `?q=`, folded (none when it is absent or holds no word); 422 naming `q` when it
    is longer than MAX_QUERY_LENGTH or holds control characters."""
    if query is None:
        return ()
    if len(query) > MAX_QUERY_LENGTH:
        raise invalid_request((FieldProblem("q", f"must be at most {MAX_QUERY_LENGTH} characters"),))
    if any(unicodedata.category(char) == "Cc" for char in query):  # as the `pattern` of `q` in openapi.py says
        raise invalid_request((FieldProblem("q", "must be words, without control characters"),))
    return terms(query)


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


def cards(catalog: Catalog, locale: str) -> tuple[AssessmentCard, ...]:
    """Every assessment's card in `locale`, in library order: what browsing, relating and searching read."""
    return catalog.memo(("cards", locale), lambda: tuple(card(catalog, e, locale) for e in catalog.entries()))


def related_cards(catalog: Catalog, item: Assessment, locale: str) -> tuple[AssessmentCard, ...]:
    """The assessments `item`'s page suggests, in `locale`. Chosen from the English cards, so every language
    suggests the same ones."""
    chosen = related(item.slug, item.related, cards(catalog, DEFAULT_LOCALE))
    shown = {c.slug: c for c in cards(catalog, locale)}
    return tuple(shown[slug] for slug in chosen)


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


def assessment_list(
    catalog: Catalog, locale: str, category: str | None, topic: str | None, wanted: tuple[str, ...] | None = None
) -> AssessmentList:
    """The cards in a category and/or topic (or all), in library order; with `wanted` (folded search terms), only
    those matching them, best first."""
    from chalicelib.web.models.views import AssessmentList

    found = [
        c
        for c in cards(catalog, locale)
        if (category is None or c.category == category) and (topic is None or c.topic == topic)
    ]
    if wanted is not None:
        found = search(wanted, found, *names(catalog, locale))
    return AssessmentList(assessments=tuple(found), content_version=catalog.version)


def names(catalog: Catalog, locale: str) -> tuple[dict[str, str], dict[str, str]]:
    """Topic slugs -> their names in `locale`, and category slugs -> theirs."""
    categories = catalog.library.categories
    return (
        {t.slug: pick(t.title, locale) for c in categories for t in c.topics},
        {c.slug: pick(c.title, locale) for c in categories},
    )


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
        related=related_cards(catalog, item, locale),
        sources=tuple(SourceView(title=pick(s.title, locale), publisher=s.publisher, url=s.url) for s in item.sources),
        last_reviewed=item.last_reviewed,
        review_status=item.review.status,
        review_note=words.review_note(item.review.status, locale),
        translation_note=words.translation_note(item, locale),
        disclaimer=pick(catalog.library.disclaimer, locale),
        content_version=catalog.version,
    )
