"""An assessment prepared once for fast, repeated use: conditions compiled, rule leaves listed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chalicelib.conditions import Answers, compiled, leaves, options_named
from chalicelib.content.served import Assessment, Question, Rule


def _always(answers: Answers) -> bool:
    return True


@dataclass(frozen=True)
class PlannedQuestion:
    question: Question
    shown: Callable[[Answers], bool]
    depends_on: frozenset[str]  # questions its show_if looks at


@dataclass(frozen=True)
class PlannedRule:
    rule: Rule
    fires: Callable[[Answers], bool]
    looks_at: tuple[tuple[str, tuple[str, ...]], ...]  # (question, options named) for each leaf


@dataclass(frozen=True)
class Plan:
    assessment: Assessment  # held, so the id() key in _plans cannot be reused while cached
    questions: tuple[PlannedQuestion, ...]
    rules: tuple[PlannedRule, ...]


_plans: dict[int, Plan] = {}


def plan_for(assessment: Assessment) -> Plan:
    """The plan of an assessment, made on first use and kept while the assessment is served."""
    plan = _plans.get(id(assessment))
    if plan is None or plan.assessment is not assessment:
        if len(_plans) > 256:
            _plans.clear()
        plan = _plans[id(assessment)] = _make(assessment)
    return plan


def _make(assessment: Assessment) -> Plan:
    questions = tuple(
        PlannedQuestion(
            q,
            compiled(q.show_if) if q.show_if else _always,
            frozenset(leaf.question for leaf in leaves(q.show_if)) if q.show_if else frozenset(),
        )
        for q in assessment.questions
    )
    rules = tuple(
        PlannedRule(
            r,
            compiled(r.when) if r.when else _always,
            tuple((leaf.question, options_named(leaf)) for leaf in leaves(r.when)) if r.when else (),
        )
        for r in assessment.rules
    )
    return Plan(assessment, questions, rules)
