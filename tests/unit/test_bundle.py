"""Reading a published bundle, part by part: the content models read what they wrote, and only an index and
assessments whose hashes, shapes and references hold are served (anything else is a CorruptBundle: the last good
content or the baked one takes over, or, for one assessment, a 503 for it alone)."""

from __future__ import annotations

import json

import pytest

from chalicelib.authoring.store_writers import index_name, laid_out
from chalicelib.core import content as models
from chalicelib.runtime import bundle as bundle_json
from chalicelib.runtime.bundle import PARTS, CorruptBundle, part_name, parts, read_assessment, read_index
from chalicelib.runtime.stores import POINTER_KEY


def document_of(bundle: models.Bundle) -> dict:
    """The bundle as plain data: {"library": ..., "assessments": [...], "partners": [...]} (a fresh copy)."""
    return dict(zip(PARTS, parts(bundle), strict=True))


def read_back(document: dict) -> models.Bundle:
    """`document` laid out as `publish` lays it out (without the models' checks, as someone writing around `publish`
    could), then every part read as the service reads it: the index, then each assessment."""
    version, files = laid_out(*(document[part] for part in PARTS))
    index = read_index(files[index_name(version)])
    assessments = tuple(
        read_assessment(files[part_name(entry.slug, entry.part)], index, position)
        for position, entry in enumerate(index.assessments)
    )
    return models.Bundle(version=index.version, library=index.library, assessments=assessments, partners=index.partners)


def published_raw(folder, document: dict) -> str:
    """Write `document` into a published folder and make it current, around `publish`; return its version."""
    version, files = laid_out(*(document[part] for part in PARTS))
    for name, body in {**files, POINTER_KEY: files[index_name(version)]}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(body)
    return version


def test_a_bundle_is_read_back_as_it_was_written(bundle):
    assert read_back(document_of(bundle)) == bundle
    assert document_of(read_back(document_of(bundle))) == document_of(bundle)


def test_content_models_are_read_only(bundle):
    with pytest.raises(Exception, match="frozen"):
        bundle.version = "0" * 16
    changed = bundle.library.model_copy(update={"title": {"en": "Other"}})
    assert changed.title == {"en": "Other"} and bundle.library.title != changed.title


def refusal(bundle: models.Bundle, change) -> str:
    """Why the bundle, changed by `change` and hashed again, is refused as corrupt (it must be)."""
    document = document_of(bundle)
    change(document)
    with pytest.raises(CorruptBundle, match="not a valid bundle") as error:
        read_back(document)
    return str(error.value)


def first_question(document: dict) -> dict:
    return document["assessments"][0]["questions"][0]


SHAPE_FAULTS = {
    "missing key": (lambda d: first_question(d).pop("prompt"), "assessments.0.questions.0.prompt: Field required"),
    "unknown key": (lambda d: first_question(d).update(colour="red"), "questions.0.colour: Extra inputs"),
    "wrong type": (lambda d: first_question(d).update(required="yes"), "questions.0.required: Input should be"),
    "text without English": (lambda d: d["library"].update(title={"es": "Biblioteca"}), "library.title"),
    "wrong date": (lambda d: d["assessments"][0].update(last_reviewed="soon"), "last_reviewed: Input should be"),
    "unknown kind": (lambda d: first_question(d).update(kind="text"), "kind: Input should be 'single' or 'multi'"),
    "bad condition": (lambda d: d["assessments"][0]["rules"][0].update(when={"question": "q"}), "when: a condition"),
    "list for object": (lambda d: d.update(library=[]), "library: Input should be"),
}


@pytest.mark.parametrize("fault", SHAPE_FAULTS.values(), ids=SHAPE_FAULTS.keys())
def test_a_bundle_of_the_wrong_shape_is_corrupt_even_when_its_hash_matches(bundle, fault):
    change, where = fault
    assert where in refusal(bundle, change)


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
    "operator of another kind": (
        lambda d: seed(d)["rules"][-1].update(when={"question": "needs", "is": "records"}),
        "uses 'is' on multi-choice question 'needs'",
    ),
    "repeated id": (lambda d: seed(d)["rules"][1].update(id=seed(d)["rules"][0]["id"]), "is used twice"),
    "emergency not first": (lambda d: seed(d)["summary_sections"].reverse(), "emergency rules must be declared first"),
}


@pytest.mark.parametrize("fault", REFERENCE_FAULTS.values(), ids=REFERENCE_FAULTS.keys())
def test_a_bundle_whose_references_do_not_resolve_is_corrupt_even_when_its_hash_and_shape_hold(bundle, fault):
    change, what = fault
    assert what in refusal(bundle, change)


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
        bundle_json.read_index(json.dumps(document).encode())


def test_every_content_model_is_read_from_a_bundle(bundle):
    """The served bundle holds the content models themselves: there is no second, served form."""
    read = read_back(document_of(bundle))
    assessment = read.assessments[0]
    assert type(read) is models.Bundle and type(assessment) is models.Assessment
    assert type(assessment.questions[0]) is models.Question and type(read.library) is models.LibraryFile
