"""The condition language: when a question shows and when a rule fires.

A condition is one of:
  {"question": Q, "is": O}            the single-choice answer to Q is O
  {"question": Q, "any_of": [O, ...]} the single-choice answer to Q is one of these
  {"question": Q, "includes": O}      the multi-choice answer to Q contains O
  {"all": [C, ...]}, {"any": [C, ...]}, {"not": C}
An unanswered question makes every leaf about it false. The widget evaluates the same
language in JavaScript; tests/data/condition_vectors.json is run by both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
AnswerValue = str | tuple[str, ...]
Answers = Mapping[str, AnswerValue]


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Is(_Node):
    question: Id
    is_: Id = Field(alias="is")


class AnyOf(_Node):
    question: Id
    any_of: Annotated[tuple[Id, ...], Field(min_length=1)]


class Includes(_Node):
    question: Id
    includes: Id


class All(_Node):
    all: Annotated[tuple[Condition, ...], Field(min_length=1)]


class AnyCondition(_Node):
    any: Annotated[tuple[Condition, ...], Field(min_length=1)]


class Not(_Node):
    not_: Condition = Field(alias="not")


_TAGS = {"is": "is", "any_of": "any_of", "includes": "includes", "all": "all", "any": "any", "not": "not"}
_TAG_OF_TYPE = {Is: "is", AnyOf: "any_of", Includes: "includes", All: "all", AnyCondition: "any", Not: "not"}


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        found = [tag for key, tag in _TAGS.items() if key in value]
        return found[0] if len(found) == 1 else None
    return _TAG_OF_TYPE.get(type(value))


Condition = Annotated[
    Annotated[Is, Tag("is")]
    | Annotated[AnyOf, Tag("any_of")]
    | Annotated[Includes, Tag("includes")]
    | Annotated[All, Tag("all")]
    | Annotated[AnyCondition, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _tag,
        custom_error_type="condition",
        custom_error_message="a condition needs exactly one of: is, any_of, includes, all, any, not",
    ),
]

for _model in (All, AnyCondition, Not):
    _model.model_rebuild()


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
        return _all(tuple(compiled(part) for part in condition.all))
    if isinstance(condition, AnyCondition):
        return _any(tuple(compiled(part) for part in condition.any))
    inner = compiled(condition.not_)
    return lambda answers: not inner(answers)


def _all(parts: tuple[Callable[[Answers], bool], ...]) -> Callable[[Answers], bool]:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:  # the usual case, without a generator per call
        first, second = parts
        return lambda answers: first(answers) and second(answers)
    return lambda answers: all(part(answers) for part in parts)


def _any(parts: tuple[Callable[[Answers], bool], ...]) -> Callable[[Answers], bool]:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda answers: first(answers) or second(answers)
    return lambda answers: any(part(answers) for part in parts)


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
