"""Content models: what a valid assessment is, and that each broken reference is refused by name."""

import copy
import json

import pytest
from pydantic import ValidationError

from chalicelib.authoring.cli.schemas import rendered
from chalicelib.authoring.source import REPO_CONTENT
from chalicelib.core.content import Assessment, Review


def minimal() -> dict:
    return {
        "slug": "tiny",
        "title": "Tiny",
        "description": "A tiny assessment.",
        "intro": "Two questions.",
        "estimated_minutes": 1,
        "questions": [
            {
                "id": "first",
                "kind": "single",
                "prompt": "First?",
                "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            },
            {
                "id": "second",
                "kind": "multi",
                "prompt": "Second?",
                "show_if": {"question": "first", "is": "a"},
                "options": [{"id": "x", "label": "X"}, {"id": "none", "label": "None", "exclusive": True}],
            },
        ],
        "summary_sections": [{"id": "urgent", "title": "Get care now"}, {"id": "plan", "title": "Plan"}],
        "rules": [
            {
                "id": "emergency",
                "when": {"question": "first", "is": "b"},
                "urgency": "emergency",
                "section": "urgent",
                "items": ["Go now."],
            },
            {"id": "always", "section": "plan", "items": ["Do this."]},
        ],
        "sources": [{"title": "Site", "publisher": "Body", "url": "https://example.org/"}],
        "last_reviewed": "2026-11-25",
        "review": {"status": "not-clinically-reviewed"},
    }


def broken(change) -> str:
    data = copy.deepcopy(minimal())
    change(data)
    with pytest.raises(ValidationError) as error:
        Assessment.model_validate(data)
    return str(error.value)


def test_a_minimal_assessment_is_valid_and_plain_strings_mean_english():
    assessment = Assessment.model_validate(minimal())
    assert assessment.title == {"en": "Tiny"}
    assert assessment.questions[1].options[1].exclusive is True


def test_text_without_english_is_refused():
    assert "needs English text" in broken(lambda d: d.update(title={"es": "Pequeño"}))


def test_unknown_fields_are_refused():
    assert "Extra inputs are not permitted" in broken(lambda d: d["questions"][0].update(colour="red"))


def test_free_text_questions_do_not_exist():
    assert "kind" in broken(lambda d: d["questions"][0].update(kind="text"))


def test_show_if_may_only_look_at_earlier_questions():
    def later(d):
        d["questions"][0]["show_if"] = {"question": "second", "includes": "x"}

    assert "not asked before it" in broken(later)


def test_show_if_must_name_options_that_exist():
    assert "lacks" in broken(lambda d: d["questions"][1].update(show_if={"question": "first", "is": "zzz"}))


def test_includes_only_applies_to_multi_choice():
    assert "includes" in broken(lambda d: d["questions"][1].update(show_if={"question": "first", "includes": "a"}))


def test_a_rule_must_feed_a_declared_section():
    assert "not declared" in broken(lambda d: d["rules"][1].update(section="elsewhere"))


def test_emergency_sections_must_come_first():
    assert "declared first" in broken(lambda d: d["summary_sections"].reverse())


def test_ids_must_be_unique():
    assert "used twice" in broken(lambda d: d["questions"][1].update(id="first"))


def test_exclusive_is_only_for_multi_choice_options():
    assert "exclusive" in broken(lambda d: d["questions"][0]["options"][0].update(exclusive=True))


def test_an_assessment_cannot_be_related_to_itself():
    assert "itself" in broken(lambda d: d.update(related=["tiny"]))


def test_sources_must_be_https():
    assert "url" in broken(lambda d: d["sources"][0].update(url="http://example.org/"))


def test_review_status_is_honest():
    with pytest.raises(ValidationError, match="needs a reviewer"):
        Review(status="clinically-reviewed")
    with pytest.raises(ValidationError, match="must be clinically-reviewed"):
        Review(status="not-clinically-reviewed", reviewer="Dr. A")


def test_json_schemas_for_editors_are_current():
    for name, text in rendered().items():
        assert (REPO_CONTENT / "schemas" / name).read_text() == text, (
            f"run: python -m chalicelib.authoring schemas ({name})"
        )


def test_the_assessment_schema_accepts_plain_strings_for_text():
    schema = json.loads(rendered()["assessment.schema.json"])
    label = schema["$defs"]["Option"]["properties"]["label"]
    assert label == {"$ref": "#/$defs/LocalText"}  # one definition, shared by every text field
    assert {"type": "string"} in schema["$defs"]["LocalText"]["anyOf"]
