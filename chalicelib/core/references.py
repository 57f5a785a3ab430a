"""The rules content keeps across its parts: ids unique, references resolved, emergencies first, rule texts that
render.

The content models run them as validators, so content that breaks them is refused where it is written and,
on every bundle the service reads (`runtime/bundle.py`), refused like a corrupt one (the last good content
stays served) instead of failing requests. `*_problems` name every problem at once, each with where it is (a
path into the model checked), so an editor sees them all in one run; the other checks raise ValueError.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from chalicelib.core.conditions import leaves, operator, options_named
from chalicelib.core.engine import is_template, render
from chalicelib.core.kinds import KINDS

RED_FLAGS_QUESTION = "red-flags"  # the shared screen's question, placed in every assessment by the build
NO_RED_FLAG = "none"  # its exclusive option: only then do the assessment's other questions show
RED_FLAGS_SECTION = "get-care-now"  # the section its rules fill, first in every summary
PLAN_SECTION = "your-plan"  # every assessment's plan section, right after it; escalation steps open it

Problem = tuple[tuple[str | int, ...], str]
"""Where in the model checked (a path, by position), and what is wrong."""


def question_problems(question: Any) -> list[Problem]:
    problems = _repeated([o.id for o in question.options], f"option id in question '{question.id}'", ("options",))
    if not KINDS[question.kind].allows_exclusive:
        problems += [
            (
                ("options", index, "exclusive"),
                f"question '{question.id}': 'exclusive' only applies to multi-choice options",
            )
            for index, option in enumerate(question.options)
            if option.exclusive
        ]
    return problems


def check_review(review: Any) -> None:
    if review.status == "clinically-reviewed" and not (review.reviewer and review.reviewed_on):
        raise ValueError("a clinically-reviewed assessment needs a reviewer and reviewed_on")
    if review.status == "not-clinically-reviewed" and review.reviewer:
        raise ValueError("a reviewer is recorded, so status must be clinically-reviewed")


def assessment_problems(assessment: Any) -> list[Problem]:
    problems = _repeated([q.id for q in assessment.questions], "question id", ("questions",))
    problems += _repeated([s.id for s in assessment.summary_sections], "summary section id", ("summary_sections",))
    problems += _repeated([r.id for r in assessment.rules], "rule id", ("rules",))
    problems += _repeated([s.id for s in assessment.static_sections], "static section id", ("static_sections",))
    earlier: dict[str, Any] = {}
    for index, question in enumerate(assessment.questions):
        if question.show_if is not None:
            where = ("questions", index, "show_if")
            problems += _condition_problems(question.show_if, earlier, f"question '{question.id}' show_if", where)
        earlier[question.id] = question
    roles = {s.id: s.role for s in assessment.summary_sections}
    sections = list(roles)
    for index, rule in enumerate(assessment.rules):
        if rule.when is not None:
            problems += _condition_problems(rule.when, earlier, f"rule '{rule.id}' when", ("rules", index, "when"))
        if rule.section not in roles:
            message = f"rule '{rule.id}' names summary section '{rule.section}', which is not declared"
            problems.append((("rules", index, "section"), message))
        elif rule.calls and roles[rule.section] != "urgent":
            message = f"rule '{rule.id}' has calls, so its section must have the role urgent"
            problems.append((("rules", index, "calls"), message))
    urgent = {r.section for r in assessment.rules if r.urgency == "emergency"}
    if urgent and set(sections[: len(urgent)]) != urgent:
        problems.append((("summary_sections",), "summary sections fed by emergency rules must be declared first"))
    problems += [
        (("rules", index, "section"), "a summary section fed by an emergency rule may hold only emergency items")
        for index, rule in enumerate(assessment.rules)
        if rule.section in urgent and rule.urgency != "emergency"
    ]
    problems += [
        (("related", index), "an assessment cannot be related to itself")
        for index, slug in enumerate(assessment.related)
        if slug == assessment.slug
    ]
    rule_ids = {r.id for r in assessment.rules}
    for g_index, group in enumerate(assessment.alternatives):
        where = ("alternatives", g_index)
        problems += _repeated(list(group), "rule id in one group of alternatives", where)
        problems += [
            ((*where, index), f"alternatives name rule '{rule_id}', which is not declared")
            for index, rule_id in enumerate(group)
            if rule_id not in rule_ids
        ]
    return problems


def check_rule_texts(questions: Any, rules: Any) -> None:
    """Every templated rule text, in each of its locales, compiles in the sandbox and renders against two sample sets
    of answers to the assessment's own questions. A text that reaches out of the sandbox or raises fails here, where
    content is written and where the service reads it, rather than in a parent's summary (the gates go further:
    they render every path)."""
    samples: dict[str, tuple[dict[str, Any], ...]] = {}  # by locale: the labels are in the text's language
    for rule in rules:
        for number, item in enumerate(rule.items, start=1):
            for locale, text in item.items():
                if not is_template(text):
                    continue
                if locale not in samples:
                    samples[locale] = _sample_contexts(questions, locale)
                try:
                    for context in samples[locale]:
                        render(text, context)
                except Exception as error:  # anything a text can raise: jinja2's errors, ZeroDivisionError...
                    raise ValueError(
                        f"rule '{rule.id}' text {number} cannot be rendered in '{locale}' "
                        f"({type(error).__name__}: {error})"
                    ) from None


def _sample_contexts(questions: Any, locale: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The context a rule text renders with (as `prepared.PreparedAssessment.summarize` makes it) for two sample sets
    of answers, each answering every question (so a text never lacks a name it may use): first options and every
    option of a multi-choice question, then last options and only the first of a multi-choice one. Between them,
    every test of whether an option was picked goes both ways."""
    from chalicelib.core.content import pick  # here: content.py imports this module

    def context(picked: dict[str, Any]) -> dict[str, Any]:
        return {
            "answers": {q: o.id if not isinstance(o, tuple) else tuple(p.id for p in o) for q, o in picked.items()},
            "labels": {
                q: pick(o.label, locale) if not isinstance(o, tuple) else [pick(p.label, locale) for p in o]
                for q, o in picked.items()
            },
        }

    many = {q.id for q in questions if KINDS[q.kind].many}
    first = {q.id: q.options if q.id in many else q.options[0] for q in questions}
    last = {q.id: q.options[:1] if q.id in many else q.options[-1] for q in questions}
    return context(first), context(last)


def check_red_flags(screen: Any) -> None:
    """The shared screen: its fixed ids, an exclusive `none`, never hidden, and rules that only lead to care now."""
    question, section = screen.question, screen.section
    if question.id != RED_FLAGS_QUESTION or question.kind != "multi" or question.show_if is not None:
        raise ValueError(f"the question must have id '{RED_FLAGS_QUESTION}', kind multi, and no show_if")
    if not any(o.id == NO_RED_FLAG and o.exclusive for o in question.options):
        raise ValueError(f"the question needs an exclusive option '{NO_RED_FLAG}'")
    if section.id != RED_FLAGS_SECTION or section.role != "urgent":
        raise ValueError(f"the section must have id '{RED_FLAGS_SECTION}' and role urgent")
    signs = [o.id for o in question.options if o.id != NO_RED_FLAG]
    _unique([a.id for a in screen.actions], "action id")
    _unique([sign for a in screen.actions for sign in a.signs], "sign in the actions' signs")
    for action in screen.actions:
        for sign in {*action.signs, *(sign for group in action.together for sign in group)}:
            if sign not in signs:
                raise ValueError(f"action '{action.id}' names '{sign}', which is not a red flag of the question")
    unled = [sign for sign in signs if not any(sign in a.signs for a in screen.actions)]
    if unled:
        raise ValueError(f"red flag '{unled[0]}' needs an action: list it in the signs of one")
    _unique([r.id for r in screen.rules], "rule id")
    for rule in screen.rules:
        if rule.section != RED_FLAGS_SECTION or rule.urgency != "emergency":
            raise ValueError(f"rule '{rule.id}' must fill section '{RED_FLAGS_SECTION}' with urgency emergency")
        if rule.when is None:
            raise ValueError(f"rule '{rule.id}' needs a when: a red flag that fires it")
        _check_condition(rule.when, {question.id: question}, f"rule '{rule.id}' when")


def taxonomy_problems(bundle: Any) -> list[Problem]:
    """The library, its assessments and partners agree: every slug placed once, placed slugs exist, related
    slugs exist, ids unique."""
    slugs = [a.slug for a in bundle.assessments]
    categories = bundle.library.categories
    problems = _repeated(slugs, "assessment slug", ("assessments",), "slug")
    problems += _repeated([c.slug for c in categories], "category slug", ("library", "categories"), "slug")
    topics = [
        (c_index, t_index, topic) for c_index, c in enumerate(categories) for t_index, topic in enumerate(c.topics)
    ]
    problems += [
        (("library", "categories", c_index, "topics", t_index, "slug"), f"topic slug '{topic.slug}' is used twice")
        for position, (c_index, t_index, topic) in enumerate(topics)
        if topic.slug in {t.slug for _, _, t in topics[:position]}
    ]
    placed: dict[str, int] = {}
    for c_index, t_index, topic in topics:
        for index, slug in enumerate(topic.assessments):
            where = ("library", "categories", c_index, "topics", t_index, "assessments", index)
            if slug in placed:
                problems.append((where, f"assessment placed in the library '{slug}' is used twice"))
            elif slug not in slugs:
                problems.append((where, f"library lists assessment '{slug}', which has no file"))
            placed[slug] = placed.get(slug, 0) + 1
    problems += _repeated([p.id for p in bundle.partners], "partner id", ("partners",), "id")
    for a_index, assessment in enumerate(bundle.assessments):
        if assessment.slug not in placed:
            message = f"assessment '{assessment.slug}' is not placed in any topic of the library"
            problems.append((("assessments", a_index, "slug"), message))
        problems += [
            (
                ("assessments", a_index, "related", index),
                f"assessment '{assessment.slug}' is related to unknown '{related}'",
            )
            for index, related in enumerate(assessment.related)
            if related not in slugs
        ]
    return problems


def _condition_problems(
    condition: Any, earlier: dict[str, Any], what: str, where: tuple[str | int, ...]
) -> list[Problem]:
    return [(where, message) for message in _condition_faults(condition, earlier, what)]


def _condition_faults(condition: Any, earlier: dict[str, Any], what: str) -> Iterator[str]:
    for leaf in leaves(condition):
        question = earlier.get(leaf.question)
        if question is None:
            yield f"{what} refers to question '{leaf.question}', which is not asked before it"
            continue
        used, kind = operator(leaf), KINDS[question.kind]
        if used not in kind.operators:
            yield f"{what} uses '{used}' on {kind.described} question '{question.id}'"
        known = {o.id for o in question.options}
        for option in options_named(leaf):
            if option not in known:
                yield f"{what} refers to option '{option}', which question '{question.id}' lacks"


def _repeated(ids: Sequence[str], what: str, where: tuple[str | int, ...], field: str = "id") -> list[Problem]:
    """Each id used a second time, at its place: `where` + (its index, `field`)."""
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, item in enumerate(ids):
        if item in seen:
            problems.append(((*where, index, field), f"{what} '{item}' is used twice"))
        seen.add(item)
    return problems


def _unique(ids: list[str], what: str) -> None:
    """`_repeated` for the checks that raise: the first id used twice, as a ValueError."""
    for _, message in _repeated(ids, what, ())[:1]:
        raise ValueError(message)


def _check_condition(condition: Any, earlier: dict[str, Any], what: str) -> None:
    """`_condition_faults` for the checks that raise: the first, as a ValueError."""
    for message in _condition_faults(condition, earlier, what):
        raise ValueError(message)
