"""Every assessment as a FHIR R4 Questionnaire: valid for a FHIR library (fhir.resources, R4B models) in every
locale, and branching exactly as our engine does when an independent FHIRPath engine (fhirpathpy) evaluates its
enableWhenExpressions, and the FHIR rules evaluate its enableWhen, on sampled answer paths."""

from __future__ import annotations

import datetime

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhirpathpy import evaluate
from fhirpathpy.models import models

from chalicelib.authoring import gates
from chalicelib.authoring.gates.fhir import BASE_URL, fhir_faults
from chalicelib.authoring.source import load_folder
from chalicelib.core import fhir
from chalicelib.core.conditions import ConditionAll, ConditionIs, ConditionNot
from tests.fhir_paths import library_slugs, response_for, sampled_paths, shown
from tests.guided import FIXTURE, guided_content

SLUGS = library_slugs()


def built(bundle, slug, locale="en"):
    assessment = next(a for a in bundle.assessments if a.slug == slug)
    made = fhir.questionnaire(
        assessment,
        locale,
        base_url=BASE_URL,
        version=bundle.version,
        publisher=bundle.library.title,
        disclaimer=bundle.library.disclaimer,
    )
    return assessment, made


@pytest.mark.parametrize("slug", SLUGS)
def test_every_questionnaire_is_valid_fhir_in_every_locale(bundle, slug):
    for locale in bundle.library.locales:
        assessment, made = built(bundle, slug, locale)
        Questionnaire.model_validate(made)
        assert made["language"] == locale and made["version"] == bundle.version
        assert [item["linkId"] for item in made["item"]] == [q.id for q in assessment.questions]
        assert made["status"] == ("active" if fhir.reviewed(assessment, locale) else "draft")


def enabled(item, response) -> bool:
    """Whether an item is enabled in `response`: its enableWhenExpression evaluated by fhirpathpy, or its
    enableWhen by the rules of FHIR R4 (`=` holds when any answer to the question is that coding)."""
    for extension in item.get("extension", ()):
        if extension["url"] == fhir.ENABLE_WHEN_EXPRESSION:
            expression = extension["valueExpression"]["expression"]
            return evaluate(response, expression, {"resource": response}, model=models["r4"]) == [True]
    if "enableWhen" not in item:
        return True
    answered = {
        (answered_item["linkId"], answer["valueCoding"]["system"], answer["valueCoding"]["code"])
        for answered_item in response["item"]
        for answer in answered_item["answer"]
    }
    results = [
        (when["question"], when["answerCoding"]["system"], when["answerCoding"]["code"]) in answered
        for when in item["enableWhen"]
    ]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


@pytest.mark.parametrize("slug", SLUGS)
def test_fhir_enables_exactly_the_questions_our_engine_shows(bundle, slug):
    assessment, made = built(bundle, slug)
    paths = sampled_paths(assessment)
    assert len(paths) >= 50
    for answers in paths:
        response = response_for(assessment, answers, BASE_URL)
        QuestionnaireResponse.model_validate(response)
        enabled_ids = [item["linkId"] for item in made["item"] if enabled(item, response)]
        assert enabled_ids == shown(assessment, answers), answers


def test_the_red_flag_rule_needs_an_expression_and_a_plain_leaf_does_not(bundle):
    assessment, made = built(bundle, SLUGS[0])
    later = [item for item in made["item"] if item["linkId"] != "red-flags"]
    assert later and all("enableWhen" not in item for item in later)  # `not` has no enableWhen
    expression = fhir.fhirpath(assessment.questions[-1].show_if, {q.id for q in assessment.questions})
    assert expression.startswith("(") and "exists()).not()" in expression
    plain = fhir.enabling(ConditionIs(question="red-flags", is_="none"), assessment, BASE_URL)
    assert plain == {
        "enableWhen": [
            {
                "question": "red-flags",
                "operator": "=",
                "answerCoding": {"system": fhir.code_system(BASE_URL, assessment.slug, "red-flags"), "code": "none"},
            }
        ]
    }
    both = ConditionAll(all=(ConditionIs(question="a", is_="x"), ConditionNot(not_=ConditionIs(question="a", is_="y"))))
    with pytest.raises(fhir.Inexpressible, match="question 'a'"):
        fhir.enabling(both, assessment, BASE_URL)


def test_the_gates_pass_every_questionnaire_of_the_library(bundle):
    assert fhir_faults(bundle) == []


def test_the_fhir_gate_refuses_a_questionnaire_a_fhir_library_rejects(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        made = fhir_questionnaire(*args, **kwargs)  # status is 1..1 in FHIR; fhir.resources checks structure, not codes
        return {name: value for name, value in made.items() if name != "status"}

    fhir_questionnaire = fhir.questionnaire
    monkeypatch.setattr("chalicelib.authoring.gates.fhir.questionnaire", broken)
    findings = gates.check_bundle(load_folder(guided_content(tmp_path)), datetime.date(2026, 11, 30)).findings
    found = [f for f in findings if f.gate == "fhir"]
    assert found and found[0].slug == FIXTURE and "status" in found[0].message


def test_the_fhir_gate_refuses_what_cannot_be_said_exactly(tmp_path, monkeypatch):
    def inexpressible(*args, **kwargs):
        raise fhir.Inexpressible("question 'x': no FHIR item control draws a 'slider' input")

    monkeypatch.setattr("chalicelib.authoring.gates.fhir.questionnaire", inexpressible)
    findings = gates.check_bundle(load_folder(guided_content(tmp_path)), datetime.date(2026, 11, 30)).findings
    assert [f.message for f in findings if f.gate == "fhir"] == [
        "cannot be said exactly in FHIR (en): question 'x': no FHIR item control draws a 'slider' input"
    ]
