"""The prepared assessment's summaries: written for this parent, urgency first, templates sandboxed."""

import copy

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from chalicelib.authoring.paths import answer_sets
from chalicelib.core.content import Assessment
from chalicelib.core.engine import render, render_or_plain
from chalicelib.core.prepared import PreparedAssessment
from chalicelib.core.summary import Summary
from tests.conftest import SEED, escalation_step, served_assessment
from tests.unit.test_models import minimal

CALM = {
    "reason": "unclear-diagnosis",
    "red-flags": ("none",),
    "right-now": "not-worse",
    "treatment": "time-to-plan",
    "comfort": "worried-offending",
    "needs": ("records",),
    "age": "school-age",
    "ready": "sure",
}


def summary_for(bundle, answers, slug=SEED) -> Summary:
    """The engine's plain-data summary, checked against the documented Summary model on the way."""
    assessment = next(a for a in bundle.assessments if a.slug == slug)
    prepared = PreparedAssessment(assessment, content_version=bundle.version, disclaimer=bundle.library.disclaimer)
    return Summary.model_validate(prepared.summarize(answers, "en"), strict=False)


def texts(summary, section=None):
    return [i.text for s in summary.sections if section in (None, s.id) for i in s.items]


def test_a_calm_path_is_routine_with_the_planned_sections_in_order(bundle):
    summary = summary_for(bundle, CALM)
    assert summary.urgency == "routine"
    assert [s.id for s in summary.sections] == ["your-plan", "what-to-say", "questions-to-ask", "what-to-bring"]
    assert summary.content_version == bundle.version
    assert summary.review_status == "not-clinically-reviewed"  # the web says it in words: test_library.py
    assert "not a diagnosis" in summary.disclaimer


def test_what_to_say_changes_with_how_the_parent_feels(bundle):
    worried = texts(summary_for(bundle, CALM), "what-to-say")
    unsure = texts(summary_for(bundle, {**CALM, "comfort": "unsure-what-to-say"}), "what-to-say")
    assert any("Doctors hear this often" in t for t in worried)
    assert not any("Doctors hear this often" in t for t in unsure)
    assert any("One or two calm sentences are enough" in t for t in unsure)


def test_a_teen_is_brought_into_the_conversation(bundle):
    teen = summary_for(bundle, {**CALM, "age": "teen", "comfort": "unsure-what-to-say"})
    assert any("Include your teen" in t for t in texts(teen, "what-to-say"))
    assert any("my teen’s case" in t for t in texts(teen, "what-to-say"))
    assert not any("teen" in t for t in texts(summary_for(bundle, CALM)))


def test_the_plan_follows_practical_needs(bundle):
    needs = summary_for(bundle, {**CALM, "needs": ("insurance", "referral")})
    steps = texts(needs, "your-plan")
    assert any("insurance plan" in t and "Ask for a referral" in t for t in steps)
    assert not any("records and test results to the new doctor" in t for t in steps)
    assert len(steps) <= 3


def test_an_unsure_parent_gets_a_concrete_step(bundle):
    unsure = texts(summary_for(bundle, {**CALM, "ready": "need-facts"}))
    sure = texts(summary_for(bundle, CALM))
    assert any("side by side" in t for t in unsure)
    assert any("If this were your child" in t for t in sure)


def test_every_item_says_which_answers_caused_it(bundle):
    summary = summary_for(bundle, CALM)
    for section in summary.sections:
        for item in section.items:
            for cause in item.because:
                given = CALM[cause.question]
                assert cause.option == given or cause.option in given


def test_a_red_flag_leads_with_get_care_now_and_nothing_else(bundle):
    summary = summary_for(bundle, {"reason": "major-treatment", "red-flags": ("breathing",)})
    assert summary.urgency == "emergency"
    assert summary.sections[0].id == "get-care-now"
    assert summary.sections[0].items[0].text.startswith("Call 911 now")
    assert [s.id for s in summary.sections] == ["get-care-now"], "nothing distracts from care"


def test_a_decision_coming_soon_is_urgent_without_emergency_text(bundle):
    summary = summary_for(bundle, {**CALM, "treatment": "planned-soon"})
    assert summary.urgency == "soon"
    assert "get-care-now" not in [s.id for s in summary.sections]
    assert any("Is it safe to wait for a second opinion" in t for t in texts(summary, "your-plan"))


def test_a_child_getting_worse_is_call_today_with_calling_the_doctor_first(bundle):
    worse = {question: answer for question, answer in CALM.items() if question != "ready"}  # hidden when worse
    summary = summary_for(bundle, {**worse, "right-now": "worse"})
    assert summary.urgency == "call-today"
    first = texts(summary, "your-plan")[0]
    assert first == escalation_step() and first.startswith("Call your child’s doctor today")
    assert "call 911 or go to the emergency department" in first.lower()


def test_treatment_that_must_start_now_is_not_held_back_for_a_second_opinion(bundle):
    must = {k: v for k, v in CALM.items() if k != "ready"}  # the readiness check is not asked then
    summary = summary_for(bundle, {**must, "treatment": "must-start-now"})
    assert summary.urgency == "call-today"
    assert texts(summary, "your-plan")[0].startswith("Start the treatment your doctors advise.")
    assert not any("There is time" in t or "Is it safe to wait" in t for t in texts(summary))


def templated(rule_text: str, label: str = "A") -> Assessment:
    data = copy.deepcopy(minimal())
    data["questions"][0]["options"][0]["label"] = label
    data["rules"][1]["items"] = [rule_text]
    return served_assessment(data)


def run(assessment, answers=None):
    prepared = PreparedAssessment(assessment, content_version="0" * 16, disclaimer={"en": "d"})
    summary = prepared.summarize(answers or {"first": "a"}, "en")
    return texts(Summary.model_validate(summary), "plan")[0]


def test_summaries_of_every_assessment_have_the_documented_shape(bundle):
    for assessment in bundle.assessments:
        prepared = PreparedAssessment(assessment, content_version=bundle.version, disclaimer=bundle.library.disclaimer)
        for index, answers in enumerate(answer_sets(assessment)):
            if index % 97:  # a spread of paths of each assessment
                continue
            summary = prepared.summarize(answers, "en")
            assert Summary.model_validate(summary).model_dump(mode="json") == summary


def test_answers_are_context_never_template_source():
    assessment = templated("You picked {{ labels.first }}.", label="{{ 7 * 7 }} <b>bold</b>")
    assert run(assessment) == "You picked {{ 7 * 7 }} &lt;b&gt;bold&lt;/b&gt;."


def test_templates_can_branch_on_answers():
    assessment = templated("{% if answers.first == 'a' %}Chose A{% else %}Other{% endif %}")
    assert run(assessment) == "Chose A"


CONTEXT = {"answers": {"first": "a"}, "labels": {"first": "A"}}


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",  # refused as it is compiled: it names `__class__`
        "{{ answers|attr('_' ~ '_class__') }}",  # a name put together as it runs: the sandbox refuses it then
    ],
)
def test_template_injection_in_content_is_refused_by_the_sandbox(text):
    with pytest.raises(SecurityError):
        render(text, CONTEXT)


def test_the_immutable_sandbox_refuses_to_change_answers():
    with pytest.raises(SecurityError):
        render("{{ answers.update({'first': 'b'}) }}", CONTEXT)


def test_the_content_model_refuses_what_the_sandbox_refuses():
    # Where content is written and where a bundle is read (tests/unit/test_bundle_safety.py), before any parent.
    for text in ("{{ ''.__class__ }}", "{{ answers.update({'first': 'b'}) }}"):
        with pytest.raises(ValueError, match="cannot be rendered in 'en' \\(SecurityError"):
            templated(text)


def test_undefined_names_fail_loudly():
    with pytest.raises(UndefinedError):
        run(templated("{{ labels.second }}"))


def test_the_core_hands_over_sections_in_reading_order_urgent_then_plan_then_as_declared():
    data = minimal()
    data["summary_sections"] = [
        {"id": "urgent", "title": "Get care now", "role": "urgent"},
        {"id": "say", "title": "Say", "role": "script"},
        {"id": "plan", "title": "Plan", "role": "plan"},
        {"id": "bring", "title": "Bring", "role": "checklist"},
    ]
    data["rules"] += [
        {"id": "say-it", "section": "say", "items": ["Say this."]},
        {"id": "bring-it", "section": "bring", "items": ["Bring this."]},
    ]
    prepared = PreparedAssessment(served_assessment(data), content_version="v", disclaimer={"en": "Not advice."})
    summary = prepared.summarize({"first": "a", "second": ("x",)}, "en")
    assert [s["id"] for s in summary["sections"]] == ["plan", "say", "bring"]
    assert (summary["banner"], summary["calls"], summary["printable"]) == (None, [], True)
    assert summary["text"] == "Tiny\n\nPlan\n- Do this.\n\nSay\n- Say this.\n\nBring\n- Bring this.\n\nNot advice."
    emergency = prepared.summarize({"first": "b"}, "en")
    assert [s["id"] for s in emergency["sections"]] == ["urgent"], "an emergency shows only the care to get now"
    assert (emergency["banner"], emergency["printable"]) == ("emergency", False)


def test_calls_come_from_the_rules_that_fire_most_urgent_first_each_number_once():
    data = minimal()
    data["summary_sections"][0]["role"] = "urgent"
    call = {"kind": "tel", "number": "911", "label": "Call 911"}
    data["rules"][0]["calls"] = [call, {"kind": "sms", "number": "988", "label": "Text 988"}]
    data["rules"].insert(1, {**data["rules"][0], "id": "again", "items": ["Also."], "calls": [call]})
    prepared = PreparedAssessment(served_assessment(data), content_version="v", disclaimer={"en": "Not advice."})
    calls = prepared.summarize({"first": "b"}, "en")["calls"]
    assert calls == [
        {"kind": "tel", "number": "911", "href": "tel:911", "label": "Call 911"},
        {"kind": "sms", "number": "988", "href": "sms:988", "label": "Text 988"},
    ]


def test_calls_are_refused_outside_a_section_with_the_urgent_role():
    data = minimal()
    data["rules"][1]["calls"] = [{"kind": "tel", "number": "911", "label": "Call 911"}]
    with pytest.raises(ValueError, match="rule 'always' has calls, so its section must have the role urgent"):
        served_assessment(data)


def test_options_that_alone_make_an_emergency_are_handed_to_the_forms(bundle):
    assessment = next(a for a in bundle.assessments if a.slug == SEED)
    prepared = PreparedAssessment(assessment, content_version="v", disclaimer=bundle.library.disclaimer)
    flags = [o.id for o in assessment.question("red-flags").options if o.id != "none"]
    assert prepared.urgent_options == {"red-flags": tuple(flags)}


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Bring {{ labels.nope }} to the visit.", "Bring to the visit."),
        ("Call now.{% if answers.first == 'a' %} {{ 1 / 0 }}{% endif %}", "Call now."),
        ("{% if answers.first == 'a' %}{{ 1 / 0 }}{% endif %}Ask: “Is it {{ labels.nope }}?”", "Ask: “Is it?”"),
        ("Call now. {% if %}", "Call now."),  # a text that does not even parse: what comes before its first tag
    ],
)
def test_a_text_that_fails_as_a_parent_reads_it_falls_back_to_its_words_and_logs_no_answer(text, plain, caplog):
    context = {"answers": {"first": "a"}, "labels": {"first": "secret-label"}}
    assert render_or_plain(text, context, "tiny:rule:en") == plain
    [record] = caplog.records
    assert record.levelname == "ERROR" and "tiny:rule:en" in record.getMessage()
    assert "secret-label" not in record.getMessage() and "'a'" not in record.getMessage()


def test_a_text_that_renders_is_rendered_and_logs_nothing(caplog):
    assert render_or_plain("You picked {{ labels.first }}.", CONTEXT, "tiny:rule:en") == "You picked A."
    assert not caplog.records
