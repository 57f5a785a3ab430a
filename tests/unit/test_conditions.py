"""The condition language: the shared vectors, its grammar (the pydantic schema editors write against, and the
records the service loads), and laws that hold for any answers."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from chalicelib.core.condition_schema import Condition, as_record
from chalicelib.core.conditions import compiled, evaluate, leaves, load_condition, which_hold
from chalicelib.core.records import ShapeError
from tests.conftest import TESTS

VECTORS = json.loads((TESTS / "data" / "condition_vectors.json").read_text())["vectors"]
CONDITION = TypeAdapter(Condition)


def as_answers(raw: dict) -> dict:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_condition_vector(vector):
    condition = load_condition(vector["condition"])
    assert evaluate(condition, as_answers(vector["answers"])) is vector["expected"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_schema_and_the_records_read_a_condition_alike(vector):
    assert as_record(CONDITION.validate_python(vector["condition"])) == load_condition(vector["condition"])


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
    with pytest.raises(ShapeError):
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


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_compiled_form_passes_the_vectors_too(vector):
    condition = load_condition(vector["condition"])
    assert compiled(condition)(as_answers(vector["answers"])) is vector["expected"]


@given(conditions, answer_sets)
def test_the_compiled_form_agrees_with_evaluate(raw, answers):
    condition = load_condition(raw)
    assert compiled(condition)(answers) is evaluate(condition, answers)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_generated_form_passes_the_vectors_too(vector):
    condition = load_condition(vector["condition"])
    which = which_hold([condition, None, condition])
    assert which(as_answers(vector["answers"])) == ([0, 1, 2] if vector["expected"] else [1])


@given(st.lists(conditions, min_size=1, max_size=5), answer_sets)
def test_the_generated_form_agrees_with_evaluate(raws, answers):
    parsed = [load_condition(raw) for raw in raws]
    assert which_hold(parsed)(answers) == [i for i, c in enumerate(parsed) if evaluate(c, answers)]
