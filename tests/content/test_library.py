"""What the library's content promises parents: topic groups, the one-line readiness check, emergencies,
provenance."""

from __future__ import annotations

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.prepared import PreparedAssessment
from tests.conftest import SEED, post_json

CATEGORY = "hospital-procedures-and-medical-anxiety"
SECOND_OPINIONS = (
    SEED,
    "second-opinion-after-a-diagnosis",
    "second-opinion-before-surgery",
    "getting-medical-records-for-review",
)
DECIDING = SECOND_OPINIONS[:3]  # a choice about care is being made: these end with the readiness check
READINESS = ("sure", "need-facts", "torn", "need-support")
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
    assert all(catalog.entries(topic=t.slug) for t in topics)
    assert {a.slug for a in catalog.entries(category=CATEGORY)} >= set(SLUGS)


@pytest.mark.parametrize("slug", DECIDING)
def test_each_assessment_with_a_decision_ends_with_the_one_question_readiness_check(catalog, slug):
    last = catalog.assessment(slug).questions[-1]
    assert last.kind == "single"
    assert tuple(o.id for o in last.options) == READINESS


def test_only_assessments_with_a_decision_ask_about_readiness(catalog):
    for assessment in (catalog.assessment(entry.slug) for entry in catalog.entries()):
        asks = any(q.id == "ready" for q in assessment.questions)
        assert asks == (assessment.slug in DECIDING), assessment.slug


@pytest.mark.parametrize("slug", DECIDING)
def test_an_unsure_parent_gets_one_or_two_concrete_lines_for_each_doubt(catalog, slug):
    assessment = catalog.assessment(slug)
    asked = next(a for a in answer_sets(assessment) if "ready" in a)

    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})

    def items(ready):
        summary = prepared.summarize({**asked, "ready": ready}, "en")
        return {i["text"] for s in summary["sections"] for i in s["items"]}

    sure = items("sure")
    own = [items(doubt) - sure for doubt in READINESS[1:]]
    assert all(1 <= len(lines) <= 2 for lines in own)
    assert len({frozenset(lines) for lines in own}) == len(own), "each doubt gets its own step"


@pytest.mark.parametrize("slug", SLUGS)
def test_an_emergency_answer_leads_the_summary_through_the_api(client, catalog, slug):
    assessment = catalog.assessment(slug)
    emergency = next(a for a in answer_sets(assessment) if a.get("red-flags", ("none",)) != ("none",))
    response = post_json(client, f"/v1/assessments/{slug}/responses", {"answers": emergency})
    assert response.status_code == 200
    summary = response.json_body
    assert summary["urgency"] == "emergency"
    assert summary["sections"][0]["id"] == "get-care-now"
    assert [s["id"] for s in summary["sections"]].count("get-care-now") == 1
    assert summary["review_note"] == "Not yet reviewed by a clinician"


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


@pytest.mark.parametrize("slug", SLUGS)
def test_a_red_flag_summary_holds_only_the_care_to_get_now(catalog, slug):
    assessment = catalog.assessment(slug)
    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})
    for answers in answer_sets(assessment):
        if answers.get("red-flags") not in (None, ("none",)):
            summary = prepared.summarize(answers, "en")
            assert [s["id"] for s in summary["sections"]] == ["get-care-now"], answers


@pytest.mark.parametrize("slug", DECIDING)
def test_second_opinion_summaries_say_keep_treating_or_ask_if_it_is_safe_to_wait(catalog, slug):
    assessment = catalog.assessment(slug)
    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})
    for answers in answer_sets(assessment):
        if answers.get("red-flags") != ("none",):
            continue
        summary = prepared.summarize(answers, "en")
        text = " ".join(i["text"] for s in summary["sections"] for i in s["items"])
        keep_treating = "unless a doctor says to stop" in text or "Do not hold it back for a second opinion" in text
        assert keep_treating or "Is it safe to wait for a second opinion" in text, answers
