"""Content quality gates: pure checks every assessment in a Bundle must pass before it is served.

Each gate returns Findings naming the assessment, the field at fault as a path into its YAML file, and what
is wrong. Walking every answer set is the costly part, so `walk_paths` does it once per assessment and feeds
every gate that needs paths.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.answers import visible
from chalicelib.core.conditions import (
    AnswerValue,
    Condition,
    ConditionAll,
    ConditionAny,
    ConditionNot,
    evaluate,
    leaves,
    options_named,
)
from chalicelib.core.content import Assessment, Bundle, Rule
from chalicelib.core.fields import DEFAULT_LOCALE
from chalicelib.core.prepared import PreparedAssessment, Summary

MAX_QUESTIONS_PER_PATH = 8
SECONDS_PER_QUESTION = 15  # a choice question takes about 15 s to read and tap: 8 questions ~ 2 minutes
MAX_GRADE = 8.0  # Flesch-Kincaid grade of each assessment as a whole
HARDEST_SHOWN = 5
# Sources must come from public health bodies (and their subdomains), not from blogs or vendors.
REPUTABLE_HOSTS = (
    "healthychildren.org",
    "aap.org",
    "nhs.uk",
    "medlineplus.gov",
    "nih.gov",
    "cdc.gov",
    "hhs.gov",
    "healthit.gov",
)
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d]*\s+")

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    gate: str
    slug: str
    location: Location
    message: str


@dataclass(frozen=True)
class PathWalk:
    slug: str
    answer_sets: int
    longest: int  # the most questions any one path asks
    longest_example: Mapping[str, AnswerValue]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Sentence:
    grade: float
    text: str
    location: Location


@dataclass(frozen=True)
class Readability:
    slug: str
    grade: float
    words: int
    hardest: tuple[Sentence, ...]


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    walks: Mapping[str, PathWalk]
    readability: Mapping[str, Readability]


def check_bundle(bundle: Bundle, today: datetime.date) -> Report:
    """Run every gate on every assessment (schema and references were already checked by the models)."""
    findings = list(related_both_ways(bundle))
    walks: dict[str, PathWalk] = {}
    scores: dict[str, Readability] = {}
    for assessment in bundle.assessments:
        walk = walk_paths(assessment, bundle.library.disclaimer)
        walks[assessment.slug] = walk
        scores[assessment.slug] = score = readability(assessment)
        findings += walk.findings
        findings += estimate_matches(assessment, walk.longest)
        findings += emergency_is_asked(assessment)
        findings += provenance(assessment, today)
        findings += reading_level(score)
    return Report(tuple(findings), walks, scores)


def questions_asked(assessment: Assessment, answers: Mapping[str, AnswerValue]) -> list[str]:
    """The ids of the questions a parent sees on the path that ends in `answers`."""
    return [q.id for q in assessment.questions if visible(q, answers)]


def expected_minutes(longest: int) -> int:
    return max(1, math.ceil(longest * SECONDS_PER_QUESTION / 60))


def walk_paths(assessment: Assessment, disclaimer: Mapping[str, str]) -> PathWalk:
    """Summarize every answer set and check each path: reach, length, emergency, rendering, effect."""
    slug = assessment.slug
    findings: list[Finding] = []
    emergency_answers = _emergency_answers(assessment)
    emergency_sections = {r.section for r in assessment.rules if r.urgency == "emergency"}
    emergency_texts = {item[DEFAULT_LOCALE] for r in assessment.rules if r.urgency == "emergency" for item in r.items}
    reached: set[str] = set()
    unfired = set(range(len(assessment.rules)))
    paths: list[Mapping[str, AnswerValue]] = []
    signatures: list[int] = []  # per path: which distinct summary it got
    interned: dict[tuple, int] = {}
    lines: list[frozenset] = []  # per distinct summary: its lines (section, text) and its urgency
    longest, longest_example = 0, {}
    failed: set[str] = set()
    prepared = PreparedAssessment(assessment, content_version="gates", disclaimer=disclaimer)

    def fail(gate: str, location: Location, message: str) -> None:
        if gate not in failed:  # one example per gate is enough to act on
            failed.add(gate)
            findings.append(Finding(gate, slug, location, message))

    for answers in answer_sets(assessment):
        asked = questions_asked(assessment, answers)
        reached.update(asked)
        if len(asked) > longest:
            longest, longest_example = len(asked), answers
        unfired -= {i for i in unfired if _fires(assessment.rules[i].when, answers)}
        try:
            summary = prepared.summarize(answers, assessment.locale)
        except Exception as error:  # any failure while rendering an editor's text is a finding, never a crash
            findings.append(_render_failure(assessment, answers, disclaimer, error))
            return PathWalk(slug, len(paths) + 1, longest, longest_example, tuple(findings))
        key = (summary["urgency"], tuple((s["id"], tuple(i["text"] for i in s["items"])) for s in summary["sections"]))
        signature = interned.get(key)
        if signature is None:
            signature = interned[key] = len(interned)
            lines.append(
                frozenset(
                    {("urgency", summary["urgency"])}
                    | {(s["id"], i["text"]) for s in summary["sections"] for i in s["items"]}
                )
            )
            for text in (i["text"] for s in summary["sections"] for i in s["items"]):
                if _ENTITY.search(text):
                    where = _rule_item_rendering(assessment, text)
                    fail("html-entity", where, f"renders with an HTML entity: {text!r}")
        paths.append(answers)
        signatures.append(signature)
        if len(asked) > MAX_QUESTIONS_PER_PATH:
            fail("path-length", ("questions",), f"a path asks {len(asked)} questions ({_shown(answers)})")
        _check_emergency(summary, answers, emergency_answers, emergency_sections, emergency_texts, fail)

    for index, question in enumerate(assessment.questions):
        if question.id not in reached:
            findings.append(Finding("reachable", slug, ("questions", index, "show_if"), "no path shows this question"))
    for index in sorted(unfired):
        findings.append(Finding("dead-rule", slug, ("rules", index, "when"), "this rule fires on no path"))
    findings += _options_without_effect(assessment, paths, signatures, lines)
    return PathWalk(slug, len(paths), longest, longest_example, tuple(findings))


def _fires(when: Condition | None, answers: Mapping[str, AnswerValue]) -> bool:
    return when is None or evaluate(when, answers)


def _check_emergency(summary: Summary, answers, emergency_answers, emergency_sections, emergency_texts, fail) -> None:
    picked = {(q, o) for q, value in answers.items() for o in ((value,) if isinstance(value, str) else value)}
    if picked & emergency_answers:
        sections = summary["sections"]
        if summary["urgency"] != "emergency" or not sections or sections[0]["id"] not in emergency_sections:
            fail("emergency", ("summary_sections", 0), f"the emergency outcome does not lead for {_shown(answers)}")
    else:
        texts = {i["text"] for s in summary["sections"] for i in s["items"]}
        if (
            summary["urgency"] == "emergency"
            or any(s["id"] in emergency_sections for s in summary["sections"])
            or texts & emergency_texts
        ):
            fail("emergency", ("rules",), f"emergency text shows without an emergency answer for {_shown(answers)}")


def _emergency_answers(assessment: Assessment) -> set[tuple[str, str]]:
    """(question, option) pairs that make an emergency rule fire: the leaves its condition asks to be true."""
    return {
        (leaf.question, option)
        for rule in assessment.rules
        if rule.urgency == "emergency" and rule.when is not None
        for leaf in _positive_leaves(rule.when)
        for option in options_named(leaf)
    }


def _positive_leaves(condition: Condition, positive: bool = True) -> Iterator:
    if isinstance(condition, ConditionNot):
        yield from _positive_leaves(condition.not_, not positive)
    elif isinstance(condition, (ConditionAll, ConditionAny)):
        for part in condition.all if isinstance(condition, ConditionAll) else condition.any:
            yield from _positive_leaves(part, positive)
    elif positive:
        yield condition


def _options_without_effect(assessment: Assessment, paths, signatures, lines) -> list[Finding]:
    """An option has an effect when, with every unrelated answer held the same, picking it adds a line to the
    summary that no other answer to its question gives, or drops one that every other answer gives.
    (Questions that it shows or hides may vary.) Two options with the same guidance both fail."""
    findings = []
    for q_index, question in enumerate(assessment.questions):
        dependents = _dependents(assessment, question.id)
        others = [q.id for q in assessment.questions if q.id != question.id and q.id not in dependents]
        groups: dict[tuple, dict[tuple[str, ...], set[int]]] = defaultdict(lambda: defaultdict(set))
        for answers, signature in zip(paths, signatures, strict=True):
            value = answers.get(question.id)
            chosen = () if value is None else (value,) if isinstance(value, str) else value
            groups[tuple(answers.get(i) for i in others)][chosen].add(signature)
        ids = [o.id for o in question.options]
        effective: set[str] = set()
        for by_choice in groups.values():
            for option in ids:
                if option not in effective and _has_effect(option, by_choice, lines):
                    effective.add(option)
            if len(effective) == len(ids):
                break
        for o_index, option in enumerate(question.options):
            if option.id not in effective:
                findings.append(
                    Finding(
                        "option-effect",
                        assessment.slug,
                        ("questions", q_index, "options", o_index),
                        f"picking '{option.id}' adds or drops no line of the summary that other answers would not; "
                        "give it guidance of its own, or remove it",
                    )
                )
    return findings


def _has_effect(option: str, by_choice: Mapping[tuple[str, ...], set[int]], lines: list[frozenset]) -> bool:
    others = [lines[s] for choice, sigs in by_choice.items() if option not in choice for s in sigs]
    if not others:
        return False
    seen_elsewhere = frozenset().union(*others)
    shared_elsewhere = frozenset.intersection(*others)
    return any(
        lines[s] - seen_elsewhere or shared_elsewhere - lines[s]
        for choice, sigs in by_choice.items()
        if option in choice
        for s in sigs
    )


def _dependents(assessment: Assessment, question_id: str) -> set[str]:
    """Questions whose showing depends, directly or not, on this one (show_if only looks back, so one pass)."""
    found = {question_id}
    for question in assessment.questions:
        if question.show_if is not None and any(leaf.question in found for leaf in leaves(question.show_if)):
            found.add(question.id)
    return found - {question_id}


def _render_failure(assessment: Assessment, answers, disclaimer, error: Exception) -> Finding:
    """Name the rule text that failed, found by rendering each templated one alone on the failing path."""
    location: Location = ("rules",)
    for r_index, i_index, rule, item in _templated_items(assessment):
        alone = assessment.model_copy(update={"rules": (rule.model_copy(update={"when": None, "items": (item,)}),)})
        try:
            PreparedAssessment(alone, content_version="gates", disclaimer=disclaimer).summarize(answers, alone.locale)
        except Exception as own_error:  # e.g. ZeroDivisionError, TypeError, OverflowError, SecurityError
            location, error = ("rules", r_index, "items", i_index), own_error
            break
    return Finding(
        "render",
        assessment.slug,
        location,
        f"cannot be rendered ({type(error).__name__}: {error}) for {_shown(answers)}",
    )


def _rule_item_rendering(assessment: Assessment, text: str) -> Location:
    """The templated rule item whose fixed opening starts `text` (where a rendered text came from)."""
    for r_index, i_index, _, item in _templated_items(assessment):
        if text.startswith(item[DEFAULT_LOCALE].split("{", 1)[0]):
            return ("rules", r_index, "items", i_index)
    return ("rules",)


def _templated_items(assessment: Assessment) -> Iterator[tuple[int, int, Rule, Mapping[str, str]]]:
    for r_index, rule in enumerate(assessment.rules):
        for i_index, item in enumerate(rule.items):
            if "{" in item[DEFAULT_LOCALE]:
                yield r_index, i_index, rule, item


def _shown(answers: Mapping[str, AnswerValue]) -> str:
    return ", ".join(f"{q}={v if isinstance(v, str) else ','.join(v)}" for q, v in answers.items()) or "no answers"


def estimate_matches(assessment: Assessment, longest: int) -> list[Finding]:
    expected = expected_minutes(longest)
    if assessment.estimated_minutes == expected:
        return []
    return [
        Finding(
            "estimate",
            assessment.slug,
            ("estimated_minutes",),
            f"is {assessment.estimated_minutes}, but the longest path asks {longest} questions: "
            f"{expected} minute(s) at {SECONDS_PER_QUESTION} s a question, rounded up",
        )
    ]


def emergency_is_asked(assessment: Assessment) -> list[Finding]:
    """Every parent must be offered an emergency answer: some question with one is shown on every path."""
    questions = {question for question, _ in _emergency_answers(assessment)}
    if any(q.show_if is None for q in assessment.questions if q.id in questions):
        return []
    return [
        Finding(
            "emergency",
            assessment.slug,
            ("rules",),
            "needs a rule with urgency: emergency, fired by an answer to a question every parent is asked",
        )
    ]


def provenance(assessment: Assessment, today: datetime.date) -> list[Finding]:
    findings = []
    for index, source in enumerate(assessment.sources):
        host = (urlsplit(source.url).hostname or "").lower()
        if not any(host == known or host.endswith("." + known) for known in REPUTABLE_HOSTS):
            findings.append(
                Finding(
                    "provenance",
                    assessment.slug,
                    ("sources", index, "url"),
                    f"'{host}' is not a public health body this library cites ({', '.join(REPUTABLE_HOSTS)})",
                )
            )
    if assessment.last_reviewed > today:
        findings.append(Finding("provenance", assessment.slug, ("last_reviewed",), "is in the future"))
    return findings


def related_both_ways(bundle: Bundle) -> list[Finding]:
    """If A lists B as related, B lists A: a parent can always get back."""
    by_slug = {a.slug: a for a in bundle.assessments}
    return [
        Finding("related", assessment.slug, ("related", index), f"'{other}' does not list '{assessment.slug}' back")
        for assessment in bundle.assessments
        for index, other in enumerate(assessment.related)
        if assessment.slug not in by_slug[other].related
    ]


def parent_texts(assessment: Assessment) -> Iterator[tuple[Location, str]]:
    """Every English text a parent reads in this assessment, with where it is, template tags removed."""

    def text(location: Location, value: Mapping[str, str] | None) -> Iterator[tuple[Location, str]]:
        if value is not None:
            yield location, " ".join(_TEMPLATE_TAG.sub("", value[DEFAULT_LOCALE]).split())

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
            yield from text(("rules", r, "items", i), item)
    for s, static in enumerate(assessment.static_sections):
        yield from text(("static_sections", s, "title"), static.title)
        yield from text(("static_sections", s, "intro"), static.intro)
        for e, entry in enumerate(static.entries):
            yield from text(("static_sections", s, "entries", e, "heading"), entry.heading)
            yield from text(("static_sections", s, "entries", e, "body"), entry.body)
    for f, faq in enumerate(assessment.faq):
        yield from text(("faq", f, "question"), faq.question)
        yield from text(("faq", f, "answer"), faq.answer)


def readability(assessment: Assessment) -> Readability:
    """Flesch-Kincaid grade of the assessment as a whole, and its hardest sentences."""
    sentences: list[tuple[Location, str]] = []
    for location, text in parent_texts(assessment):
        for sentence in _SENTENCE_END.split(text):
            if sentence:
                # Labels and titles have no full stop; without one they would run into the next text.
                sentences.append((location, sentence if sentence[-1] in ".!?\"'\u201d" else sentence + "."))
    whole = " ".join(s for _, s in sentences)
    graded = sorted(
        (Sentence(_grade(s), s, location) for location, s in sentences), key=lambda s: s.grade, reverse=True
    )
    return Readability(assessment.slug, _grade(whole), len(whole.split()), tuple(graded[:HARDEST_SHOWN]))


def reading_level(score: Readability) -> list[Finding]:
    if score.grade <= MAX_GRADE:
        return []
    hardest = "; ".join(f"{s.grade:.1f}: {s.text!r}" for s in score.hardest[:3])
    return [
        Finding(
            "reading-level",
            score.slug,
            (),
            f"reads at grade {score.grade:.1f}, above {MAX_GRADE:.0f}. Hardest sentences: {hardest}",
        )
    ]


def _grade(text: str) -> float:
    return float(_scorer().flesch_kincaid_grade(text))


@lru_cache(maxsize=1)
def _scorer():
    from textstat.textstat import textstatistics  # editors' tooling only: not packaged for Lambda

    scorer = textstatistics()
    # textstat counts English syllables with NLTK's cmudict, which it downloads on first use. The tag 'en-US'
    # (hyphen, not underscore) makes it use Pyphen's bundled US-English dictionary instead: offline, stable.
    scorer.set_lang("en-US")
    return scorer
