"""The guidance engine: (assessment, answers) -> summary. Pure: no I/O, no framework.

Rule texts are Jinja templates written by editors. They render in an immutable sandbox with
autoescape and StrictUndefined; answers are only ever context (`answers`, `labels`), never source.

The summary is plain data shaped like `models.api.Summary` (which documents it in the OpenAPI document;
tests check every shape against it): it goes straight to JSON, so building it must cost little.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.core.conditions import Answers, AnswerValue
from chalicelib.core.plan import Plan, PlannedRule, plan_for
from chalicelib.core.served import REVIEW_NOTES, URGENCY_RANK, Assessment, pick

_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
_URGENCY_BY_RANK = {rank: urgency for urgency, rank in URGENCY_RANK.items()}

Summary = dict[str, Any]
"""A summary as plain data: see models.api.Summary for its fields."""


def _is_template(text: str) -> bool:
    return "{" in text  # otherwise nothing to render: autoescape only ever touches values put in by {{ }}


@lru_cache(maxsize=4096)
def compile_text(source: str) -> Template | str:
    """Compile an editor's text once (plain text stays a string); raises jinja2 errors for bad syntax."""
    return _ENV.from_string(source) if _is_template(source) else source


class _LocalRule(NamedTuple):  # a tuple, so the hot loop unpacks it in one step
    planned: PlannedRule
    section: str
    rank: int
    texts: tuple[tuple[str, bool], ...]  # (text, is a template); templates compile when first rendered


class _Local(NamedTuple):
    """An assessment's rules and words in one locale, picked once."""

    rules: tuple[_LocalRule, ...]
    sections: tuple[tuple[str, str, str | None], ...]  # (id, title, role) in summary order
    title: str
    review_note: str
    last_reviewed: str


def summarize(
    assessment: Assessment,
    answers: Mapping[str, AnswerValue],
    *,
    locale: str,
    content_version: str,
    disclaimer: Mapping[str, str],
) -> Summary:
    """Build the personalized summary for answers already checked by `check_answers`."""
    plan = plan_for(assessment)
    local = _localized(plan, locale)
    items: dict[str, list[dict[str, Any]]] = {}
    rank = 0
    context: dict[str, object] | None = None
    for index in plan.fired(answers):
        planned, section_id, rule_rank, texts = local.rules[index]
        because = _causes(planned, answers)
        if rule_rank > rank:
            rank = rule_rank
        section = items.setdefault(section_id, [])
        for text, is_template in texts:
            if is_template:
                if context is None:
                    context = {"answers": dict(answers), "labels": _labels(assessment, answers, locale)}
                text = str(compile_text(text).render(context)).strip()
            section.append({"text": text, "because": because})
    return {
        "assessment": assessment.slug,
        "title": local.title,
        "locale": locale,
        "content_version": content_version,
        "urgency": _URGENCY_BY_RANK[rank],
        "sections": [
            {"id": section_id, "title": title, "role": role, "items": items[section_id]}
            for section_id, title, role in local.sections
            if section_id in items
        ],
        "disclaimer": pick(disclaimer, locale),
        "review_status": assessment.review.status,
        "review_note": local.review_note,
        "last_reviewed": local.last_reviewed,
    }


def _localized(plan: Plan, locale: str) -> _Local:
    local = plan.localized.get(locale)
    if local is None:
        assessment = plan.assessment
        local = plan.localized[locale] = _Local(
            rules=tuple(
                _LocalRule(
                    planned,
                    planned.rule.section,
                    URGENCY_RANK[planned.rule.urgency or "routine"],
                    tuple((text, _is_template(text)) for text in (pick(item, locale) for item in planned.rule.items)),
                )
                for planned in plan.rules
            ),
            sections=tuple((s.id, pick(s.title, locale), s.role) for s in assessment.summary_sections),
            title=pick(assessment.title, locale),
            review_note=REVIEW_NOTES[assessment.review.status],
            last_reviewed=assessment.last_reviewed.isoformat(),
        )
    return local


def _causes(planned: PlannedRule, answers: Answers) -> list[dict[str, str]]:
    """The answers that made a fired rule fire: those its positive leaves name and that were picked (see
    `conditions.positive_leaves`; a leaf of an `any` that does not hold, or a leaf under a `not`, names none)."""
    causes: list[dict[str, str]] = []
    get = answers.get
    for question, named, multi in planned.causes:
        answer = get(question)
        if answer is None:
            pass
        elif not multi:
            if answer in named:
                causes.append({"question": question, "option": answer})
        else:
            causes += [{"question": question, "option": option} for option in answer if option in named]
    if planned.causes_may_repeat:
        causes = [cause for i, cause in enumerate(causes) if cause not in causes[:i]]
    return causes


def _labels(assessment: Assessment, answers: Mapping[str, AnswerValue], locale: str) -> dict[str, object]:
    labels: dict[str, object] = {}
    for question in assessment.questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        by_id = {o.id: pick(o.label, locale) for o in question.options}
        labels[question.id] = by_id[answer] if isinstance(answer, str) else [by_id[o] for o in answer]
    return labels
