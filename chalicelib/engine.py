"""The guidance engine: (assessment, answers) -> summary. Pure: no I/O, no framework.

Rule texts are Jinja templates written by editors. They render in an immutable sandbox with
autoescape and StrictUndefined; answers are only ever context (`answers`, `labels`), never source.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.conditions import AnswerValue, evaluate, leaves, options_named
from chalicelib.models.api import Cause, Summary, SummaryItem, SummarySectionView
from chalicelib.models.content import REVIEW_NOTES, URGENCY_RANK, Assessment, Rule, pick

_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


@lru_cache(maxsize=4096)
def compile_text(source: str) -> Template:
    """Compile an editor's text once; raises jinja2 errors for bad syntax."""
    return _ENV.from_string(source)


def summarize(
    assessment: Assessment,
    answers: Mapping[str, AnswerValue],
    *,
    locale: str,
    content_version: str,
    disclaimer: Mapping[str, str],
) -> Summary:
    """Build the personalized summary for answers already checked by `check_answers`."""
    fired = [rule for rule in assessment.rules if rule.when is None or evaluate(rule.when, answers)]
    context = {"answers": dict(answers), "labels": _labels(assessment, answers, locale)}
    items: dict[str, list[SummaryItem]] = {s.id: [] for s in assessment.summary_sections}
    for rule in fired:
        because = _causes(rule, answers)
        for text in rule.items:
            rendered = str(compile_text(pick(text, locale)).render(context)).strip()
            items[rule.section].append(SummaryItem(text=rendered, because=because))
    urgency = max((r.urgency or "routine" for r in fired), key=URGENCY_RANK.__getitem__, default="routine")
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


def _causes(rule: Rule, answers: Mapping[str, AnswerValue]) -> tuple[Cause, ...]:
    if rule.when is None:
        return ()
    causes: list[Cause] = []
    for leaf in leaves(rule.when):
        answer = answers.get(leaf.question)
        if isinstance(answer, str):
            picked = (answer,)
        elif isinstance(answer, tuple):
            picked = tuple(o for o in answer if o in options_named(leaf))
        else:
            picked = ()
        for option in picked:
            cause = Cause(question=leaf.question, option=option)
            if cause not in causes:
                causes.append(cause)
    return tuple(causes)


def _labels(assessment: Assessment, answers: Mapping[str, AnswerValue], locale: str) -> dict[str, object]:
    labels: dict[str, object] = {}
    for question in assessment.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        by_id = {o.id: pick(o.label, locale) for o in question.options}
        labels[question.id] = by_id[answer] if isinstance(answer, str) else [by_id[o] for o in answer]
    return labels
