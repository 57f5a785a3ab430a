"""The rules content keeps across its parts: ids unique, references resolved, emergencies first, rule texts that
render.

The content models run them as validators, so content that breaks them is refused where it is written and,
on every bundle the service reads (`runtime/bundle.py`), refused like a corrupt one (the last good content
stays served) instead of failing requests. Each check raises ValueError naming what is wrong.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.conditions import leaves, operator, options_named
from chalicelib.core.engine import is_template, render
from chalicelib.core.kinds import KINDS

RED_FLAGS_QUESTION = "red-flags"  # the shared screen's question, placed in every assessment by the build
NO_RED_FLAG = "none"  # its exclusive option: only then do the assessment's other questions show
RED_FLAGS_SECTION = "get-care-now"  # the section its rules fill, first in every summary
PLAN_SECTION = "your-plan"  # every assessment's plan section, right after it; escalation steps open it


def check_question(question: Any) -> None:
    _unique([o.id for o in question.options], f"option id in question '{question.id}'")
    if not KINDS[question.kind].allows_exclusive and any(o.exclusive for o in question.options):
        raise ValueError(f"question '{question.id}': 'exclusive' only applies to multi-choice options")


def check_review(review: Any) -> None:
    if review.status == "clinically-reviewed" and not (review.reviewer and review.reviewed_on):
        raise ValueError("a clinically-reviewed assessment needs a reviewer and reviewed_on")
    if review.status == "not-clinically-reviewed" and review.reviewer:
        raise ValueError("a reviewer is recorded, so status must be clinically-reviewed")


def check_assessment(assessment: Any) -> None:
    _unique([q.id for q in assessment.questions], "question id")
    _unique([s.id for s in assessment.summary_sections], "summary section id")
    _unique([r.id for r in assessment.rules], "rule id")
    _unique([s.id for s in assessment.static_sections], "static section id")
    earlier: dict[str, Any] = {}
    for question in assessment.questions:
        if question.show_if is not None:
            _check_condition(question.show_if, earlier, f"question '{question.id}' show_if")
        earlier[question.id] = question
    roles = {s.id: s.role for s in assessment.summary_sections}
    sections = list(roles)
    for rule in assessment.rules:
        if rule.when is not None:
            _check_condition(rule.when, earlier, f"rule '{rule.id}' when")
        if rule.section not in roles:
            raise ValueError(f"rule '{rule.id}' names summary section '{rule.section}', which is not declared")
        if rule.calls and roles[rule.section] != "urgent":
            raise ValueError(f"rule '{rule.id}' has calls, so its section must have the role urgent")
    urgent = {r.section for r in assessment.rules if r.urgency == "emergency"}
    if urgent and set(sections[: len(urgent)]) != urgent:
        raise ValueError("summary sections fed by emergency rules must be declared first")
    if urgent & {r.section for r in assessment.rules if r.urgency != "emergency"}:
        raise ValueError("a summary section fed by an emergency rule may hold only emergency items")
    if assessment.slug in assessment.related:
        raise ValueError("an assessment cannot be related to itself")
    rule_ids = {r.id for r in assessment.rules}
    for group in assessment.alternatives:
        _unique(list(group), "rule id in one group of alternatives")
        for rule_id in group:
            if rule_id not in rule_ids:
                raise ValueError(f"alternatives name rule '{rule_id}', which is not declared")


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


def check_taxonomy(bundle: Any) -> None:
    slugs = [a.slug for a in bundle.assessments]
    _unique(slugs, "assessment slug")
    _unique([c.slug for c in bundle.library.categories], "category slug")
    _unique([t.slug for c in bundle.library.categories for t in c.topics], "topic slug")
    placed = [s for c in bundle.library.categories for t in c.topics for s in t.assessments]
    _unique(placed, "assessment placed in the library")
    _unique([p.id for p in bundle.partners], "partner id")
    for slug in placed:
        if slug not in slugs:
            raise ValueError(f"library lists assessment '{slug}', which has no file")
    for slug in slugs:
        if slug not in placed:
            raise ValueError(f"assessment '{slug}' is not placed in any topic of the library")
    for assessment in bundle.assessments:
        for related in assessment.related:
            if related not in slugs:
                raise ValueError(f"assessment '{assessment.slug}' is related to unknown '{related}'")


def _check_condition(condition: Any, earlier: dict[str, Any], where: str) -> None:
    for leaf in leaves(condition):
        question = earlier.get(leaf.question)
        if question is None:
            raise ValueError(f"{where} refers to question '{leaf.question}', which is not asked before it")
        used, kind = operator(leaf), KINDS[question.kind]
        if used not in kind.operators:
            raise ValueError(f"{where} uses '{used}' on {kind.described} question '{question.id}'")
        known = {o.id for o in question.options}
        for option in options_named(leaf):
            if option not in known:
                raise ValueError(f"{where} refers to option '{option}', which question '{question.id}' lacks")


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what} '{item}' is used twice")
        seen.add(item)
