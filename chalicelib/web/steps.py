"""The questionnaire without JavaScript: one question per form post, earlier answers in hidden fields.

Pure: a form's fields in, the next step (or the finished answers) out. Whether answers hold and which
question shows is decided by the prepared assessment the API uses, checking each post's answers once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from chalicelib.core.conditions import AnswerValue
from chalicelib.core.content import Question
from chalicelib.core.kinds import KINDS
from chalicelib.core.prepared import PreparedAssessment
from chalicelib.core.problems import Problem
from chalicelib.web.words import N_

CURRENT = "current"  # hidden field: the question the form showed
GO = "go"  # the button pressed: "next" (the default, as Enter submits it) or "back"


class Step(NamedTuple):
    question: Question
    number: int  # its place among the questions shown so far
    total: int  # at most how many questions show, given the answers so far (core.progress)
    hidden: tuple[tuple[str, str], ...]  # (question id, option id) for every earlier answer
    chosen: tuple[str, ...] = ()  # options to show as picked (going back, or after an error)
    error: str | None = None


class Done(NamedTuple):
    answers: dict[str, AnswerValue]


def tampered() -> Problem:
    return Problem(
        400,
        N_("Answers could not be read"),
        N_("The earlier answers sent with this form do not fit this questionnaire. Please start the questions again."),
    )


def first_step(prepared: PreparedAssessment) -> Step:
    return _step(prepared, _next_shown(prepared, -1, {}), {})


def advance(prepared: PreparedAssessment, fields: Mapping[str, Sequence[str]]) -> Step | Done:
    """The step after this form post: the next question, the same one with an error, the previous one, or done."""
    index = _current_index(prepared, fields)
    go = _single(fields, GO, "next")
    if go not in {"next", "back"}:
        raise tampered()
    question = prepared.assessment.questions[index]
    answer_fields = {name: values for name, values in fields.items() if name not in {CURRENT, GO}}
    # Checked up to the question just asked: an answer to a later one is unknown here, so it is a fault.
    answers, problems = prepared.checked(_raw(prepared, answer_fields), upto=index + 1)
    own = f"answers.{question.id}"
    if any(problem.field != own for problem in problems):
        raise tampered()  # the earlier answers came back from our own hidden fields: they cannot be wrong
    earlier = {name: value for name, value in answers.items() if name != question.id}
    if not prepared.visible(index, earlier):
        raise tampered()
    if go == "back":
        return _back(prepared, index, earlier)
    if problems:
        picked = tuple(answer_fields.get(question.id, ()))
        return _step(prepared, index, earlier, chosen=picked, error=_message(question, picked))
    following = _next_shown(prepared, index, answers)
    if following is None:
        return Done(answers)  # no later question shows, so these are the whole answers, checked
    return _step(prepared, following, answers)


def _back(prepared: PreparedAssessment, index: int, earlier: dict[str, AnswerValue]) -> Step:
    questions = prepared.assessment.questions
    shown = [i for i in range(index) if questions[i].id in earlier]
    if not shown:
        return _step(prepared, index, earlier)
    target = shown[-1]
    before = {q.id: earlier[q.id] for q in questions[:target] if q.id in earlier}
    answer = earlier[questions[target].id]
    return _step(prepared, target, before, chosen=KINDS[questions[target].kind].picked(answer))


def _step(
    prepared: PreparedAssessment,
    index: int | None,
    answers: dict[str, AnswerValue],
    chosen: tuple[str, ...] = (),
    error: str | None = None,
) -> Step:
    if index is None:  # only an assessment whose first question is hidden could get here; content forbids it
        raise Problem(500, N_("Something went wrong"), N_("This questionnaire has no question to show."))
    questions = prepared.assessment.questions
    number, total = prepared.progress(index, answers)
    hidden = tuple(
        (q.id, option) for q in questions[:index] if q.id in answers for option in KINDS[q.kind].picked(answers[q.id])
    )
    return Step(questions[index], number, total, hidden, chosen, error)


def _next_shown(prepared: PreparedAssessment, index: int, answers: dict[str, AnswerValue]) -> int | None:
    count = len(prepared.assessment.questions)
    return next((i for i in range(index + 1, count) if prepared.visible(i, answers)), None)


def _current_index(prepared: PreparedAssessment, fields: Mapping[str, Sequence[str]]) -> int:
    current = _single(fields, CURRENT, None)
    index = next((i for i, q in enumerate(prepared.assessment.questions) if q.id == current), None)
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


def _raw(prepared: PreparedAssessment, fields: Mapping[str, Sequence[str]]) -> dict[str, str | list[str]]:
    """Form values in the API's shape (each kind says how; a field for no question stays a list)."""
    kinds = {q.id: KINDS[q.kind] for q in prepared.assessment.questions}
    return {name: kinds[name].from_form(values) if name in kinds else list(values) for name, values in fields.items()}


def _message(question: Question, picked: tuple[str, ...]) -> str:
    """The parent-facing words for a step's fault (a catalog msgid, translated where the page is drawn). A form
    drawn by us can only go wrong by picking nothing or by combining an answer that must stand alone."""
    if not picked:
        return (
            N_("Please pick at least one answer to go on.")
            if KINDS[question.kind].many
            else N_("Please pick an answer to go on.")
        )
    return N_("One of the answers you picked must be picked alone. Please check your answer.")
