"""Every answer set of every assessment, summarized and checked by every gate (the exhaustive walk)."""

from __future__ import annotations

import datetime

import pytest

from chalicelib.authoring import gates
from chalicelib.authoring.gates import languages, size
from chalicelib.authoring.gates.walk import ANSWER_SETS_MAX
from chalicelib.authoring.paths import answer_sets
from chalicelib.core.prepared import PreparedAssessment


@pytest.fixture(scope="module")
def report(bundle):
    return gates.check_bundle(bundle, datetime.date.today())


def test_every_assessment_passes_every_gate_on_every_path(report):
    assert not report.findings, "\n".join(
        f"{f.slug}: {'.'.join(map(str, f.location))}: {f.message}" for f in report.findings
    )


def test_the_walk_covers_every_assessment_and_reports_each_answer_space(report, bundle, capsys):
    assert set(report.walks) == {a.slug for a in bundle.assessments}
    with capsys.disabled():
        print("\nanswer space per assessment (every answer set summarized and checked):")
        for slug, walk in report.walks.items():
            print(f"  {walk.answer_sets:>7,}  {slug} (longest path {walk.longest} questions)")
        print(f"  {sum(w.answer_sets for w in report.walks.values()):>7,}  in all")
    assert all(walk.answer_sets > 1 for walk in report.walks.values())


def test_each_assessment_stays_within_its_answer_set_budget(report):
    assert all(walk.answer_sets <= ANSWER_SETS_MAX and walk.complete for walk in report.walks.values())


def test_no_path_asks_more_than_eight_questions(report):
    assert max(walk.longest for walk in report.walks.values()) <= size.MAX_QUESTIONS_PER_PATH


def test_every_assessment_reads_at_grade_eight_or_below(report):
    grades = {slug: round(scores["en"].score, 1) for slug, scores in report.readability.items()}
    assert all(grade <= languages.MAX_GRADE for grade in grades.values()), grades


def test_every_assessment_reads_easily_in_every_declared_locale(report, bundle):
    scores = {(slug, s.locale): round(s.score, 1) for slug, by in report.readability.items() for s in by.values()}
    assert {locale for _, locale in scores} == set(bundle.library.locales)
    assert all(languages.LANGUAGES[locale].passes(score) for (_, locale), score in scores.items()), scores


def test_the_walker_and_the_answer_checker_agree_on_every_answer_set(bundle):
    """Each walked answer set is exactly what the answer check accepts (multi-choice sent as lists)."""
    for assessment in bundle.assessments:
        prepared = PreparedAssessment(assessment, content_version=bundle.version, disclaimer={"en": "d"})
        for answers in answer_sets(assessment):
            raw = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
            assert prepared.check(raw) == answers
