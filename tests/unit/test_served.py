"""The records the service serves: pinned to the pydantic models field for field, and read only from a
bundle whose hash and shape hold (anything else is a CorruptBundle, so the fallback takes over)."""

from __future__ import annotations

import json
from typing import get_args

import pytest
from pydantic import BaseModel

from chalicelib.core import condition_schema as condition_models
from chalicelib.core import conditions, served
from chalicelib.core import content as models
from chalicelib.core.fields import ReviewStatus, Urgency
from chalicelib.core.records import REQUIRED, Record, ShapeError, dump, load, replace
from chalicelib.runtime import bundle as bundle_json
from chalicelib.runtime.bundle import CorruptBundle, content_version, from_json, to_json

PAIRS = [
    (served.Option, models.Option),
    (served.Question, models.Question),
    (served.SummarySection, models.SummarySection),
    (served.Rule, models.Rule),
    (served.Entry, models.Entry),
    (served.StaticSection, models.StaticSection),
    (served.Faq, models.Faq),
    (served.Source, models.Source),
    (served.Review, models.Review),
    (served.Assessment, models.Assessment),
    (served.Topic, models.Topic),
    (served.Category, models.Category),
    (served.Library, models.LibraryFile),
    (served.Theme, models.Theme),
    (served.Resource, models.Resource),
    (served.NurseLine, models.NurseLine),
    (served.Partner, models.Partner),
    (served.Bundle, models.Bundle),
    (conditions.Is, condition_models.Is),
    (conditions.AnyOf, condition_models.AnyOf),
    (conditions.Includes, condition_models.Includes),
    (conditions.All, condition_models.All),
    (conditions.AnyCondition, condition_models.AnyCondition),
    (conditions.Not, condition_models.Not),
]
# A base class, a file that only wraps partners, and the shared red-flag screen (placed into each assessment
# by the build, so the service never reads it as such).
NOT_SERVED = {models.ContentModel, models.PartnersFile, models.RedFlagsFile}


def _plain(default):
    return default.model_dump() if isinstance(default, BaseModel) else default


def _record_plain(default):
    return dict(default.__dict__) if isinstance(default, Record) else default


@pytest.mark.parametrize("record, model", PAIRS, ids=[record.__name__ for record, _ in PAIRS])
def test_each_record_has_the_fields_json_keys_and_defaults_of_its_model(record, model):
    expected = [
        (name, info.alias or name, "required" if info.is_required() else _plain(info.default))
        for name, info in model.model_fields.items()
    ]
    held = [(f.name, f.key, "required" if f.default is REQUIRED else _record_plain(f.default)) for f in record.FIELDS]
    assert held == expected


def test_every_content_model_has_a_record():
    content_models = {
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == models.__name__
    }
    assert content_models - NOT_SERVED == {model for _, model in PAIRS if model.__module__ == models.__name__}


def test_the_records_take_the_choices_the_models_take():
    kind = next(f.kind for f in served.Question.FIELDS if f.name == "kind")
    assert [kind(choice) for choice in get_args(models.Question.model_fields["kind"].annotation)] == ["single", "multi"]
    with pytest.raises(ShapeError):
        kind("text")
    assert set(get_args(Urgency)) == set(served.URGENCY_RANK)
    assert set(get_args(ReviewStatus)) == set(served.REVIEW_NOTES)


def test_the_records_read_what_the_models_write_and_write_it_back_the_same(bundle):
    written = json.loads(to_json(bundle))
    validated = models.Bundle.model_validate(written)
    assert [a.model_dump(mode="json", by_alias=True, exclude_defaults=True) for a in validated.assessments] == [
        dump(a) for a in bundle.assessments
    ]
    assert validated.library.model_dump(mode="json", by_alias=True, exclude_defaults=True) == dump(bundle.library)
    assert from_json(to_json(bundle)) == bundle


def test_records_are_read_only(bundle):
    with pytest.raises(AttributeError):
        bundle.version = "0" * 16
    changed = replace(bundle.library, title={"en": "Other"})
    assert changed.title == {"en": "Other"} and bundle.library.title != changed.title


def rehashed(document: dict) -> bytes:
    """A bundle with its version recomputed, as someone bypassing `publish` could write one."""
    document["version"] = content_version(document["library"], document["assessments"], document["partners"])
    return json.dumps(document).encode()


def first_question(document: dict) -> dict:
    return document["assessments"][0]["questions"][0]


SHAPE_FAULTS = {
    "missing key": (lambda d: first_question(d).pop("prompt"), "assessments.0.questions.0: missing field 'prompt'"),
    "unknown key": (lambda d: first_question(d).update(colour="red"), "unknown field(s): colour"),
    "wrong type": (lambda d: first_question(d).update(required="yes"), "questions.0.required: expected true or false"),
    "text without English": (lambda d: d["library"].update(title={"es": "Biblioteca"}), "library.title"),
    "wrong date": (lambda d: d["assessments"][0].update(last_reviewed="soon"), "last_reviewed: expected a date"),
    "unknown kind": (lambda d: first_question(d).update(kind="text"), "kind: expected one of: single, multi"),
    "bad condition": (lambda d: d["assessments"][0]["rules"][0].update(when={"question": "q"}), "when: a condition"),
    "list for object": (lambda d: d.update(library=[]), "library: expected an object"),
}


@pytest.mark.parametrize("fault", SHAPE_FAULTS.values(), ids=SHAPE_FAULTS.keys())
def test_a_bundle_of_the_wrong_shape_is_corrupt_even_when_its_hash_matches(bundle, fault):
    change, where = fault
    document = json.loads(to_json(bundle))
    change(document)
    with pytest.raises(CorruptBundle, match="not a valid bundle") as error:
        from_json(rehashed(document))
    assert where in str(error.value)


def seed(document: dict) -> dict:
    return next(a for a in document["assessments"] if a["slug"] == "how-to-ask-for-a-second-opinion")


REFERENCE_FAULTS = {
    "unknown related": (lambda d: seed(d).update(related=["no-such-page"]), "related to unknown 'no-such-page'"),
    "unplaced": (lambda d: d["library"]["categories"][0]["topics"][0]["assessments"].pop(0), "is not placed"),
    "undeclared section": (lambda d: seed(d)["rules"][0].update(section="nowhere"), "section 'nowhere'"),
    "later question": (
        lambda d: seed(d)["questions"][0].update(show_if={"question": "sure", "includes": "clear-values"}),
        "refers to question 'sure', which is not asked before it",
    ),
    "unknown option": (
        lambda d: seed(d)["rules"][-1].update(when={"question": "right-now", "is": "tomorrow"}),
        "refers to option 'tomorrow'",
    ),
    "repeated id": (lambda d: seed(d)["rules"][1].update(id=seed(d)["rules"][0]["id"]), "is used twice"),
    "emergency not first": (lambda d: seed(d)["summary_sections"].reverse(), "emergency rules must be declared first"),
}


@pytest.mark.parametrize("fault", REFERENCE_FAULTS.values(), ids=REFERENCE_FAULTS.keys())
def test_a_bundle_whose_references_do_not_resolve_is_corrupt_even_when_its_hash_and_shape_hold(bundle, fault):
    change, what = fault
    document = json.loads(to_json(bundle))
    change(document)
    with pytest.raises(CorruptBundle, match="not a valid bundle") as error:
        from_json(rehashed(document))
    assert what in str(error.value)


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"version": "0123456789abcdef"},
        {"version": "x", "library": {}, "assessments": [], "partners": [], "more": 1},
    ],
    ids=["not an object", "missing parts", "extra part"],
)
def test_a_document_without_exactly_the_bundle_keys_is_corrupt(document):
    with pytest.raises(CorruptBundle):
        bundle_json.from_json(json.dumps(document).encode())


def test_load_names_where_the_shape_is_wrong():
    with pytest.raises(ShapeError) as error:
        load(served.Topic, {"slug": "t", "title": {"en": "T"}, "description": {"en": "D"}, "assessments": ["a", 2]})
    assert error.value.path == ("assessments", 1)
