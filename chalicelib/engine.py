"""The guidance engine: (assessment, answers) -> summary. Pure: no I/O, no framework.

Rule texts are Jinja templates written by editors. They render in an immutable sandbox with
autoescape and StrictUndefined; answers are only ever context (`answers`, `labels`), never source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.conditions import AnswerValue, evaluate, leaves, options_named
from chalicelib.models.api import Cause, Summary, SummaryItem, SummarySectionView
from chalicelib.models.content import REVIEW_NOTES, URGENCY_RANK, Assessment, Rule, pick

_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


@lru_cache(maxsize=4096)
def compile_text(source: str) -> Template | str:
    """Compile an editor's text once (plain text stays a string); raises jinja2 errors for bad syntax."""
    if "{" not in source:
        return source  # nothing to render: autoescape only ever touches values put in by {{ }}
    return _ENV.from_string(source)


def render_text(source: str, context: Mapping[str, object]) -> str:
    compiled = compile_text(source)
    return compiled if isinstance(compiled, str) else str(compiled.render(context)).strip()


@dataclass(frozen=True)
class _RulePlan:
    rule: Rule
    looks_at: tuple[tuple[str, tuple[str, ...]], ...]  # (question, options named) for each leaf


@dataclass(frozen=True)
class _Plan:
    assessment: Assessment  # held so the id() key below cannot be reused while cached
    rules: tuple[_RulePlan, ...]


_plans: dict[int, _Plan] = {}


def _plan(assessment: Assessment) -> _Plan:
    """Per-assessment work done once: each rule's leaves, so summaries only evaluate and render."""
    plan = _plans.get(id(assessment))
    if plan is None or plan.assessment is not assessment:
        if len(_plans) > 256:
            _plans.clear()
        rules = tuple(
            _RulePlan(
                rule,
                tuple((leaf.question, options_named(leaf)) for leaf in leaves(rule.when)) if rule.when else (),
            )
            for rule in assessment.rules
        )
        plan = _plans[id(assessment)] = _Plan(assessment, rules)
    return plan


def summarize(
    assessment: Assessment,
    answers: Mapping[str, AnswerValue],
    *,
    locale: str,
    content_version: str,
    disclaimer: Mapping[str, str],
) -> Summary:
    """Build the personalized summary for answers already checked by `check_answers`."""
    fired = [p for p in _plan(assessment).rules if p.rule.when is None or evaluate(p.rule.when, answers)]
    context = {"answers": dict(answers), "labels": _labels(assessment, answers, locale)}
    items: dict[str, list[SummaryItem]] = {s.id: [] for s in assessment.summary_sections}
    for planned in fired:
        because = _causes(planned, answers)
        for text in planned.rule.items:
            items[planned.rule.section].append(
                SummaryItem(text=render_text(pick(text, locale), context), because=because)
            )
    urgency = max((p.rule.urgency or "routine" for p in fired), key=URGENCY_RANK.__getitem__, default="routine")
    sections = tuple(
        SummarySectionView(id=s.id, title=pick(s.title, locale), items=tuple(items[s.id]))
        for s in assessment.summary_sections
        if items[s.id]
    )
    return Summary(
        assessment=assessment.slug,
        title=pick(assessment.title, locale),
        locale=locale,
        content_version=content_version,
        urgency=urgency,
        sections=sections,
        disclaimer=pick(disclaimer, locale),
        review_status=assessment.review.status,
        review_note=REVIEW_NOTES[assessment.review.status],
        last_reviewed=assessment.last_reviewed,
    )


def _causes(planned: _RulePlan, answers: Mapping[str, AnswerValue]) -> tuple[Cause, ...]:
    causes: list[Cause] = []
    for question, named in planned.looks_at:
        answer = answers.get(question)
        if isinstance(answer, str):
            picked: tuple[str, ...] = (answer,)
        elif isinstance(answer, tuple):
            picked = tuple(o for o in answer if o in named)
        else:
            picked = ()
        for option in picked:
            cause = _cause(question, option)
            if cause not in causes:
                causes.append(cause)
    return tuple(causes)


@lru_cache(maxsize=4096)
def _cause(question: str, option: str) -> Cause:
    return Cause(question=question, option=option)


def _labels(assessment: Assessment, answers: Mapping[str, AnswerValue], locale: str) -> dict[str, object]:
    labels: dict[str, object] = {}
    for question in assessment.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        by_id = {o.id: pick(o.label, locale) for o in question.options}
        labels[question.id] = by_id[answer] if isinstance(answer, str) else [by_id[o] for o in answer]
    return labels
