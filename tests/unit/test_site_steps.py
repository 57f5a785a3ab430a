"""The questionnaire without JavaScript, as a pure step function: paths, errors, going back, tampering."""

from __future__ import annotations

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.answers import visible
from chalicelib.core.problems import Problem
from chalicelib.web.steps import CURRENT, GO, Done, Step, advance, first_step
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed(catalog):
    return catalog.prepared(SEED)


def form(step: Step, answer: list[str], go: str | None = None) -> dict[str, list[str]]:
    """What a browser sends for `step` with `answer` picked (hidden fields first, as the page orders them)."""
    fields: dict[str, list[str]] = {CURRENT: [step.question.id]}
    for name, value in step.hidden:
        fields.setdefault(name, []).append(value)
    if answer:
        fields[step.question.id] = list(answer)
    if go:
        fields[GO] = [go]
    return fields


def as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def walk(assessment, answers) -> tuple[list[str], Done]:
    """Answer each step from `answers`; return the question ids asked and the outcome."""
    step, asked = first_step(assessment), []
    while isinstance(step, Step):
        assert step.error is None
        asked.append(step.question.id)
        step = advance(assessment, form(step, as_list(answers[step.question.id])))
    return asked, step


def test_paths_spread_over_every_assessment_ask_the_visible_questions_and_end_with_the_checked_answers(catalog, bundle):
    for assessment in bundle.assessments:
        prepared = catalog.prepared(assessment.slug)
        every = list(answer_sets(assessment))
        for answers in every[:: max(1, len(every) // 25)]:
            asked, done = walk(prepared, answers)
            assert asked == [q.id for q in assessment.questions if visible(q, answers)]
            raw = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
            assert done.answers == prepared.check(raw)


def test_a_red_flag_ends_the_questions_straight_away(seed):
    asked, done = walk(seed, {"reason": "unclear-diagnosis", "red-flags": ("breathing",)})
    assert asked == ["reason", "red-flags"]
    assert done.answers == {"reason": "unclear-diagnosis", "red-flags": ("breathing",)}


def test_steps_count_the_questions_shown(seed):
    step = first_step(seed)
    # 8: every question that can still show, the readiness check included (it shows unless the child is worse or
    # treatment must start now), so the count never grows during a walk (it said "1 of 7" then "7 of 8").
    assert (step.question.id, step.number, step.total, step.hidden) == ("reason", 1, 8, ())
    second = advance(seed, form(step, ["not-improving"]))
    assert (second.question.id, second.number, second.hidden) == ("red-flags", 2, (("reason", "not-improving"),))


def test_a_missing_answer_shows_the_same_question_with_a_message(seed):
    step = advance(seed, form(first_step(seed), []))
    assert step.question.id == "reason"
    assert step.error == "Please pick an answer to go on."
    assert step.hidden == ()


def test_a_missing_multi_choice_answer_asks_for_at_least_one(seed):
    step = first_step(seed)
    for answer in (["want-confidence"], ["none"], ["not-worse"], ["started"], ["comfortable"]):
        step = advance(seed, form(step, answer))
    assert step.question.id == "needs"
    again = advance(seed, form(step, []))
    assert again.question.id == "needs" and again.error == "Please pick at least one answer to go on."
    assert again.hidden == step.hidden


def test_an_option_that_must_stand_alone_picked_with_others_is_explained_and_kept_picked(seed):
    step = first_step(seed)
    for answer in (["want-confidence"], ["none"], ["not-worse"], ["started"], ["comfortable"]):
        step = advance(seed, form(step, answer))
    again = advance(seed, form(step, ["records", "none"]))
    assert again.question.id == "needs"
    assert "must be picked alone" in again.error
    assert again.chosen == ("records", "none")


def test_going_back_shows_the_previous_answer_picked_and_drops_the_current_one(seed):
    step = first_step(seed)
    for answer in (["opinions-differ"], ["none"], ["not-worse"], ["planned-soon"]):
        step = advance(seed, form(step, answer))
    assert step.question.id == "comfort"
    back = advance(seed, form(step, ["comfortable"], go="back"))
    assert back.question.id == "treatment"
    assert back.chosen == ("planned-soon",)
    assert back.hidden == (("reason", "opinions-differ"), ("red-flags", "none"), ("right-now", "not-worse"))
    assert back.error is None


def test_going_back_from_a_multi_choice_question_keeps_every_pick(seed):
    step = first_step(seed)
    for answer in (
        ["want-confidence"],
        ["none"],
        ["not-worse"],
        ["started"],
        ["comfortable"],
        ["records", "insurance"],
    ):
        step = advance(seed, form(step, answer))
    assert step.question.id == "age"
    back = advance(seed, form(step, [], go="back"))
    assert back.question.id == "needs" and back.chosen == ("records", "insurance")


def test_going_back_from_the_first_question_stays_there(seed):
    back = advance(seed, form(first_step(seed), [], go="back"))
    assert back.question.id == "reason" and back.error is None


def second_step_form(seed) -> dict[str, list[str]]:
    return form(advance(seed, form(first_step(seed), ["not-improving"])), ["none"])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: f.pop(CURRENT), id="no current question"),
        pytest.param(lambda f: f.update({CURRENT: ["nope"]}), id="unknown current question"),
        pytest.param(lambda f: f.update({CURRENT: ["red-flags", "reason"]}), id="two current questions"),
        pytest.param(lambda f: f.update({GO: ["sideways"]}), id="unknown button"),
        pytest.param(lambda f: f.update({GO: ["next", "back"]}), id="two buttons"),
        pytest.param(lambda f: f.update({"reason": ["made-up"]}), id="earlier answer not an option"),
        pytest.param(lambda f: f.update({"reason": ["not-improving", "want-specialist"]}), id="two earlier answers"),
        pytest.param(lambda f: f.pop("reason"), id="earlier answer missing"),
        pytest.param(lambda f: f.update({"age": ["teen"]}), id="a later question answered early"),
        pytest.param(lambda f: f.update({"surprise": ["x"]}), id="an unknown field"),
        pytest.param(lambda f: f.update({CURRENT: ["right-now"], "red-flags": ["breathing"]}), id="current hidden"),
    ],
)
def test_tampered_forms_are_refused_with_a_problem_that_names_no_value(seed, change):
    fields = second_step_form(seed)
    change(fields)
    with pytest.raises(Problem) as raised:
        advance(seed, fields)
    assert raised.value.status == 400
    assert "made-up" not in raised.value.detail and "surprise" not in raised.value.detail
