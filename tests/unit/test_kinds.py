"""Question kinds: each one says how its answers are checked, enumerated, named by conditions and drawn."""

from __future__ import annotations

from typing import get_args

import pytest

from chalicelib.core.content import Question
from chalicelib.core.kinds import KINDS


def question(kind: str, exclusive: bool = False, required: bool = True) -> Question:
    options = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "none", "label": "None"}]
    if exclusive:
        options[2]["exclusive"] = True
    return Question.model_validate({"id": "q", "kind": kind, "prompt": "Q?", "required": required, "options": options})


def check(kind: str, value, exclusive: bool = False, required: bool = True):
    q = question(kind, exclusive, required)
    positions = {o.id: i for i, o in enumerate(q.options)}
    alone = frozenset(o.id for o in q.options if o.exclusive)
    return KINDS[kind].check(value, positions, alone, required)


def test_a_question_takes_exactly_the_kinds_there_are():
    assert set(get_args(Question.model_fields["kind"].annotation)) == set(KINDS) == {"single", "multi"}
    with pytest.raises(ValueError):
        question("text")


def test_each_kind_names_its_input_and_its_condition_operators():
    assert (KINDS["single"].input_type, KINDS["multi"].input_type) == ("radio", "checkbox")
    assert KINDS["single"].operators == {"is", "any_of"} and KINDS["multi"].operators == {"includes"}
    assert set().union(*(kind.operators for kind in KINDS.values())) == {"is", "any_of", "includes"}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("a", ("a", None)),
        (["a"], (None, "takes exactly one option id, as a string")),
        ("z", (None, "is not one of this question's options")),
    ],
)
def test_a_single_choice_answer_is_one_known_option(value, expected):
    assert check("single", value) == expected


@pytest.mark.parametrize(
    "value, required, expected",
    [
        (["b", "a"], True, (("a", "b"), None)),
        ("a", True, (None, "takes a list of option ids")),
        ([], True, (None, "needs at least one option")),
        ([], False, (None, None)),
        (["a", "a"], True, (None, "lists an option more than once")),
        (["a", "z"], True, (None, "lists something that is not one of this question's options")),
        (["a", "none"], True, (None, "combines an option that must be picked alone with others")),
    ],
)
def test_a_multi_choice_answer_is_a_list_of_known_options_held_in_option_order(value, required, expected):
    assert check("multi", value, exclusive=True, required=required) == expected


def test_each_kind_enumerates_every_valid_answer():
    assert KINDS["single"].choices(question("single")) == ["a", "b", "none"]
    assert KINDS["multi"].choices(question("multi", exclusive=True)) == [("none",), ("a",), ("b",), ("a", "b")]


def test_each_kind_reads_a_form_field_into_the_apis_shape_and_back():
    assert KINDS["single"].from_form(["a"]) == "a" and KINDS["single"].from_form(["a", "b"]) == ["a", "b"]
    assert KINDS["multi"].from_form(["a"]) == ["a"]
    assert KINDS["single"].picked("a") == ("a",) and KINDS["multi"].picked(("a", "b")) == ("a", "b")
