"""The guidance engine: (assessment, answers) -> summary. Pure: no I/O, no framework.

Rule texts are Jinja templates written by editors. They render in an immutable sandbox with
autoescape and StrictUndefined; answers are only ever context (`answers`, `labels`), never source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chalicelib.conditions import AnswerValue
from chalicelib.content.served import REVIEW_NOTES, URGENCY_RANK, Assessment, pick
from chalicelib.models.api import Summary
from chalicelib.plan import PlannedRule, plan_for

_ENV = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


@lru_cache(maxsize=4096)
def compile_text(source: str) -> Template | str:
    """Compile an editor's text once (plain text stays a string); raises jinja2 errors for bad syntax."""
    if "{" not in source:
        return source  # nothing to render: autoescape only ever touches values put in by {{ }}
    return _ENV.from_string(source)


def render_text(source: str, context: Callable[[], Mapping[str, object]]) -> str:
    """The text, rendered with the context `context()` makes (only asked for when the text is a template)."""
    compiled = compile_text(source)
    return compiled if isinstance(compiled, str) else str(compiled.render(context())).strip()


def summarize(
    assessment: Assessment,
    answers: Mapping[str, AnswerValue],
    *,
    locale: str,
    content_version: str,
    disclaimer: Mapping[str, str],
) -> Summary:
    """Build the personalized summary for answers already checked by `check_answers`."""
    fired = [p for p in plan_for(assessment).rules if p.fires(answers)]

    @lru_cache(maxsize=1)
    def context() -> dict[str, object]:
        return {"answers": dict(answers), "labels": _labels(assessment, answers, locale)}

    items: dict[str, list[dict]] = {s.id: [] for s in assessment.summary_sections}
    for planned in fired:
        because = _causes(planned, answers)
        for text in planned.rule.items:
            items[planned.rule.section].append({"text": render_text(pick(text, locale), context), "because": because})
    urgency = max((p.rule.urgency or "routine" for p in fired), key=URGENCY_RANK.__getitem__, default="routine")
    # One validation of the whole tree is much cheaper than building each small model in Python.
    return Summary.model_validate(
        {
            "assessment": assessment.slug,
            "title": pick(assessment.title, locale),
            "locale": locale,
            "content_version": content_version,
            "urgency": urgency,
            "sections": [
                {"id": s.id, "title": pick(s.title, locale), "items": items[s.id]}
                for s in assessment.summary_sections
                if items[s.id]
            ],
            "disclaimer": pick(disclaimer, locale),
            "review_status": assessment.review.status,
            "review_note": REVIEW_NOTES[assessment.review.status],
            "last_reviewed": assessment.last_reviewed,
        }
    )


def _causes(planned: PlannedRule, answers: Mapping[str, AnswerValue]) -> list[dict[str, str]]:
    causes: list[dict[str, str]] = []
    for question, named in planned.looks_at:
        answer = answers.get(question)
        if isinstance(answer, str):
            picked: tuple[str, ...] = (answer,)
        elif isinstance(answer, tuple):
            picked = tuple(o for o in answer if o in named)
        else:
            picked = ()
        for option in picked:
            cause = {"question": question, "option": option}
            if cause not in causes:
                causes.append(cause)
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
