"""Check a parent's answers against an assessment: known questions and options, required, shown."""

from __future__ import annotations

from collections.abc import Mapping

from chalicelib.conditions import AnswerValue, evaluate
from chalicelib.content.served import Assessment, Question
from chalicelib.plan import plan_for
from chalicelib.problems import FieldProblem, invalid_answers


def visible(question: Question, answers: Mapping[str, AnswerValue]) -> bool:
    """A question shows when it has no condition or its condition holds for the answers so far."""
    return question.show_if is None or evaluate(question.show_if, answers)


def check_answers(assessment: Assessment, raw: Mapping[str, str | list[str]]) -> dict[str, AnswerValue]:
    """Return the answers normalized (multi-choice as tuples), or raise a 422 Problem naming each fault."""
    problems: list[FieldProblem] = []
    asked = {q.id for q in assessment.questions}
    unknown = sum(1 for key in raw if key not in asked)
    if unknown:
        problems.append(FieldProblem("answers", f"{unknown} answer(s) name a question this assessment does not ask"))
    clean: dict[str, AnswerValue] = {}
    faulty: set[str] = set()
    for planned in plan_for(assessment).questions:
        question = planned.question
        where = f"answers.{question.id}"
        given = question.id in raw
        depends_on_fault = not faulty.isdisjoint(planned.depends_on)
        shown = depends_on_fault or planned.shown(clean)
        if not shown:
            if given:
                faulty.add(question.id)
                problems.append(FieldProblem(where, "this question is hidden by the other answers, so leave it out"))
            continue
        if not given:
            if question.required and not depends_on_fault:
                faulty.add(question.id)
                problems.append(FieldProblem(where, "an answer is required"))
            continue
        value, fault = _check_one(question, raw[question.id])
        if fault:
            faulty.add(question.id)
            problems.append(FieldProblem(where, fault))
        elif value is not None:
            clean[question.id] = value
    if problems:
        raise invalid_answers(tuple(problems))
    return clean


def _check_one(question: Question, value: str | list[str]) -> tuple[AnswerValue | None, str | None]:
    options = {o.id: o for o in question.options}
    if question.kind == "single":
        if not isinstance(value, str):
            return None, "takes exactly one option id, as a string"
        if value not in options:
            return None, "is not one of this question's options"
        return value, None
    if isinstance(value, str):
        return None, "takes a list of option ids"
    if not value:
        return (None, "needs at least one option") if question.required else (None, None)
    if len(set(value)) != len(value):
        return None, "lists an option more than once"
    if any(item not in options for item in value):
        return None, "lists something that is not one of this question's options"
    if len(value) > 1 and any(options[item].exclusive for item in value):
        return None, "combines an option that must be picked alone with others"
    order = [o.id for o in question.options]
    return tuple(sorted(value, key=order.index)), None
