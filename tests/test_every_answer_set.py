"""Every possible answer set of every assessment gives a valid summary; emergencies always lead.

The space is finite (choices only), so this walks all of it rather than sampling.
"""

import pytest

from chalicelib.answers import check_answers
from chalicelib.content.paths import answer_sets
from chalicelib.engine import summarize
from chalicelib.models.content import pick

MAX_QUESTIONS = 8


@pytest.fixture(scope="module")
def walks(bundle):
    """Per assessment: how many answer sets, the longest path, and anything wrong on any path."""
    results = {}
    for assessment in bundle.assessments:
        emergency_sections = {r.section for r in assessment.rules if r.urgency == "emergency"}
        emergency_texts = {pick(t, "en") for r in assessment.rules if r.urgency == "emergency" for t in r.items}
        count, longest, wrong, emergencies = 0, 0, [], 0
        for answers in answer_sets(assessment):
            count += 1
            longest = max(longest, len(answers))
            raw = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
            assert check_answers(assessment, raw) == answers
            summary = summarize(
                assessment, answers, locale="en", content_version=bundle.version, disclaimer=bundle.library.disclaimer
            )
            shown = [i.text for s in summary.sections for i in s.items]
            if not summary.sections or not all(shown):
                wrong.append(("empty summary", answers))
            if summary.urgency == "emergency":
                emergencies += 1
                if summary.sections[0].id not in emergency_sections:
                    wrong.append(("emergency not first", answers))
            elif emergency_texts & set(shown) or emergency_sections & {s.id for s in summary.sections}:
                wrong.append(("emergency text on a non-emergency path", answers))
            if len(wrong) > 5:
                break
        results[assessment.slug] = {"count": count, "longest": longest, "wrong": wrong, "emergencies": emergencies}
    return results


def test_every_answer_set_gives_a_valid_summary(walks):
    for slug, walk in walks.items():
        assert walk["wrong"] == [], slug
        assert walk["count"] > 0


def test_no_path_asks_more_than_eight_questions(walks):
    assert {slug: w["longest"] for slug, w in walks.items() if w["longest"] > MAX_QUESTIONS} == {}


def test_every_assessment_has_paths_that_reach_an_emergency(walks):
    assert {slug for slug, w in walks.items() if w["emergencies"] == 0} == set()


def test_report_answer_space_sizes(walks, capsys):
    with capsys.disabled():
        for slug, walk in sorted(walks.items()):
            print(f"\n  answer space {slug}: {walk['count']} sets, longest path {walk['longest']} questions", end="")
    assert all(w["count"] for w in walks.values())
