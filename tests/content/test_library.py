"""What the library's content promises parents: topic groups, the one-line readiness check, emergencies,
provenance."""

from __future__ import annotations

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.prepared import PreparedAssessment
from tests.conftest import SEED, library_slugs, post_json

SECOND_OPINIONS = "second-opinion-questions"  # the library's first topic group
READINESS = ("sure", "need-facts", "torn", "need-support")
SLUGS = library_slugs()


def deciding(catalog) -> list[str]:
    """The assessments where a choice about care is being made: they end with the readiness check."""
    return [e.slug for e in catalog.entries() if any(q.id == "ready" for q in catalog.assessment(e.slug).questions)]


def second_opinions(catalog) -> tuple[str, ...]:
    return catalog.topic(SECOND_OPINIONS)[1].assessments


def test_the_second_opinion_topic_opens_with_the_first_assessment_and_holds_at_least_four(catalog):
    found = second_opinions(catalog)
    assert found[0] == SEED and len(found) >= 4


def test_every_category_has_topic_groups_and_every_topic_group_has_assessments(catalog, bundle):
    for category in catalog.library.categories:
        assert category.topics, category.slug
        assert all(catalog.entries(topic=t.slug) for t in category.topics), category.slug
    placed = [a.slug for c in catalog.library.categories for a in catalog.entries(category=c.slug)]
    assert sorted(placed) == sorted(a.slug for a in bundle.assessments)


def test_each_assessment_with_a_decision_ends_with_the_one_question_readiness_check(catalog):
    assert SEED in deciding(catalog)
    for slug in deciding(catalog):
        last = catalog.assessment(slug).questions[-1]
        assert last.kind == "single" and last.id == "ready", slug
        assert tuple(o.id for o in last.options) == READINESS, slug


def test_an_unsure_parent_gets_one_or_two_concrete_lines_for_each_doubt(catalog):
    for slug in deciding(catalog):
        doubts_answered(catalog, slug)


def doubts_answered(catalog, slug):
    assessment = catalog.assessment(slug)
    asked = next(a for a in answer_sets(assessment) if "ready" in a)

    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})

    def items(ready):
        summary = prepared.summarize({**asked, "ready": ready}, "en")
        return {i["text"] for s in summary["sections"] for i in s["items"]}

    sure = items("sure")
    own = [items(doubt) - sure for doubt in READINESS[1:]]
    assert all(1 <= len(lines) <= 2 for lines in own), slug
    assert len({frozenset(lines) for lines in own}) == len(own), f"{slug}: each doubt gets its own step"


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
    declared = catalog.assessment(slug).related
    assert [card["slug"] for card in view["related"]][: len(declared)] == list(declared)[:3]
    for other in declared:
        assert slug in catalog.assessment(other).related  # a parent can always get back


def test_second_opinion_assessments_link_to_each_other(catalog):
    group = set(second_opinions(catalog))
    for slug in group:
        assert set(catalog.assessment(slug).related) >= group - {slug}


@pytest.mark.parametrize("slug", SLUGS)
def test_a_red_flag_summary_holds_only_the_care_to_get_now(catalog, slug):
    assessment = catalog.assessment(slug)
    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})
    for answers in answer_sets(assessment):
        if answers.get("red-flags") not in (None, ("none",)):
            summary = prepared.summarize(answers, "en")
            assert [s["id"] for s in summary["sections"]] == ["get-care-now"], answers


def test_second_opinion_summaries_say_keep_treating_or_ask_if_it_is_safe_to_wait(catalog):
    for slug in set(deciding(catalog)) & set(second_opinions(catalog)):
        keeps_treating(catalog, slug)


def keeps_treating(catalog, slug):
    assessment = catalog.assessment(slug)
    prepared = PreparedAssessment(assessment, content_version="t", disclaimer={"en": "d"})
    for answers in answer_sets(assessment):
        if answers.get("red-flags") != ("none",):
            continue
        summary = prepared.summarize(answers, "en")
        text = " ".join(i["text"] for s in summary["sections"] for i in s["items"])
        keep_treating = "unless a doctor says to stop" in text or "Do not hold it back for a second opinion" in text
        assert keep_treating or "Is it safe to wait for a second opinion" in text, (slug, answers)
