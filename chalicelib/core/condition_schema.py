"""The pydantic schema of the condition language: what editors' files are validated against, and what the
API documents. The language itself (records, evaluation) is `chalicelib/conditions.py`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from chalicelib.core.conditions import Condition as ConditionRecord
from chalicelib.core.conditions import load_condition
from chalicelib.core.fields import Id


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


def as_record(condition: Is | AnyOf | Includes | All | AnyCondition | Not) -> ConditionRecord:
    """The validated condition as the language's record (what `evaluate`, `leaves` and the engine take)."""
    return load_condition(condition.model_dump(mode="json", by_alias=True))
