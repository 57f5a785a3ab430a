"""Reading: every text a parent reads, in each locale, plain enough (LANGUAGES: the locale's formula and limits)
as a whole and sentence by sentence, and any "about N minutes" in it agreeing with `estimated_minutes`. A rule's
template is read once per text it can render (branches.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import TemplateSyntaxError

from chalicelib.authoring.gates.branches import TooManyRenderings, branchwise, renderings
from chalicelib.authoring.gates.family import Family, Measured
from chalicelib.authoring.gates.findings import Finding, Location
from chalicelib.authoring.gates.languages import LANGUAGES, MIN_SENTENCE_WORDS, Language
from chalicelib.core.content import Assessment
from chalicelib.core.fields import DEFAULT_LOCALE

HARDEST_SHOWN = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d]*\s+")


@dataclass(frozen=True)
class Sentence:
    score: float
    text: str
    location: Location


@dataclass(frozen=True)
class Readability:
    slug: str
    locale: str
    score: float  # the locale's measure (LANGUAGES): a grade in English, an ease in Spanish
    words: int
    hardest: tuple[Sentence, ...]
    too_hard: tuple[Sentence, ...] = ()  # every sentence of MIN_SENTENCE_WORDS words or more beyond the sentence limit


def parent_texts(
    assessment: Assessment, locale: str = DEFAULT_LOCALE, templates: Callable[[str], list[str]] = renderings
) -> Iterator[tuple[Location, str]]:
    """Every text a parent reads in this assessment in `locale` (those written in it), with where it is: a rule
    text that is a template once per text `templates` gives (by default every one it can render), never with its
    branches run together."""

    def text(location: Location, value: Mapping[str, str] | None) -> Iterator[tuple[Location, str]]:
        if value is not None and locale in value:
            yield location, " ".join(value[locale].split())

    def rendered(location: Location, value: Mapping[str, str]) -> Iterator[tuple[Location, str]]:
        if locale in value:
            try:
                texts = templates(value[locale])
            except TooManyRenderings as error:
                raise TooManyRenderings(f"{'.'.join(map(str, location))} {error}") from None
            except TemplateSyntaxError:  # not a template at all: the render gate names it, there is nothing to read
                return
            for each in texts:
                yield location, each

    yield from text(("title",), assessment.title)
    yield from text(("description",), assessment.description)
    yield from text(("intro",), assessment.intro)
    for q, question in enumerate(assessment.questions):
        yield from text(("questions", q, "prompt"), question.prompt)
        yield from text(("questions", q, "help"), question.help)
        for o, option in enumerate(question.options):
            yield from text(("questions", q, "options", o, "label"), option.label)
    for s, section in enumerate(assessment.summary_sections):
        yield from text(("summary_sections", s, "title"), section.title)
    for r, rule in enumerate(assessment.rules):
        for i, item in enumerate(rule.items):
            yield from rendered(("rules", r, "items", i), item)
    for s, static in enumerate(assessment.static_sections):
        yield from text(("static_sections", s, "title"), static.title)
        yield from text(("static_sections", s, "intro"), static.intro)
        for e, entry in enumerate(static.entries):
            yield from text(("static_sections", s, "entries", e, "heading"), entry.heading)
            yield from text(("static_sections", s, "entries", e, "body"), entry.body)
    for f, faq in enumerate(assessment.faq):
        yield from text(("faq", f, "question"), faq.question)
        yield from text(("faq", f, "answer"), faq.answer)


def readability(assessment: Assessment, glossary: Sequence[str] = (), locale: str = DEFAULT_LOCALE) -> Readability:
    """The locale's reading score (LANGUAGES) of the assessment as a whole, its hardest sentences, and those beyond
    the sentence limit. The whole reads each branch of a template about once (branches.branchwise); the sentences
    are those of every text a template can render. Terms of the locale's glossary (clinicians' words, each
    explained in plain words) are left out."""
    language = LANGUAGES[locale]
    unglossed = _unglossed(glossary)
    whole = " ".join(s for _, s in _sentences(parent_texts(assessment, locale, branchwise), unglossed))
    graded = sorted(
        (
            Sentence(_score(s, language), s, location)
            for location, s in _sentences(parent_texts(assessment, locale), unglossed)
        ),
        key=lambda s: language.difficulty(s.score),
        reverse=True,
    )
    too_hard = tuple(
        s
        for s in graded
        if len(s.text.split()) >= MIN_SENTENCE_WORDS and not language.passes(s.score, language.sentence_limit)
    )
    score = _score(whole, language)
    return Readability(assessment.slug, locale, score, len(whole.split()), tuple(graded[:HARDEST_SHOWN]), too_hard)


def _sentences(texts: Iterable[tuple[Location, str]], unglossed: Callable[[str], str]) -> list[tuple[Location, str]]:
    """The texts' sentences, each distinct one of a text once (the same sentence in several renderings of one
    template counts once)."""
    sentences: dict[tuple[Location, str], None] = {}
    for location, text in texts:
        for sentence in _SENTENCE_END.split(unglossed(text)):
            if sentence:
                # Labels and titles have no full stop; without one they would run into the next text.
                sentences[(location, sentence if sentence[-1] in ".!?\"'\u201d" else sentence + ".")] = None
    return list(sentences)


def _unglossed(glossary: Sequence[str]) -> Callable[[str], str]:
    if not glossary:
        return lambda text: text
    terms = sorted(glossary, key=len, reverse=True)  # the longest first: "benefits and risks" before "risks"
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")(s|es)?\b", re.IGNORECASE)
    return lambda text: " ".join(pattern.sub("", text).split())


def reading_level(score: Readability) -> list[Finding]:
    language = LANGUAGES[score.locale]
    if language.passes(score.score):
        return []
    hardest = "; ".join(f"{s.score:.1f}: {s.text!r}" for s in score.hardest[:3])
    return [
        Finding(
            "reading-level",
            score.slug,
            (),
            f"reads at {language.ease_name} {score.score:.1f} in '{score.locale}', {language.beyond()}. "
            f"Hardest sentences: {hardest}",
        )
    ]


def hard_sentences(score: Readability) -> list[Finding]:
    """No sentence beyond the locale's sentence limit, wherever it is, in every branch of a template."""
    language = LANGUAGES[score.locale]
    return [
        Finding(
            "hard-sentence",
            score.slug,
            sentence.location,
            f"a sentence reads at {language.ease_name} {sentence.score:.1f} in '{score.locale}', "
            f"{language.beyond(language.sentence_limit)}: {sentence.text!r}",
        )
        for sentence in score.too_hard
    ]


def minutes_in_text(assessment: Assessment, locale: str = DEFAULT_LOCALE) -> list[Finding]:
    """Any "about N minutes" a parent reads agrees with `estimated_minutes` (the badge above it); once per text,
    however many of a template's renderings say it."""
    findings: dict[Finding, None] = {}
    language = LANGUAGES[locale]
    for location, text in parent_texts(assessment, locale):
        for match in language.minutes.finditer(text):
            said = match.group(1).lower()
            minutes = int(said) if said.isdigit() else language.numbers[said]
            if minutes != assessment.estimated_minutes:
                message = f"says {match.group(0)!r}, but estimated_minutes is {assessment.estimated_minutes}"
                findings[Finding("minutes", assessment.slug, location, message)] = None
    return list(findings)


def _score(text: str, language: Language) -> float:
    return float(getattr(_scorer(language.textstat_lang), language.ease)(text))


@cache
def _scorer(lang: str):
    from textstat.textstat import textstatistics  # editors' tooling only: not packaged for Lambda

    scorer = textstatistics()
    scorer.set_lang(lang)
    return scorer


def _reading_levels(measured: Measured) -> Iterator[Finding]:
    for score in measured.readability.values():
        yield from reading_level(score)


def _hard_sentences(measured: Measured) -> Iterator[Finding]:
    for score in measured.readability.values():
        yield from hard_sentences(score)


def _minutes(measured: Measured) -> Iterator[Finding]:
    for locale in measured.locales:
        yield from minutes_in_text(measured.assessment, locale)


FAMILY = Family(
    per_assessment={"reading_level": _reading_levels, "hard_sentences": _hard_sentences, "minutes_in_text": _minutes}
)
