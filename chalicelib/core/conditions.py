"""The condition language: when a question shows and when a rule fires.

A condition is one of:
  {"question": Q, "is": O}            the single-choice answer to Q is O
  {"question": Q, "any_of": [O, ...]} the single-choice answer to Q is one of these
  {"question": Q, "includes": O}      the multi-choice answer to Q contains O
  {"all": [C, ...]}, {"any": [C, ...]}, {"not": C}
An unanswered question makes every leaf about it false. The widget evaluates the same
language in JavaScript; tests/data/condition_vectors.json is run by both.

Conditions are plain records (`load_condition` makes them from JSON data); `models/conditions.py` holds
the pydantic schema that editors' files are validated against.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from chalicelib.core.records import Record, ShapeError, field, load, many, string

AnswerValue = str | tuple[str, ...]
Answers = Mapping[str, AnswerValue]


def load_condition(data: Any) -> Condition:
    """The condition written as `data` (ShapeError unless it has exactly one form and that form's keys)."""
    if type(data) is dict:
        forms = _FORMS.keys() & data.keys()
        if len(forms) == 1:
            return load(_FORMS[forms.pop()], data)
    raise ShapeError("a condition needs exactly one of: is, any_of, includes, all, any, not")


class Is(Record):
    question = field(string)
    is_ = field(string, key="is")


class AnyOf(Record):
    question = field(string)
    any_of = field(many(string))


class Includes(Record):
    question = field(string)
    includes = field(string)


class All(Record):
    all = field(many(load_condition))


class AnyCondition(Record):
    any = field(many(load_condition))


class Not(Record):
    not_ = field(load_condition, key="not")


Condition = Is | AnyOf | Includes | All | AnyCondition | Not
_FORMS = {"is": Is, "any_of": AnyOf, "includes": Includes, "all": All, "any": AnyCondition, "not": Not}


def evaluate(condition: Condition, answers: Answers) -> bool:
    """True when the answers meet the condition."""
    if isinstance(condition, Is):
        return answers.get(condition.question) == condition.is_
    if isinstance(condition, AnyOf):
        answer = answers.get(condition.question)
        return isinstance(answer, str) and answer in condition.any_of
    if isinstance(condition, Includes):
        answer = answers.get(condition.question)
        return isinstance(answer, tuple) and condition.includes in answer
    if isinstance(condition, All):
        return all(evaluate(part, answers) for part in condition.all)
    if isinstance(condition, AnyCondition):
        return any(evaluate(part, answers) for part in condition.any)
    return not evaluate(condition.not_, answers)


def compiled(condition: Condition) -> Callable[[Answers], bool]:
    """The same test as `evaluate`, as one closure: for hot paths that check a condition many times."""
    if isinstance(condition, Is):
        question, option = condition.question, condition.is_
        return lambda answers: answers.get(question) == option
    if isinstance(condition, AnyOf):
        question, options = condition.question, frozenset(condition.any_of)
        return lambda answers: isinstance(answer := answers.get(question), str) and answer in options
    if isinstance(condition, Includes):
        question, option = condition.question, condition.includes
        return lambda answers: isinstance(answer := answers.get(question), tuple) and option in answer
    if isinstance(condition, All):
        parts = tuple(compiled(part) for part in condition.all)
        return lambda answers: all(part(answers) for part in parts)
    if isinstance(condition, AnyCondition):
        parts = tuple(compiled(part) for part in condition.any)
        return lambda answers: any(part(answers) for part in parts)
    inner = compiled(condition.not_)
    return lambda answers: not inner(answers)


def leaves(condition: Condition) -> Iterator[Is | AnyOf | Includes]:
    """Every leaf of a condition: the (question, options) pairs it looks at."""
    if isinstance(condition, (Is, AnyOf, Includes)):
        yield condition
    elif isinstance(condition, All):
        for part in condition.all:
            yield from leaves(part)
    elif isinstance(condition, AnyCondition):
        for part in condition.any:
            yield from leaves(part)
    else:
        yield from leaves(condition.not_)


def positive_leaves(condition: Condition) -> Iterator[Is | AnyOf | Includes]:
    """The leaves that can make a condition hold by holding themselves: every leaf not under a `not`.

    They define a summary item's `because`: the positive leaves that hold for the answers. What a `not` rules
    out was not chosen, so it names no answer (a rule whose condition is only a `not` has an empty `because`)."""
    if isinstance(condition, (Is, AnyOf, Includes)):
        yield condition
    elif isinstance(condition, (All, AnyCondition)):
        for part in condition.all if isinstance(condition, All) else condition.any:
            yield from positive_leaves(part)


def options_named(leaf: Is | AnyOf | Includes) -> tuple[str, ...]:
    """The option ids a leaf names."""
    if isinstance(leaf, Is):
        return (leaf.is_,)
    if isinstance(leaf, AnyOf):
        return leaf.any_of
    return (leaf.includes,)


def which_hold(conditions: Sequence[Condition | None]) -> Callable[[Answers], list[int]]:
    """The positions of the conditions that hold for some answers (None always holds), as one Python function
    generated and compiled once: every question is looked up once and every leaf is inline code, about three
    times faster than a closure per leaf. The same tests as `evaluate`; only ids (through repr) reach the
    generated source."""
    variables: dict[str, str] = {}

    def value_of(question: str) -> str:
        return variables.setdefault(question, f"v{len(variables)}")

    def source(condition: Condition) -> str:
        if isinstance(condition, Is):
            return f"{value_of(condition.question)} == {condition.is_!r}"
        if isinstance(condition, AnyOf):
            value = value_of(condition.question)
            return f"(isinstance({value}, str) and {value} in {tuple(condition.any_of)!r})"
        if isinstance(condition, Includes):
            value = value_of(condition.question)
            return f"(isinstance({value}, tuple) and {condition.includes!r} in {value})"
        if isinstance(condition, All):
            return "(" + " and ".join(source(part) for part in condition.all) + ")"
        if isinstance(condition, AnyCondition):
            return "(" + " or ".join(source(part) for part in condition.any) + ")"
        return f"(not {source(condition.not_)})"

    tests = [
        f"    if {source(condition)}:\n        hold.append({index})\n"
        if condition is not None
        else f"    hold.append({index})\n"
        for index, condition in enumerate(conditions)
    ]
    lookups = "".join(f"    {name} = get({question!r})\n" for question, name in variables.items())
    code = f"def which(answers):\n    get = answers.get\n{lookups}    hold = []\n{''.join(tests)}    return hold\n"
    namespace: dict[str, Any] = {}
    exec(compile(code, "<conditions>", "exec"), namespace)  # noqa: S102 - source made above from ids only
    return namespace["which"]
