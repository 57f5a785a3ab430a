"""The condition language: the shared vectors, its grammar (the pydantic models editors write against and the
service reads), and laws that hold for any answers."""

import itertools
import json
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from chalicelib.core.conditions import Condition, ConditionIs, evaluate, leaves, possible
from chalicelib.core.progress import progress
from tests.conftest import TESTS

SHARED = json.loads((TESTS / "data" / "condition_vectors.json").read_text())
VECTORS, POSSIBLE, PROGRESS = SHARED["vectors"], SHARED["possible"], SHARED["progress"]
CONDITION = TypeAdapter(Condition)
load_condition = CONDITION.validate_python


def as_answers(raw: dict) -> dict:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_condition_vector(vector):
    condition = load_condition(vector["condition"])
    assert evaluate(condition, as_answers(vector["answers"])) is vector["expected"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_a_condition_is_written_back_as_it_was_read(vector):
    assert CONDITION.dump_python(load_condition(vector["condition"]), mode="json", by_alias=True) == vector["condition"]


@pytest.mark.parametrize("vector", POSSIBLE, ids=[v["name"] for v in POSSIBLE])
def test_possible_vector(vector):
    condition = load_condition(vector["condition"])
    assert possible(condition, as_answers(vector["answers"]), set(vector["ahead"])) is vector["expected"]


@pytest.mark.parametrize("vector", PROGRESS, ids=[v["name"] for v in PROGRESS])
def test_progress_vector(vector):
    questions = [
        SimpleNamespace(id=q["id"], show_if=load_condition(q["show_if"]) if "show_if" in q else None)
        for q in vector["questions"]
    ]
    assert list(progress(questions, vector["index"], as_answers(vector["answers"]))) == vector["expected"]


def test_vectors_cover_every_form_of_the_language():
    forms = {key for v in VECTORS for key in json.dumps(v["condition"]).split('"') if key in CONDITION_KEYS}
    assert forms == CONDITION_KEYS


CONDITION_KEYS = {"is", "any_of", "includes", "all", "any", "not"}


@pytest.mark.parametrize(
    "bad",
    [
        {"question": "q", "is": "a", "includes": "b"},
        {"question": "q"},
        {"question": "q", "equals": "a"},
        {"all": []},
        {"any_of": ["a"]},
        {"not": {"question": "q", "is": "a"}, "extra": 1},
        {"question": "Q!", "is": "a"},
    ],
    ids=["two-forms", "no-form", "unknown-form", "empty-all", "leaf-without-question", "extra-key", "bad-id"],
)
def test_malformed_conditions_are_refused(bad):
    with pytest.raises(ValidationError):
        CONDITION.validate_python(bad)


def test_a_condition_without_exactly_one_form_gets_one_clear_error():
    with pytest.raises(ValidationError) as error:
        CONDITION.validate_python({"question": "q", "is": "a", "includes": "b"})
    [only] = error.value.errors()
    assert only["msg"] == "a condition needs exactly one of: is, any_of, includes, all, any, not"


def test_the_condition_models_have_names_that_cannot_collide_in_generated_clients():
    schema = CONDITION.json_schema()
    assert set(schema["$defs"]) == {
        "ConditionIs",
        "ConditionAnyOf",
        "ConditionIncludes",
        "ConditionAll",
        "ConditionAny",
        "ConditionNot",
    }
    assert ConditionIs.model_json_schema()["properties"].keys() == {"question", "is"}


@pytest.mark.parametrize(
    "bad",
    [
        {"question": "q", "is": "a", "includes": "b"},
        {"question": "q"},
        {"question": "q", "equals": "a"},
        {"any_of": ["a"]},
        {"not": {"question": "q", "is": "a"}, "extra": 1},
        {"all": [{"question": "q", "is": ["a"]}]},
        ["question", "q"],
    ],
    ids=["two-forms", "no-form", "unknown-form", "leaf-without-question", "extra-key", "wrong-type", "not-an-object"],
)
def test_conditions_of_the_wrong_shape_are_refused_when_loaded(bad):
    with pytest.raises(ValidationError):
        load_condition(bad)


ids = st.sampled_from(["a", "b", "c"])
leaf = st.one_of(
    st.builds(lambda q, o: {"question": q, "is": o}, st.sampled_from(["q1", "q2"]), ids),
    st.builds(lambda o: {"question": "m", "includes": o}, ids),
    st.builds(lambda q, os: {"question": q, "any_of": os}, st.sampled_from(["q1", "q2"]), st.lists(ids, min_size=1)),
)
conditions = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(lambda c: {"not": c}, inner),
        st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
    ),
    max_leaves=6,
)
answer_sets = st.fixed_dictionaries(
    {},
    optional={"q1": ids, "q2": ids, "m": st.lists(ids, unique=True, max_size=3).map(tuple)},
)


@given(conditions, answer_sets)
def test_not_negates_and_all_any_follow_de_morgan(raw, answers):
    condition = load_condition(raw)
    negated = load_condition({"not": raw})
    assert evaluate(negated, answers) is not evaluate(condition, answers)
    pair = [raw, {"not": raw}]
    assert evaluate(load_condition({"any": pair}), answers) is True
    assert evaluate(load_condition({"all": pair}), answers) is False


@given(conditions)
def test_leaves_only_name_questions_the_condition_mentions(raw):
    mentioned = {q for q in ("q1", "q2", "m") if f'"{q}"' in json.dumps(raw)}
    assert {leaf.question for leaf in leaves(load_condition(raw))} == mentioned


_SUBSETS = [tuple(c) for n in range(1, 4) for c in itertools.combinations("abc", n)]
_VALUES = {"q1": [None, "a", "b", "c"], "q2": [None, "a", "b", "c"], "m": [None, *_SUBSETS]}


@given(conditions, answer_sets, st.sets(st.sampled_from(["q1", "q2", "m"])))
def test_possible_rules_out_only_what_no_later_answers_can_make_true(raw, answers, ahead):
    """When `possible` says no, no answers to the questions ahead make the condition hold; with nothing ahead it
    is `evaluate`."""
    condition = load_condition(raw)
    if not ahead:
        assert possible(condition, answers, ahead) is evaluate(condition, answers)
    if possible(condition, answers, ahead):
        return
    order = sorted(ahead)
    for values in itertools.product(*(_VALUES[q] for q in order)):
        completed = {q: v for q, v in answers.items() if q not in ahead}
        completed.update({q: v for q, v in zip(order, values, strict=True) if v is not None})
        assert not evaluate(condition, completed)
