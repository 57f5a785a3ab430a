"""Each quality gate catches the fault it exists for (on small, deliberately broken copies of real content)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from chalicelib.authoring import gates
from chalicelib.authoring.gates import languages, library, provenance, reading, safety, size
from chalicelib.authoring.gates.family import Family
from chalicelib.authoring.gates.walk import ANSWER_SETS_MAX, AnswerSetCheck
from chalicelib.core.content import Assessment
from chalicelib.core.fields import DEFAULT_LOCALE
from tests.conftest import served_assessment

SMALL = "helping-your-child-with-fear-of-medical-visits"  # 244 answer sets: quick to walk
HARD = (
    "Comprehensive multidisciplinary evaluation necessitates considerable administrative coordination "
    "between institutional organizations."
)
NO_RED_FLAG = {"question": "red-flags", "includes": "none"}


@pytest.fixture(scope="module")
def small(bundle) -> Assessment:
    return next(a for a in bundle.assessments if a.slug == SMALL)


def dump(assessment: Assessment) -> dict:
    """The assessment as YAML-shaped data (what an editor writes)."""
    return assessment.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def variant(assessment: Assessment, change: Callable[[dict], None]) -> Assessment:
    """A validated copy of `assessment` with `change` applied to its YAML-shaped data."""
    data = dump(assessment)
    change(data)
    return served_assessment(data)


def walk(assessment: Assessment, bundle) -> list[gates.Finding]:
    return list(gates.walk_paths(assessment, bundle.library.disclaimer).findings)


def by_gate(findings: list[gates.Finding], gate: str) -> list[gates.Finding]:
    return [f for f in findings if f.gate == gate]


def rule_index(data: dict, rule_id: str) -> int:
    return next(i for i, r in enumerate(data["rules"]) if r["id"] == rule_id)


def question_index(assessment: Assessment, question_id: str) -> int:
    """Where a question sits in the assessment as served (the shared red-flag screen placed first)."""
    return [q.id for q in assessment.questions].index(question_id)


def replaced(condition, old: dict, new: dict):
    """The condition with every leaf equal to `old` replaced by `new`."""
    if condition == old:
        return new
    if isinstance(condition, dict):
        return {key: replaced(value, old, new) for key, value in condition.items()}
    if isinstance(condition, list):
        return [replaced(part, old, new) for part in condition]
    return condition


def test_real_content_is_clean_for_the_small_assessment(small, bundle):
    assert walk(small, bundle) == []


def test_a_question_no_path_shows_is_unreachable(small, bundle):
    def never_shown(data):
        data["questions"][4]["show_if"] = {
            "all": [{"question": "timing", "is": "later"}, {"question": "timing", "is": "no-visit"}]
        }

    found = by_gate(walk(variant(small, never_shown), bundle), "reachable")
    assert [f.location for f in found] == [("questions", 4, "show_if")]


def test_a_rule_that_fires_on_no_path_is_dead(small, bundle):
    def impossible(data):
        index = rule_index(data, "after-hard")
        data["rules"][index]["when"] = {
            "all": [{"question": "last-visit", "is": "hard"}, {"question": "last-visit", "is": "hurt"}]
        }

    broken = variant(small, impossible)
    found = by_gate(walk(broken, bundle), "dead-rule")
    assert [f.location for f in found] == [("rules", rule_index(dump(broken), "after-hard"), "when")]


def test_an_option_that_changes_nothing_is_named(small, bundle):
    def idle_option(data):
        data["questions"][3]["options"].append({"id": "not-saying", "label": "I would rather not say"})

    found = by_gate(walk(variant(small, idle_option), bundle), "option-effect")
    assert [f.location for f in found] == [("questions", 3, "options", 3)]
    assert "not-saying" in found[0].message


def test_two_options_with_the_same_effect_are_both_named(small, bundle):
    def same_effect(data):
        index = rule_index(data, "before-teen")
        data["rules"][index]["when"] = {"question": "age", "any_of": ["teen", "school-age"]}
        data["rules"].pop(rule_index(data, "before-school-age"))
        data["rules"][rule_index(data, "during-distract")]["when"] = {"question": "age", "is": "young-child"}
        data["rules"][rule_index(data, "during-teen")]["when"] = {
            "question": "age",
            "any_of": ["teen", "school-age"],
        }

    found = by_gate(walk(variant(small, same_effect), bundle), "option-effect")
    age = question_index(small, "age")
    assert sorted(f.location for f in found) == [("questions", age, "options", 1), ("questions", age, "options", 2)]


def test_a_path_of_nine_questions_is_too_long(small, bundle):
    def longer(data):
        for n in range(9 - len(data["questions"])):  # the screen and 5 questions, then 3 more
            data["questions"].append(
                {
                    "id": f"extra-{n}",
                    "kind": "single",
                    "prompt": "One more question?",
                    "show_if": NO_RED_FLAG,
                    "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
                }
            )

    longest = gates.walk_paths(variant(small, longer), bundle.library.disclaimer)
    assert longest.longest == 9
    assert [f.message for f in by_gate(list(longest.findings), "path-length")][0].startswith("a path asks 9 questions")


def test_estimated_minutes_must_match_the_longest_path(small):
    assert size.estimate_matches(small, 5) == []
    found = size.estimate_matches(variant(small, lambda d: d.update(estimated_minutes=5)), 5)
    assert [f.location for f in found] == [("estimated_minutes",)]
    assert "2 minute(s)" in found[0].message


def test_estimated_minutes_round_up_at_twenty_seconds_a_question():
    assert [size.expected_minutes(n) for n in (1, 4, 5, 8, 9)] == [1, 1, 2, 2, 3]


def test_an_emergency_answer_that_does_not_lead_the_summary_is_caught(small, bundle):
    def buried(data):  # breathing alone fires nothing: every rule asks for a seizure too
        breathing = {"question": "red-flags", "includes": "breathing"}
        both = {"all": [breathing, {"question": "red-flags", "includes": "seizure"}]}
        for rule in data["rules"]:
            rule["when"] = replaced(rule.get("when"), breathing, both)

    found = by_gate(walk(variant(small, buried), bundle), "emergency")
    assert [f.location for f in found] == [("summary_sections", 0)]
    assert "red-flags=breathing" in found[0].message


def test_emergency_text_on_a_path_without_an_emergency_answer_is_caught(small, bundle):
    def leaked(data):
        emergency_text = data["rules"][rule_index(data, "red-flag-call-911")]["items"][0]
        data["rules"].append({"id": "leak", "when": {"question": "timing", "is": "later"}, "section": "before"})
        data["rules"][-1]["items"] = [emergency_text]

    found = by_gate(walk(variant(small, leaked), bundle), "emergency")
    assert len(found) == 1 and "without an emergency answer" in found[0].message


def test_an_assessment_without_an_emergency_rule_is_caught(small):
    def calm(data):
        for rule in data["rules"]:
            if rule.get("urgency") == "emergency":
                rule["urgency"] = "soon"
        data["summary_sections"].append(data["summary_sections"].pop(0))

    assert safety.emergency_is_asked(small) == []
    assert [f.gate for f in safety.emergency_is_asked(variant(small, calm))] == ["emergency"]


def test_a_rendered_html_entity_is_caught_and_located(small, bundle):
    def escaped(data):
        data["questions"][question_index(small, "visit")]["options"][0]["label"] = (
            "A check-up & a shot"  # quotes turn typographic: & still escapes
        )
        data["rules"][rule_index(data, "plan-checkup")]["items"] = ["You picked: {{ labels['visit'] }}."]

    broken = variant(small, escaped)
    found = by_gate(walk(broken, bundle), "html-entity")
    assert [f.location for f in found] == [("rules", rule_index(dump(broken), "plan-checkup"), "items", 0)]
    assert "&amp;" in found[0].message


@pytest.mark.parametrize(
    "payload",
    [
        "{{ answers|attr('_' ~ '_class__') }}",  # a name put together as it runs: only the sandbox can see it
        "{{ answers.update({'timing': 'later'}) }}",
    ],
)
def test_a_template_injection_in_content_is_refused_by_the_sandbox(small, bundle, payload):
    # Behind an answer the content model's samples do not give (it refuses a text that fails for them): the gate
    # renders every path, so it finds this one.
    def injected(data):
        hidden = "{% if answers['visit'] == 'needles' %}" + payload + "{% endif %}"
        data["rules"][rule_index(data, "after-okay")]["items"] = [hidden]

    broken = variant(small, injected)
    findings = walk(broken, bundle)  # the gate reports it; it does not crash or render the payload
    assert [f.gate for f in findings] == ["render"]
    assert findings[0].location == ("rules", rule_index(dump(broken), "after-okay"), "items", 0)
    assert "SecurityError" in findings[0].message


def test_hard_text_fails_the_reading_level_and_names_the_hardest_sentence(small):
    def dense(data):
        for rule in data["rules"]:
            rule["items"] = [HARD] * len(rule["items"])

    score = reading.readability(variant(small, dense))
    assert score.score > languages.MAX_GRADE
    assert score.hardest[0].text == HARD and score.hardest[0].location[0] == "rules"
    found = reading.reading_level(score)
    assert found and "Comprehensive multidisciplinary" in found[0].message


def test_reading_level_reads_each_branch_of_a_template_on_its_own(small):
    def templated(data):
        data["rules"][0]["items"][0] = "{% if answers.get('age') == 'teen' %}Teen.{% else %}Child.{% endif %}"

    texts = [
        text
        for location, text in reading.parent_texts(variant(small, templated))
        if location == ("rules", 0, "items", 0)
    ]
    assert texts == ["Teen.", "Child."]


def test_sources_must_come_from_public_health_bodies(small):
    def blog(data):
        data["sources"].append({"title": "A blog", "publisher": "Someone", "url": "https://example.com/post"})

    assert provenance.provenance(small, datetime.date(2026, 12, 1)) == []
    found = provenance.provenance(variant(small, blog), datetime.date(2026, 12, 1))
    assert [f.location for f in found] == [("sources", len(small.sources), "url")]


def test_a_last_reviewed_date_in_the_future_is_caught(small):
    found = provenance.provenance(small, small.last_reviewed - datetime.timedelta(days=1))
    assert [f.location for f in found] == [("last_reviewed",)]


def test_a_related_link_must_be_returned(bundle):
    one_sided = tuple(
        a.model_copy(update={"related": ()}) if a.slug == "preparing-your-child-for-a-hospital-stay" else a
        for a in bundle.assessments
    )
    found = library.related_both_ways(bundle.model_copy(update={"assessments": one_sided}))
    assert {(f.slug, f.location) for f in found} == {
        ("second-opinion-before-surgery", ("related", 3)),
        (SMALL, ("related", 0)),
    }


def test_a_new_family_is_one_file_and_one_line_and_its_checks_see_every_answer_set(small, bundle, monkeypatch):
    class Counted(AnswerSetCheck):  # what a family's file holds: a check fed by the one walk, and its Family
        def __init__(self, assessment, fail):
            super().__init__(assessment, fail)
            self.answer_sets = 0

        def see(self, seen):
            self.answer_sets += 1
            if len(seen.summaries[DEFAULT_LOCALE]["sections"]) > 99:
                self.fail("sections", ("summary_sections",), "too many sections")

        def end(self):
            yield gates.Finding("counted", self.assessment.slug, (), f"saw {self.answer_sets}")

    counted = Family(per_answer_set=(Counted,), per_assessment={"said": lambda m: [gates.Finding("said", "", (), "")]})
    monkeypatch.setattr(gates, "FAMILIES", (*gates.FAMILIES, counted))  # the one line
    checked = gates.check_assessment(small, bundle.library, datetime.date.today())
    assert [f.message for f in checked.findings] == [f"saw {checked.walk.answer_sets}", ""]


def test_an_assessment_over_its_answer_set_budget_is_named_and_not_walked(small, bundle):
    def wider(data):  # four free options multiply the 2,290 answer sets by 16
        options = [{"id": f"thing-{n}", "label": f"Thing {n}"} for n in range(4)]
        data["questions"].append({"id": "more", "kind": "multi", "prompt": "Anything else?", "options": options})

    checked = gates.check_assessment(variant(small, wider), bundle.library, datetime.date.today())
    assert [(f.gate, f.location) for f in checked.findings] == [("answer-sets", ("questions",))]
    assert "more than 25,000 answer sets, the budget of one assessment" in checked.findings[0].message
    assert checked.walk.answer_sets == ANSWER_SETS_MAX + 1 and not checked.walk.complete


# Urgent summaries (chalicelib/authoring/gates/urgency.py), walked on every red-flag combination in both locales.


def walk_both(assessment: Assessment, bundle) -> list[gates.Finding]:
    return list(gates.walk_paths(assessment, bundle.library.disclaimer, ("en", "es")).findings)


def test_a_combination_where_poison_control_leads_over_a_911_sign_is_caught(small, bundle):
    def poison_first(data):
        rule = data["rules"].pop(rule_index(data, "red-flag-poison-control"))
        data["rules"].insert(0, {**rule, "when": {"question": "red-flags", "includes": "poison"}})

    found = by_gate(walk_both(variant(small, poison_first), bundle), "first-action")
    assert {f.message.split(" in '")[1][:2] for f in found} == {"en", "es"}
    assert "911 must lead, but the first call is tel:18002221222" in found[0].message


def test_swallowing_something_on_purpose_must_lead_with_911(small, bundle):
    def without_together(data):
        rule = data["rules"][rule_index(data, "red-flag-call-911")]
        rule["when"]["any"] = [part for part in rule["when"]["any"] if "all" not in part]

    found = by_gate(walk(variant(small, without_together), bundle), "first-action")
    assert len(found) == 1 and "911 must lead" in found[0].message
    assert "poison" in found[0].message and "self-harm" in found[0].message
    assert by_gate(walk_both(small, bundle), "first-action") == []


def test_a_number_named_in_two_lines_is_caught(small, bundle):
    def again(data):
        data["rules"][rule_index(data, "red-flag-breathing")]["items"][0]["en"] += " Call 911 again if it gets worse."

    found = by_gate(walk(variant(small, again), bundle), "one-call-per-number")
    assert len(found) == 1 and "2 lines name tel:911" in found[0].message
    assert found[0].location[:2] == ("rules", rule_index(dump(small), "red-flag-breathing"))


def test_a_later_deadline_in_an_emergency_summary_is_caught_in_each_language(small, bundle):
    def later(data):
        item = data["rules"][rule_index(data, "red-flag-do-not-wait")]["items"][0]
        item["en"] += " See your doctor this week."
        item["es"] += " Vea a su médico esta semana."

    found = by_gate(walk_both(variant(small, later), bundle), "one-deadline")
    assert sorted(f.message.split("'")[1] for f in found) == ["esta semana", "this week"]


def test_a_call_today_summary_without_a_911_line_is_caught(small, bundle):
    def call_today(data):
        rule = next(r for r in data["rules"] if r["section"] == "your-plan" and "when" in r)
        rule["urgency"] = "call-today"

    found = by_gate(walk(variant(small, call_today), bundle), "call-today-911")
    assert len(found) == 1 and "does not say when to call 911" in found[0].message
