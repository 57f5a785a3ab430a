"""Through the API: each red flag leads the summary with its action (911, Poison Control, 988), and an answer
that says the child is getting worse gives call-today or higher, with calling the doctor as the first step."""

from __future__ import annotations

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.content import pick
from tests.conftest import SEED, escalation_step, library_slugs, post_json

SLUGS = library_slugs()
FLAGS_911 = (
    "breathing",
    "seizure",
    "hard-to-wake",
    "baby-fever",
    "stiff-neck",
    "rash",
    "dehydration",
    "severe-pain",
    "bleeding",
)
ACTIONS = {flag: ("Call 911",) for flag in FLAGS_911} | {
    "poison": ("Poison Control", "1-800-222-1222"),
    "self-harm": ("988", "If your child is in danger right now, call 911."),
}
# The shared step, as the API shows it.
ESCALATION_STEP = escalation_step()


def flagged(assessment, flags: list[str]) -> dict:
    """Answers that pick red flags: the opening question too, when the screen comes second."""
    answers: dict = {"red-flags": flags}
    first = assessment.questions[0]
    if first.id != "red-flags":
        answers[first.id] = first.options[0].id
    return answers


def test_the_screen_names_every_red_flag_of_the_issue_and_none(catalog):
    screen = catalog.assessment(SEED).question("red-flags")
    assert [o.id for o in screen.options] == [*FLAGS_911, "poison", "self-harm", "none"]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("flag", list(ACTIONS))
def test_each_red_flag_leads_the_summary_with_its_action(client, catalog, slug, flag):
    body = {"answers": flagged(catalog.assessment(slug), [flag])}
    response = post_json(client, f"/v1/assessments/{slug}/responses", body)
    assert response.status_code == 200
    summary = response.json_body
    assert summary["urgency"] == "emergency"
    assert summary["sections"][0]["role"] == "urgent"
    first = summary["sections"][0]["items"][0]
    assert all(part in first["text"] for part in ACTIONS[flag]), first["text"]
    assert first["because"] == [{"question": "red-flags", "option": flag}]
    texts = [i["text"] for i in summary["sections"][0]["items"]]
    assert any("Do not let anything on this page delay care." in text for text in texts)  # in every assessment


@pytest.mark.parametrize("slug", SLUGS)
def test_no_red_flag_means_no_emergency(client, catalog, slug):
    assessment = catalog.assessment(slug)
    calm = next(a for a in answer_sets(assessment) if a.get("red-flags") == ("none",))
    summary = post_json(client, f"/v1/assessments/{slug}/responses", {"answers": calm}).json_body
    assert summary["urgency"] != "emergency"
    assert summary["sections"][0]["id"] == "your-plan"


def escalating(catalog):
    return [
        (slug, question.id, option.id)
        for slug in SLUGS
        for question in catalog.assessment(slug).questions
        for option in question.options
        if option.escalates
    ]


def test_every_answer_that_says_the_child_is_getting_worse_escalates(catalog):
    worse = [
        (slug, question.id, option.id)
        for slug in SLUGS
        for question in catalog.assessment(slug).questions
        for option in question.options
        if pick(option.label, "en").lower().startswith("getting worse")
    ]
    assert worse and {slug for slug, _, _ in worse} >= {SEED}
    assert set(worse) <= set(escalating(catalog))


def test_a_worsening_answer_gives_call_today_or_higher_with_calling_the_doctor_first(client, catalog):
    for slug, question, option in escalating(catalog):
        assessment = catalog.assessment(slug)
        worse = next(
            a for a in answer_sets(assessment) if a.get(question) == option and a.get("red-flags") == ("none",)
        )
        answers = {q: list(v) if isinstance(v, tuple) else v for q, v in worse.items()}
        summary = post_json(client, f"/v1/assessments/{slug}/responses", {"answers": answers}).json_body
        assert summary["urgency"] in ("call-today", "emergency"), (slug, option)
        plan = next(s for s in summary["sections"] if s["id"] == "your-plan")
        assert plan["items"][0]["text"] == ESCALATION_STEP
        # the step names this answer among its reasons (an answer set may pick two worsening answers)
        assert {"question": question, "option": option} in plan["items"][0]["because"]
