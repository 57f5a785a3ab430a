"""What the library's content promises parents: topic groups, the 'how sure' check, emergencies, provenance."""

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
SURE_CHECK = ("sure-best-choice", "know-benefits-risks", "clear-values", "enough-support")
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


@pytest.mark.parametrize("slug", SECOND_OPINIONS)
def test_each_second_opinion_assessment_ends_with_the_how_sure_check(catalog, slug):
    last = catalog.assessment(slug).questions[-1]
    assert last.kind == "multi"
    assert tuple(o.id for o in last.options if not o.exclusive) == SURE_CHECK
    assert [o.id for o in last.options if o.exclusive] == ["none-yet"]


@pytest.mark.parametrize("slug", SECOND_OPINIONS)
def test_an_unsure_parent_gets_a_concrete_step_for_each_doubt(catalog, slug):
    assessment = catalog.assessment(slug)
    asked = next(a for a in answer_sets(assessment) if "sure" in a)

    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})

    def items(sure):
        summary = prepared.summarize({**asked, "sure": sure}, "en")
        return {i["text"] for s in summary["sections"] for i in s["items"]}

    sure, unsure = items(SURE_CHECK), items(("none-yet",))
    assert len(unsure - sure) >= len(SURE_CHECK)
    for doubt in SURE_CHECK:  # dropping any one doubt adds a step only for it
        assert items(tuple(d for d in SURE_CHECK if d != doubt)) - sure


@pytest.mark.parametrize("slug", SLUGS)
def test_an_emergency_answer_leads_the_summary_through_the_api(client, catalog, slug):
    assessment = catalog.assessment(slug)
    emergency = next(a for a in answer_sets(assessment) if "emergency-signs" in a.values())
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
