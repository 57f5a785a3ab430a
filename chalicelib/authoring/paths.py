"""Every possible answer set of an assessment: the space is finite (choices only), so walk all of it."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from chalicelib.core.answers import visible
from chalicelib.core.conditions import AnswerValue
from chalicelib.core.served import Assessment, Question


def answer_sets(assessment: Assessment) -> Iterator[dict[str, AnswerValue]]:
    """Yield each complete, valid answer set, asking only the questions each path shows."""
    yield from _walk(assessment.questions, 0, {})


def choices(question: Question) -> list[AnswerValue | None]:
    """Every valid answer to one question (None: left unanswered, where that is allowed)."""
    ids = [o.id for o in question.options]
    if question.kind == "single":
        options: list[AnswerValue | None] = list(ids)
    else:
        exclusive = [o.id for o in question.options if o.exclusive]
        free = [i for i in ids if i not in exclusive]
        options = [(i,) for i in exclusive]
        options += [combo for size in range(1, len(free) + 1) for combo in combinations(free, size)]
    if not question.required:
        options.append(None)
    return options


def _walk(questions, index: int, answers: dict[str, AnswerValue]) -> Iterator[dict[str, AnswerValue]]:
    if index == len(questions):
        yield dict(answers)
        return
    question = questions[index]
    if not visible(question, answers):
        yield from _walk(questions, index + 1, answers)
        return
    for choice in choices(question):
        if choice is not None:
            answers[question.id] = choice
        yield from _walk(questions, index + 1, answers)
        answers.pop(question.id, None)
