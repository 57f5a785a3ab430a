"""The condition language: when a question shows and when a rule fires.

A condition is one of:
  {"question": Q, "is": O}            the single-choice answer to Q is O
  {"question": Q, "any_of": [O, ...]} the single-choice answer to Q is one of these
  {"question": Q, "includes": O}      the multi-choice answer to Q contains O
  {"all": [C, ...]}, {"any": [C, ...]}, {"not": C}
An unanswered question makes every leaf about it false. `possible` asks instead whether a condition can still
hold while some questions are still ahead (a leaf about one of those may go either way). The widget evaluates
the same language in JavaScript (widget/conditions.js); tests/data/condition_vectors.json is run by both.

The pydantic models below are the language: content files are validated against them, the API documents
them, and `evaluate`, `leaves` and `options_named` work on them. Their names start with `Condition` so that
clients generated from the OpenAPI document get distinct names.
"""
# No `from __future__ import annotations` here or in content.py: pydantic would compile and eval every field's
# annotation from a string, about 5 ms of a cold start.

from collections.abc import Container, Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from chalicelib.core.fields import Id

AnswerValue = str | tuple[str, ...]
Answers = Mapping[str, AnswerValue]


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class ConditionIs(_Node):
    question: Id
    is_: Id = Field(alias="is")


class ConditionAnyOf(_Node):
    question: Id
    any_of: Annotated[tuple[Id, ...], Field(min_length=1)]


class ConditionIncludes(_Node):
    question: Id
    includes: Id


class ConditionAll(_Node):
    all: Annotated[tuple["Condition", ...], Field(min_length=1)]


class ConditionAny(_Node):
    any: Annotated[tuple["Condition", ...], Field(min_length=1)]

    @cached_property
    def includes_one_of(self) -> tuple[str, frozenset[str]] | None:
        """(question, options) when every part is an `includes` on one question: then the `any` holds when the
        answer shares an option with them, one set test (the shared red-flag screen's "any red flag" has 11
        parts and sits in every later question's `show_if`)."""
        if all(type(part) is ConditionIncludes for part in self.any) and len({p.question for p in self.any}) == 1:
            return self.any[0].question, frozenset(part.includes for part in self.any)
        return None


class ConditionNot(_Node):
    not_: "Condition" = Field(alias="not")


Leaf = ConditionIs | ConditionAnyOf | ConditionIncludes
_LEAVES = (ConditionIs, ConditionAnyOf, ConditionIncludes)
_TAGS = ("is", "any_of", "includes", "all", "any", "not")
_TAG_OF_TYPE = {
    ConditionIs: "is",
    ConditionAnyOf: "any_of",
    ConditionIncludes: "includes",
    ConditionAll: "all",
    ConditionAny: "any",
    ConditionNot: "not",
}


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        found = [tag for tag in _TAGS if tag in value]
        return found[0] if len(found) == 1 else None
    return _TAG_OF_TYPE.get(type(value))


Condition = Annotated[
    Annotated[ConditionIs, Tag("is")]
    | Annotated[ConditionAnyOf, Tag("any_of")]
    | Annotated[ConditionIncludes, Tag("includes")]
    | Annotated[ConditionAll, Tag("all")]
    | Annotated[ConditionAny, Tag("any")]
    | Annotated[ConditionNot, Tag("not")],
    Discriminator(
        _tag,
        custom_error_type="condition",
        custom_error_message="a condition needs exactly one of: is, any_of, includes, all, any, not",
    ),
]


def evaluate(condition: Any, answers: Answers) -> bool:
    """True when the answers meet the condition."""
    # `type(...) is` rather than isinstance (pydantic models' isinstance goes through ABCMeta) and loops rather
    # than all()/any() over generators: together 3x faster, the difference between 2x and 3x the minimal
    # app's warm POST (every rule's condition is evaluated on every summary).
    form = type(condition)
    if form is ConditionIs:
        return answers.get(condition.question) == condition.is_
    if form is ConditionAnyOf:
        answer = answers.get(condition.question)
        return isinstance(answer, str) and answer in condition.any_of
    if form is ConditionIncludes:
        answer = answers.get(condition.question)
        return isinstance(answer, tuple) and condition.includes in answer
    if form is ConditionAll:
        for part in condition.all:  # noqa: SIM110 - see above
            if not evaluate(part, answers):
                return False
        return True
    if form is ConditionAny:
        one_question = condition.includes_one_of
        if one_question is not None:
            answer = answers.get(one_question[0])
            return isinstance(answer, tuple) and not one_question[1].isdisjoint(answer)
        for part in condition.any:  # noqa: SIM110 - see above
            if evaluate(part, answers):
                return True
        return False
    return not evaluate(condition.not_, answers)


def possible(condition: Any, answers: Answers, ahead: Container[str]) -> bool:
    """Whether the condition can still hold once the questions in `ahead` are answered (any other question keeps
    its answer, or none). Three-valued: a leaf about a question ahead is unknown, `all`, `any` and `not` combine
    unknowns as in Kleene's logic. It can say yes where no answers would make it hold (two leaves about one
    question ahead), never no where some would; and it only turns from yes to no as questions leave `ahead`."""
    return _maybe(condition, answers, ahead) is not False


def _maybe(condition: Any, answers: Answers, ahead: Container[str]) -> bool | None:
    form = type(condition)
    if form in _LEAVES:
        return None if condition.question in ahead else evaluate(condition, answers)
    if form is ConditionNot:
        inner = _maybe(condition.not_, answers, ahead)
        return None if inner is None else not inner
    parts = [_maybe(part, answers, ahead) for part in (condition.all if form is ConditionAll else condition.any)]
    decisive = form is ConditionAny  # one true part decides an `any`, one false part an `all`
    if decisive in parts:
        return decisive
    return None if None in parts else not decisive


def leaves(condition: Any) -> Iterator[Leaf]:
    """Every leaf of a condition: the (question, options) pairs it looks at."""
    form = type(condition)
    if form in _LEAVES:
        yield condition
    elif form is ConditionAll:
        for part in condition.all:
            yield from leaves(part)
    elif form is ConditionAny:
        for part in condition.any:
            yield from leaves(part)
    else:
        yield from leaves(condition.not_)


def positive_leaves(condition: Any) -> Iterator[Leaf]:
    """The leaves that can make a condition hold by holding themselves: every leaf not under a `not`.

    They define a summary item's `because`: the positive leaves that hold for the answers. What a `not` rules
    out was not chosen, so it names no answer (a rule whose condition is only a `not` has an empty `because`)."""
    form = type(condition)
    if form in _LEAVES:
        yield condition
    elif form is ConditionAll or form is ConditionAny:
        for part in condition.all if form is ConditionAll else condition.any:
            yield from positive_leaves(part)


def options_named(leaf: Leaf) -> tuple[str, ...]:
    """The option ids a leaf names."""
    if type(leaf) is ConditionIs:
        return (leaf.is_,)
    if type(leaf) is ConditionAnyOf:
        return leaf.any_of
    return (leaf.includes,)


def operator(leaf: Leaf) -> str:
    """The leaf's operator as content writes it: is, any_of or includes."""
    return _TAG_OF_TYPE[type(leaf)]
