"""The shared red-flag screen as the build places it, worsening answers that escalate, and the guidance gates,
each shown catching the fault it exists for on the fixture assessment (tests/data/guided-fixture.yaml)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest

from chalicelib.authoring import gates
from chalicelib.authoring.cli import main
from chalicelib.authoring.gates import reading, repeats, safety, size
from chalicelib.authoring.source import ContentError, load_folder
from chalicelib.core.content import Assessment
from chalicelib.core.prepared import PreparedAssessment
from chalicelib.core.summary import Summary
from tests.conftest import served_assessment
from tests.guided import FIXTURE, guided_content

ESCALATION_STEP = "Call your child’s doctor today. Call 911 if your child has trouble breathing or gets worse fast."
CALM = {"reason": "worry", "red-flags": ("none",), "course": "same", "needs": ("records",)}


@pytest.fixture(scope="module")
def fixture_bundle(tmp_path_factory):
    return load_folder(guided_content(tmp_path_factory.mktemp("guided")))


@pytest.fixture(scope="module")
def fixture(fixture_bundle) -> Assessment:
    return fixture_bundle.assessments[0]


def dump(model) -> dict:
    """A content model as the YAML-shaped data it was read from."""
    return model.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def summary(assessment: Assessment, answers) -> Summary:
    prepared = PreparedAssessment(assessment, content_version="0" * 16, disclaimer={"en": "d"})
    return Summary.model_validate(prepared.summarize(answers, "en"))


def variant(assessment: Assessment, change: Callable[[dict], None]) -> Assessment:
    """A validated copy of the placed `assessment` with `change` applied to its data."""
    data = dump(assessment)
    change(data)
    return served_assessment(data)


def findings(assessment: Assessment, gate: str) -> list[gates.Finding]:
    walk = gates.walk_paths(assessment, {"en": "d"})
    found = [*walk.findings, *size.summary_size(walk)]
    for check in (reading.minutes_in_text, safety.red_flag_screen, safety.no_own_emergency):
        found += check(assessment)
    return [f for f in found if f.gate == gate]


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def rule_index(data: dict, rule_id: str) -> int:
    return next(i for i, r in enumerate(data["rules"]) if r["id"] == rule_id)


# The build places the screen.


def test_the_screen_is_placed_second_after_the_opening_question_and_is_never_hidden(fixture):
    assert [q.id for q in fixture.questions] == ["reason", "red-flags", "course", "needs"]
    assert fixture.questions[0].show_if is None and fixture.questions[1].show_if is None


def test_the_screen_is_placed_first_unless_the_assessment_says_second(tmp_path):
    bundle = load_folder(guided_content(tmp_path, lambda data: data.pop("red_flags")))
    assert [q.id for q in bundle.assessments[0].questions] == ["red-flags", "reason", "course", "needs"]


def test_every_later_question_is_hidden_once_a_red_flag_is_picked(tmp_path):
    def needs_after_worse(data):
        data["questions"][2]["show_if"] = {"question": "course", "is": "worse"}

    questions = load_folder(guided_content(tmp_path, needs_after_worse)).assessments[0].questions
    no_flag = {"not": {"any": [{"question": "red-flags", "includes": f} for f in ("breathing", "poison", "self-harm")]}}
    assert dump(questions[2])["show_if"] == no_flag
    assert dump(questions[3])["show_if"] == {"all": [no_flag, {"question": "course", "is": "worse"}]}


def test_the_screen_section_and_rules_open_every_summary(fixture):
    assert [s.id for s in fixture.summary_sections][:2] == ["get-care-now", "your-plan"]
    assert [r.id for r in fixture.rules][:7] == [
        "red-flag-call-911",
        "red-flag-poison-control",
        "red-flag-crisis-line",
        "red-flag-crisis-line-after",
        "red-flag-breathing",
        "red-flag-poison",
        "escalates-call-today",
    ]


def test_an_assessment_that_writes_the_screen_ids_is_refused_naming_file_line_and_field(tmp_path):
    def own_section(data):
        data["summary_sections"].append({"id": "get-care-now", "title": "Get care now"})

    content = guided_content(tmp_path, own_section)
    with pytest.raises(ContentError) as raised:
        load_folder(content)
    line = line_of(content / "assessments" / f"{FIXTURE}.yaml", "id: get-care-now")
    assert [str(f) for f in raised.value.faults] == [
        f"content/assessments/{FIXTURE}.yaml:{line}: summary_sections.3.id: belongs to the shared red-flag screen "
        "(content/shared/red-flags.yaml); remove it here"
    ]


def test_a_worsening_answer_becomes_a_rule_that_opens_the_plan(fixture):
    rule = next(r for r in fixture.rules if r.id == "escalates-call-today")
    assert (rule.urgency, rule.section, dump(rule.when)) == (
        "call-today",
        "your-plan",
        {"question": "course", "is": "worse"},
    )


def test_an_escalation_without_its_shared_step_is_a_fault(tmp_path):
    def to_emergency(data):
        data["questions"][1]["options"][2]["escalates"] = "emergency"

    with pytest.raises(ContentError) as raised:
        load_folder(guided_content(tmp_path, to_emergency))
    assert "escalation_items: needs the step for 'emergency'" in str(raised.value)


# The engine: escalation, red flags first, because.


def test_a_worsening_answer_gives_call_today_and_the_plan_opens_with_calling_the_doctor(fixture):
    worse = summary(fixture, {**CALM, "course": "worse"})
    assert worse.urgency == "call-today"
    plan = next(s for s in worse.sections if s.id == "your-plan")
    assert plan.items[0].text == ESCALATION_STEP
    assert [c.model_dump() for c in plan.items[0].because] == [{"question": "course", "option": "worse"}]
    assert summary(fixture, CALM).urgency == "routine"


def test_a_red_flag_leads_the_summary_with_its_action(fixture):
    flagged = summary(fixture, {"reason": "worry", "red-flags": ("poison",)})
    assert flagged.urgency == "emergency"
    assert flagged.sections[0].id == "get-care-now"
    assert flagged.sections[0].items[0].text.startswith("Call Poison Control")


def test_because_names_no_answer_for_a_not(fixture):
    items = {i.text: i for s in summary(fixture, CALM).sections for i in s.items}
    assert [c.model_dump() for c in items["Ask if it is safe to wait."].because] == [
        {"question": "reason", "option": "worry"}
    ]


def test_because_names_only_the_branch_of_an_any_that_held(fixture):
    items = {i.text: i for s in summary(fixture, {**CALM, "course": "worse"}).sections for i in s.items}
    assert [c.model_dump() for c in items["The name of the doctor who sent you."].because] == [
        {"question": "course", "option": "worse"}
    ]


# The gates, each on a fault of its own.


def test_the_fixture_passes_every_gate(fixture_bundle):
    assert gates.check_bundle(fixture_bundle, datetime.date(2026, 11, 30)).findings == ()


@pytest.mark.parametrize("steps", [0, 4])
def test_a_plan_of_no_steps_or_more_than_three_is_caught(fixture, steps):
    def plan_of(data):
        for rule_id in ("plan-check", "plan-worry"):
            rule = data["rules"][rule_index(data, rule_id)]
            if steps:
                rule["items"] = [f"Step {n} of the plan." for n in range(steps)]
            else:
                rule["section"] = "ask"

    found = findings(variant(fixture, plan_of), "plan")
    assert found and found[0].location == ("summary_sections", 1)
    assert f"has {steps} step(s), not 1 to 3" in found[0].message


def test_long_summaries_are_caught_by_their_median_and_longest_words(fixture):
    def wordy(data):
        paragraph = " ".join(["word"] * 90) + "."
        data["rules"].append({"id": "wordy", "section": "ask", "items": [paragraph] * 5})

    messages = [f.message for f in findings(variant(fixture, wordy), "words")]
    assert any("median summary short of an emergency has" in m and "above 250" in m for m in messages)
    assert any("longest summary has" in m and "above 400" in m for m in messages)


def test_two_items_that_say_the_same_thing_in_one_summary_are_caught(fixture):
    def repeated(data):
        data["rules"][rule_index(data, "needs-none")]["items"] = ["A short list of the questions you have."]
        data["rules"][rule_index(data, "plan-worry")]["items"].append("Bring a short list of your questions.")

    found = findings(variant(fixture, repeated), "repeat")
    assert len(found) == 1 and "says the same thing as" in found[0].message


def test_items_that_differ_are_not_repeats():
    assert (
        repeats.Similar().pair_in(["Ask what signs to watch for at home.", "Copies of your child's records."]) is None
    )


def test_alternatives_that_fire_together_are_caught(fixture):
    def both(data):
        data["rules"][rule_index(data, "course-same")]["when"] = {"question": "course", "any_of": ["same", "better"]}

    found = findings(variant(fixture, both), "alternatives")
    assert found and found[0].location == ("alternatives", 0)
    assert "course-better, course-same fire together" in found[0].message


def test_a_worsening_answer_below_call_today_is_caught(fixture):
    def no_step(data):
        del data["rules"][rule_index(data, "escalates-call-today")]

    found = findings(variant(fixture, no_step), "escalation")
    assert found and found[0].location == ("questions", 2, "options", 2, "escalates")


def test_an_emergency_rule_of_the_assessments_own_is_caught(fixture):
    def own(data):
        data["rules"].insert(
            4,
            {
                "id": "own-emergency",
                "when": {"question": "course", "is": "worse"},
                "urgency": "emergency",
                "section": "get-care-now",
                "items": ["Go to the emergency department."],
            },
        )

    found = findings(variant(fixture, own), "own-emergency")
    assert [f.location for f in found] == [("rules", 4, "urgency")]


def test_a_screen_that_is_not_where_it_belongs_is_caught(fixture):
    def moved(data):
        data["questions"][1], data["questions"][2] = data["questions"][2], data["questions"][1]
        data["questions"][1].pop("show_if")

    found = findings(variant(fixture, moved), "red-flag-screen")
    assert found and found[0].location == ("questions", 2)


def test_a_question_shown_after_a_red_flag_is_caught(fixture):
    def shown(data):
        data["questions"][3].pop("show_if")

    found = findings(variant(fixture, shown), "red-flag-screen")
    assert found and found[0].location == ("questions", 3, "show_if")


def test_about_n_minutes_must_agree_with_estimated_minutes(fixture):
    def three(data):
        data["intro"] = {"en": "It takes about 3 minutes."}

    found = findings(variant(fixture, three), "minutes")
    assert [f.location for f in found] == [("intro",)]
    assert "'about 3 minutes', but estimated_minutes is 1" in found[0].message


def test_glossary_terms_are_left_out_of_the_reading_grade(fixture):
    def clinical(data):
        data["intro"] = {"en": "Ask about anesthesia and watchful waiting. Ask about prior authorization."}

    hard = variant(fixture, clinical)
    glossary = ("anesthesia", "watchful waiting", "prior authorization")
    assert reading.readability(hard, glossary).score < reading.readability(hard).score
    assert "anesthesia" not in " ".join(s.text for s in reading.readability(hard, glossary).hardest)


def test_a_gate_that_raises_is_reported_not_raised(fixture_bundle, monkeypatch):
    def broken(assessment):
        raise KeyError("surprise")

    monkeypatch.setattr(safety, "red_flag_screen", broken)
    found = gates.check_bundle(fixture_bundle, datetime.date(2026, 11, 30)).findings
    assert [(f.gate, f.slug) for f in found] == [("gate-error", FIXTURE)]
    assert "red_flag_screen could not run: KeyError" in found[0].message


# The editor commands.


def test_paths_stats_prints_words_and_the_urgency_distribution(tmp_path, capsys):
    assert main(["paths", "--stats", "--content", str(guided_content(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^{FIXTURE}: 38 answer sets \(budget 25,000\), gates \d+\.\d\d s$", out, re.MULTILINE)
    assert "summary words: median 28 (short of an emergency), longest 46" in out
    assert re.search(r"^  reading: grade \d\.\d in 'en' over \d+ words \(gates: at most 8\)$", out, re.MULTILINE)
    assert re.search(r"^in all: 38 answer sets, gates \d+\.\d s$", out, re.MULTILINE)
    assert "urgency: emergency 14 (37%), call-today 8 (21%), soon 0 (0%), routine 16 (42%)" in out


def test_validate_names_the_line_in_the_assessment_file_despite_the_placed_screen(tmp_path, capsys):
    def idle(data):
        data["questions"][1]["options"].append({"id": "unsure", "label": "I am not sure"})

    content = guided_content(tmp_path, idle)
    assert main(["validate", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    line = line_of(content / "assessments" / f"{FIXTURE}.yaml", "id: unsure")
    assert f"content/assessments/{FIXTURE}.yaml:{line}: questions.course.options.unsure: picking 'unsure'" in out


def test_validate_names_the_shared_file_for_a_finding_on_a_red_flag(tmp_path, capsys):
    content = guided_content(tmp_path)
    screen = content / "shared" / "red-flags.yaml"
    screen.write_text(
        screen.read_text()
        .replace("    - id: none\n", "    - id: fainted\n      label: Fainted\n    - id: none\n")
        .replace("signs: [breathing]", "signs: [breathing, fainted]")
    )
    assert main(["validate", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    line = line_of(screen, "id: fainted")
    assert f"content/shared/red-flags.yaml:{line}: question.options.fainted: picking 'fainted'" in out
