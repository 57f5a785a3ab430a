"""LHC-Forms, a FHIR form engine nobody here wrote, runs every assessment's Questionnaire as the API serves it:
on sampled answer paths (every red-flag sign alone among them) it enables exactly the questions our engine
shows, and the QuestionnaireResponse it builds gets, from the API, the summary of the same answers in JSON.

The engine is the `lforms` npm package at the version pinned in tests/browser/lforms/package-lock.json,
installed there by `make test` (`make lforms`; this module runs it when the files are missing), served from
loopback only."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
from chalice.test import Client
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from chalicelib.core import fhir
from chalicelib.core.content import Assessment
from tests.fhir_paths import PATHS_PER_ASSESSMENT, library_slugs, sampled_paths, shown

LFORMS = Path(__file__).resolve().parent / "lforms"
FILL = (LFORMS / "fill.js").read_text(encoding="utf-8")
BASE = "http://127.0.0.1:8000"  # the settings' default SITE_URL, which the test stage keeps


def _installed() -> bool:
    return (LFORMS / "node_modules" / "lforms" / "dist" / "lforms" / "webcomponent" / "main.js").exists()


@pytest.fixture(scope="module")
def lforms_origin():
    """LHC-Forms' files and the test page on a loopback port, installed first with npm if missing."""
    if not _installed():  # `pytest` run without `make test` first: the same install
        subprocess.run(["make", "--no-print-directory", "lforms"], cwd=LFORMS.parents[2], check=False)
    if not _installed():
        if os.environ.get("CI"):
            pytest.fail("LHC-Forms is not installed: `make lforms` needs npm")
        pytest.skip("LHC-Forms is not installed (`make lforms` needs npm)")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # no request lines in the test output
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(LFORMS)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def form_page(browser, lforms_origin):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lforms_origin}/page.html")
    page.wait_for_function("!!(window.LForms && LForms.Util && LForms.Util.FHIRSupport && LForms.Util.addFormToPage)")
    yield page
    context.close()


@pytest.fixture(scope="module")
def api():
    from app import app

    with Client(app, stage_name="test") as client:
        yield client


def fill(page, questionnaire, assessment, answers):
    """Render the Questionnaire in LHC-Forms and click the path's answers: (enabled linkIds, the item LHC-Forms
    had not enabled when its answer was due or None, its QuestionnaireResponse)."""
    picks = [
        [question, fhir.code_system(BASE, assessment.slug, question), code]
        for question in shown(assessment, answers)
        for code in ((answers[question],) if isinstance(answers[question], str) else answers[question])
    ]
    found = page.evaluate(
        FILL, {"questionnaire": questionnaire, "picks": picks, "expected": shown(assessment, answers)}
    )
    return found["enabled"], found["missing"], found["response"]


def summary(api, path, body, content_type):
    response = api.http.post(path, body=json.dumps(body), headers={"Content-Type": content_type})
    assert response.status_code == 200, response.body
    return json.loads(response.body)


@pytest.mark.parametrize("slug", library_slugs())
def test_lhc_forms_enables_what_our_engine_shows_and_its_response_gets_the_same_summary(form_page, api, bundle, slug):
    assessment = next(a for a in bundle.assessments if a.slug == slug)
    questionnaire = json.loads(api.http.get(f"/v1/assessments/{slug}/fhir").body)
    paths = sampled_paths(assessment)
    assert len(paths) >= PATHS_PER_ASSESSMENT
    for answers in paths:
        enabled, missing, response = fill(form_page, questionnaire, assessment, answers)
        assert missing is None, f"LHC-Forms did not enable '{missing}' on the path {answers}"
        assert enabled == shown(assessment, answers), answers
        QuestionnaireResponse.model_validate(response)
        json_answers = {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}
        from_fhir = summary(api, f"/v1/assessments/{slug}/fhir/responses", response, fhir.MEDIA_TYPE)
        from_json = summary(api, f"/v1/assessments/{slug}/responses", {"answers": json_answers}, "application/json")
        assert from_fhir == from_json, answers


def test_the_comparison_catches_a_questionnaire_whose_branching_is_wrong(form_page, api, bundle):
    slug = library_slugs()[0]
    assessment = next(a for a in bundle.assessments if a.slug == slug)
    questionnaire = json.loads(api.http.get(f"/v1/assessments/{slug}/fhir").body)
    for item in questionnaire["item"]:  # the red-flag rule turned around: later questions only after a red flag
        for extension in item.get("extension", ()):
            if extension["url"] == fhir.ENABLE_WHEN_EXPRESSION:
                expression = extension["valueExpression"]["expression"]
                extension["valueExpression"]["expression"] = expression.replace(").not()", ")", 1)
    sign_alone = sampled_paths(assessment)[0]
    enabled, _, _ = fill(form_page, questionnaire, assessment, sign_alone)
    assert shown(assessment, sign_alone) == ["red-flags"] and enabled != ["red-flags"]


def test_lhc_forms_agrees_where_the_mapping_uses_enable_when(form_page, bundle):
    """The library's questions all sit behind the red-flag screen's `not` (an enableWhenExpression): here the
    screen's rule is written as `includes none` instead, in each assessment, and the first whose later questions
    then all map to enableWhen (an `all` of two leaves among them) runs in LHC-Forms on 50 paths too."""
    variant, questionnaire = next(
        (variant, made)
        for variant, made in (_calm_written_plainly(a, bundle) for a in bundle.assessments)
        if not any(e["url"] == fhir.ENABLE_WHEN_EXPRESSION for item in made["item"] for e in item["extension"])
        and any(item.get("enableBehavior") == "all" for item in made["item"])
    )
    for answers in sampled_paths(variant):
        enabled, missing, _ = fill(form_page, questionnaire, variant, answers)
        assert missing is None and enabled == shown(variant, answers), answers


def _calm_written_plainly(assessment, bundle):
    data = assessment.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    calm = {"question": "red-flags", "includes": "none"}
    for question in data["questions"]:
        if "show_if" in question:
            parts = question["show_if"].get("all", [question["show_if"]])
            kept = [part for part in parts if "not" not in part or part["not"].get("question")]
            question["show_if"] = {"all": [calm, *kept]} if kept else calm
    variant = Assessment.model_validate(data)
    made = fhir.questionnaire(
        variant, "en", base_url=BASE, version=bundle.version, publisher=bundle.library.title, disclaimer={"en": "-"}
    )
    return variant, made
