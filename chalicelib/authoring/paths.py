"""Every possible answer set of an assessment: the space is finite (choices only), so walk all of it."""

from __future__ import annotations

from collections.abc import Iterator

from chalicelib.core.answers import visible
from chalicelib.core.conditions import AnswerValue
from chalicelib.core.content import Assessment, Question
from chalicelib.core.kinds import KINDS


def answer_sets(assessment: Assessment) -> Iterator[dict[str, AnswerValue]]:
    """Yield each complete, valid answer set, asking only the questions each path shows."""
    yield from _walk(assessment.questions, 0, {})


def choices(question: Question) -> list[AnswerValue | None]:
    """Every valid answer to one question (None: left unanswered, where that is allowed)."""
    options: list[AnswerValue | None] = list(KINDS[question.kind].choices(question))
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
