"""`because` names only the answers that made a rule fire: the picked options named by the leaves of its
condition that hold, outside any `not` (what a `not` rules out was not chosen). Checked on every rule of every
assessment, for every combination of the answers the rule looks at."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.authoring.paths import answer_sets
from chalicelib.authoring.source import REPO_CONTENT, load_folder
from chalicelib.core.prepared import PreparedAssessment
from tests.guided import guided_content

LEAF_FORMS = ("is", "any_of", "includes")


def expected_because(when: dict[str, Any] | None, answers) -> list[dict[str, str]]:
    """The definition, written apart from the engine: each leaf outside a `not` that holds names the picked
    options it names, in leaf order, each once."""
    causes: list[dict[str, str]] = []

    def visit(condition: dict[str, Any]) -> None:
        if "not" in condition:
            return
        for form in ("all", "any"):
            for part in condition.get(form, ()):
                visit(part)
        form = next((f for f in LEAF_FORMS if f in condition), None)
        if form is None:
            return
        named = condition[form] if isinstance(condition[form], list) else [condition[form]]
        answer = answers.get(condition["question"])
        picked = [] if answer is None else [answer] if isinstance(answer, str) else list(answer)
        for option in picked:
            cause = {"question": condition["question"], "option": option}
            if option in named and cause not in causes:
                causes.append(cause)

    if when is not None:
        visit(when)
    return causes


def questions_of(when: dict[str, Any] | None) -> set[str]:
    if when is None:
        return set()
    if "question" in when:
        return {when["question"]}
    parts = when.get("all") or when.get("any") or [when["not"]]
    return set().union(*(questions_of(part) for part in parts))


@pytest.fixture(scope="module")
def assessments(tmp_path_factory):
    """Every assessment of the content, and the fixture one (its rules use `not` and `any`)."""
    bundles = [load_folder(REPO_CONTENT), load_folder(guided_content(tmp_path_factory.mktemp("because")))]
    return [a for bundle in bundles for a in bundle.assessments]


def test_because_names_exactly_the_answers_that_made_each_rule_fire(assessments):
    checked = 0
    for assessment in assessments:
        sets = list(answer_sets(assessment))
        for rule in assessment.rules:
            when = rule.when.model_dump(mode="json", by_alias=True) if rule.when is not None else None
            looked_at = sorted(questions_of(when))
            alone = assessment.model_copy(update={"rules": (rule.model_copy(update={"items": rule.items[:1]}),)})
            prepared = PreparedAssessment(alone, content_version="t", disclaimer={"en": "d"})
            seen: set[tuple] = set()
            fired = 0
            for answers in sets:
                key = tuple(str(answers.get(q)) for q in looked_at)
                if key in seen:
                    continue
                seen.add(key)
                summary = prepared.summarize(answers, "en")
                if not summary["sections"]:
                    continue
                fired += 1
                because = summary["sections"][0]["items"][0]["because"]
                assert because == expected_because(when, answers), (assessment.slug, rule.id, answers)
                picked = {(q, o) for q, v in answers.items() for o in ((v,) if isinstance(v, str) else v)}
                assert all((c["question"], c["option"]) in picked for c in because)
            assert fired, f"{assessment.slug}: rule {rule.id} fires on no path"
            checked += 1
    assert checked == sum(len(a.rules) for a in assessments)
