"""The questionnaire without JavaScript: one question per form post, earlier answers in hidden fields.

Pure: a form's fields in, the next step (or the finished answers) out. Whether answers hold and which
question shows is decided by the same code the API uses (`check_answers`, `visible`), run on the
questions up to the one just asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from chalicelib.core.answers import check_answers, visible
from chalicelib.core.conditions import AnswerValue
from chalicelib.core.problems import Problem
from chalicelib.core.records import replace
from chalicelib.core.served import Assessment, Question

CURRENT = "current"  # hidden field: the question the form showed
GO = "go"  # the button pressed: "next" (the default, as Enter submits it) or "back"


class Step(NamedTuple):
    question: Question
    number: int  # its place among the questions shown so far
    total: int  # how many questions show, given the answers so far
    hidden: tuple[tuple[str, str], ...]  # (question id, option id) for every earlier answer
    chosen: tuple[str, ...] = ()  # options to show as picked (going back, or after an error)
    error: str | None = None


class Done(NamedTuple):
    answers: dict[str, AnswerValue]


def tampered() -> Problem:
    return Problem(
        400,
        "Answers could not be read",
        "The earlier answers sent with this form do not fit this questionnaire. Please start the questions again.",
    )


def first_step(assessment: Assessment) -> Step:
    return _step(assessment, _next_shown(assessment, -1, {}), {})


def advance(assessment: Assessment, fields: Mapping[str, Sequence[str]]) -> Step | Done:
    """The step after this form post: the next question, the same one with an error, the previous one, or done."""
    index = _current_index(assessment, fields)
    go = _single(fields, GO, "next")
    if go not in {"next", "back"}:
        raise tampered()
    question = assessment.questions[index]
    answer_fields = {name: values for name, values in fields.items() if name not in {CURRENT, GO}}
    earlier_raw = {name: values for name, values in answer_fields.items() if name != question.id}
    try:
        earlier = check_answers(_upto(assessment, index), _raw(assessment, earlier_raw))
    except Problem:
        raise tampered() from None
    if not visible(question, earlier):
        raise tampered()
    if go == "back":
        return _back(assessment, index, earlier)
    picked = tuple(answer_fields.get(question.id, ()))
    try:
        answers = check_answers(_upto(assessment, index + 1), _raw(assessment, answer_fields))
    except Problem as problem:
        return _step(assessment, index, earlier, chosen=picked, error=_message(question, picked, problem))
    following = _next_shown(assessment, index, answers)
    if following is None:
        return Done(check_answers(assessment, _raw(assessment, answer_fields)))
    return _step(assessment, following, answers)


def _back(assessment: Assessment, index: int, earlier: dict[str, AnswerValue]) -> Step:
    shown = [i for i in range(index) if assessment.questions[i].id in earlier]
    if not shown:
        return _step(assessment, index, earlier)
    target = shown[-1]
    before = {q.id: earlier[q.id] for q in assessment.questions[:target] if q.id in earlier}
    answer = earlier[assessment.questions[target].id]
    return _step(assessment, target, before, chosen=(answer,) if isinstance(answer, str) else answer)


def _step(
    assessment: Assessment,
    index: int | None,
    answers: dict[str, AnswerValue],
    chosen: tuple[str, ...] = (),
    error: str | None = None,
) -> Step:
    if index is None:  # only an assessment whose first question is hidden could get here; content forbids it
        raise Problem(500, "Something went wrong", "This questionnaire has no question to show.")
    questions = assessment.questions
    number = sum(1 for q in questions[:index] if q.id in answers) + 1
    later = sum(1 for q in questions[index + 1 :] if visible(q, answers))
    hidden = tuple(
        (q.id, option)
        for q in questions[:index]
        if q.id in answers
        for option in ((answers[q.id],) if isinstance(answers[q.id], str) else answers[q.id])
    )
    return Step(questions[index], number, number + later, hidden, chosen, error)


def _next_shown(assessment: Assessment, index: int, answers: dict[str, AnswerValue]) -> int | None:
    return next(
        (i for i in range(index + 1, len(assessment.questions)) if visible(assessment.questions[i], answers)), None
    )


def _current_index(assessment: Assessment, fields: Mapping[str, Sequence[str]]) -> int:
    current = _single(fields, CURRENT, None)
    index = next((i for i, q in enumerate(assessment.questions) if q.id == current), None)
    if index is None:
        raise tampered()
    return index


def _single(fields: Mapping[str, Sequence[str]], name: str, default: str | None) -> str | None:
    values = fields.get(name)
    if values is None:
        return default
    if len(values) != 1:
        raise tampered()
    return values[0]


def _raw(assessment: Assessment, fields: Mapping[str, Sequence[str]]) -> dict[str, str | list[str]]:
    """Form values in the API's shape: one option id for a single-choice question, a list for multi-choice."""
    kinds = {q.id: q.kind for q in assessment.questions}
    return {
        name: values[0] if kinds.get(name) == "single" and len(values) == 1 else list(values)
        for name, values in fields.items()
    }


_prefixes: dict[int, tuple[Assessment, tuple[Assessment, ...]]] = {}


def _upto(assessment: Assessment, count: int) -> Assessment:
    """The assessment cut after its first `count` questions; made once per assessment, so that
    `check_answers` plans each cut only once."""
    held = _prefixes.get(id(assessment))
    if held is None or held[0] is not assessment:  # holding the assessment keeps its id() from being reused
        if len(_prefixes) > 64:
            _prefixes.clear()
        cuts = tuple(
            replace(assessment, questions=assessment.questions[:n]) for n in range(len(assessment.questions) + 1)
        )
        held = _prefixes[id(assessment)] = (assessment, cuts)
    return held[1][count]


def _message(question: Question, picked: tuple[str, ...], problem: Problem) -> str:
    if not picked:
        return (
            "Please pick at least one answer to go on."
            if question.kind == "multi"
            else "Please pick an answer to go on."
        )
    return f"Please check your answer: it {problem.errors[0].detail}."
