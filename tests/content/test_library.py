"""What the library's content promises parents: topic groups, the 'how sure' check, red flags, provenance."""

from __future__ import annotations

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.engine import summarize
from tests.conftest import SEED, post_json

CATEGORY = "hospital-procedures-and-medical-anxiety"
SECOND_OPINIONS = (
    SEED,
    "second-opinion-after-a-diagnosis",
    "second-opinion-before-surgery",
    "getting-medical-records-for-review",
)
DECISIONS = SECOND_OPINIONS[:3]  # where a choice is being made; the records one has no readiness check
# The SURE check shrunk to one question: sure, or the one doubt that weighs most (knowledge, values, support).
READY = ("sure", "need-facts", "torn", "need-support")
ACTIONS = {  # each red flag leads the summary with its action
    "poison": "Call Poison Control now at 1-800-222-1222.",
    "self-harm": "Call or text 988 now",
}
SLUGS = (
    *SECOND_OPINIONS,
    "preparing-your-child-for-a-hospital-stay",
    "helping-your-child-with-fear-of-medical-visits",
)


def test_the_second_opinion_topic_holds_its_four_assessments_in_order(catalog):
    _, topic = catalog.topic("second-opinion-questions")
    assert topic.assessments == SECOND_OPINIONS


def test_the_category_has_three_topic_groups_each_with_an_assessment(catalog):
    topics = catalog.category(CATEGORY).topics
    assert len(topics) >= 3
    assert all(catalog.assessments(topic=t.slug) for t in topics)
    assert {a.slug for a in catalog.assessments(category=CATEGORY)} >= set(SLUGS)


@pytest.mark.parametrize("slug", DECISIONS)
def test_each_decision_assessment_ends_with_the_short_how_sure_check(catalog, slug):
    last = catalog.assessment(slug).questions[-1]
    assert last.id == "ready" and last.kind == "single"
    assert tuple(o.id for o in last.options) == READY


def test_the_records_assessment_has_no_how_sure_check(catalog):
    assert "ready" not in {q.id for q in catalog.assessment("getting-medical-records-for-review").questions}


@pytest.mark.parametrize("slug", DECISIONS)
def test_the_how_sure_check_gives_one_line_and_a_concrete_step_for_each_doubt(catalog, slug):
    assessment = catalog.assessment(slug)
    asked = next(a for a in answer_sets(assessment) if "ready" in a)

    def items(ready):
        summary = summarize(
            assessment, {**asked, "ready": ready}, locale="en", content_version="t", disclaimer={"en": "d"}
        )
        return {i["text"] for s in summary["sections"] for i in s["items"]}

    lines = {ready: items(ready) for ready in READY}
    common = set.intersection(*lines.values())
    steps = {ready: lines[ready] - common for ready in READY}
    assert all(len(step) == 1 for step in steps.values())  # one line, never a block
    assert len({next(iter(step)) for step in steps.values()}) == len(READY)  # each doubt its own step


@pytest.mark.parametrize("slug", SLUGS)
def test_each_red_flag_leads_the_summary_with_its_action_through_the_api(client, catalog, slug):
    assessment = catalog.assessment(slug)
    screen = next(q for q in assessment.questions if q.id == "red-flags")
    first = assessment.questions[0]
    opening = {} if first is screen else {first.id: first.options[0].id}  # red_flags: second
    for flag in (o.id for o in screen.options if not o.exclusive):
        answers = {**opening, "red-flags": [flag]}
        response = post_json(client, f"/v1/assessments/{slug}/responses", {"answers": answers})
        assert response.status_code == 200
        summary = response.json_body
        assert summary["urgency"] == "emergency"
        assert [s["id"] for s in summary["sections"]] == ["get-care-now"]  # nothing else competes with care
        texts = [i["text"] for i in summary["sections"][0]["items"]]
        action = ACTIONS.get(flag, "Call 911 now, or go to the nearest emergency department.")
        assert texts[0].startswith(action), flag
        assert any(t.startswith("Do not wait for a second opinion.") for t in texts)
        assert summary["review_note"] == "Not yet reviewed by a clinician"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_summary_without_a_red_flag_opens_with_a_plan_of_one_to_three_steps(catalog, slug):
    assessment = catalog.assessment(slug)
    for answers in answer_sets(assessment):
        if answers.get("red-flags") != ("none",):
            continue
        summary = summarize(assessment, answers, locale="en", content_version="t", disclaimer={"en": "d"})
        assert summary["urgency"] != "emergency"
        assert summary["sections"][0]["id"] == "your-plan"
        assert 1 <= len(summary["sections"][0]["items"]) <= 3


@pytest.mark.parametrize("slug", DECISIONS)
def test_a_child_getting_worse_means_calling_the_doctor_today(catalog, slug):
    assessment = catalog.assessment(slug)
    worse = {(q.id, o.id) for q in assessment.questions for o in q.options if o.escalates == "call-today"}
    assert worse
    for answers in answer_sets(assessment):
        if any(answers.get(q) == o for q, o in worse):
            summary = summarize(assessment, answers, locale="en", content_version="t", disclaimer={"en": "d"})
            assert summary["urgency"] in ("call-today", "emergency")
            first = summary["sections"][0]["items"][0]["text"]
            assert first == "Call your child's doctor today. Do not wait for a second opinion to get care."


@pytest.mark.parametrize("slug", DECISIONS)
def test_second_opinion_summaries_say_keep_treating_or_ask_if_it_is_safe_to_wait(catalog, slug):
    assessment = catalog.assessment(slug)
    for answers in answer_sets(assessment):
        if answers.get("red-flags") != ("none",):
            continue
        summary = summarize(assessment, answers, locale="en", content_version="t", disclaimer={"en": "d"})
        text = " ".join(i["text"] for s in summary["sections"] for i in s["items"])
        keep_treating = "unless a doctor says to stop" in text or "Do not hold it back for a second opinion" in text
        assert keep_treating or "Is it safe to wait for a second opinion" in text


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_shows_sources_review_status_and_related_links(client, catalog, slug):
    view = client.http.get(f"/v1/assessments/{slug}").json_body
    assert view["review_status"] == "not-clinically-reviewed"
    assert view["review_note"] == "Not yet reviewed by a clinician"
    assert view["sources"] and view["last_reviewed"]
    assert catalog.assessment(slug).review.reviewer is None
    for card in view["related"]:
        back = client.http.get(f"/v1/assessments/{card['slug']}").json_body
        assert slug in [c["slug"] for c in back["related"]]


def test_second_opinion_assessments_link_to_each_other(catalog):
    for slug in SECOND_OPINIONS:
        assert set(catalog.assessment(slug).related) >= set(SECOND_OPINIONS) - {slug}
