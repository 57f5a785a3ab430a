"""The editor commands, run in-process: validate, preview, paths, readability."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from chalicelib.authoring.cli import main
from chalicelib.authoring.source import REPO_CONTENT

SMALL = "helping-your-child-with-fear-of-medical-visits"
SURGERY = "second-opinion-before-surgery"


def content_folder(tmp_path, related: dict[str, list[str]]):
    """A content folder holding only some small assessments (slug -> its related links), quick to validate."""
    folder = tmp_path / "content"
    (folder / "assessments").mkdir(parents=True)
    library = yaml.safe_load((REPO_CONTENT / "library.yaml").read_text())
    category = library["categories"][0]  # the taxonomy cut down to one category and topic holding only these
    library["categories"] = [{**category, "topics": [{**category["topics"][0], "assessments": list(related)}]}]
    (folder / "library.yaml").write_text(yaml.safe_dump(library, sort_keys=False))
    if (REPO_CONTENT / "shared").exists():
        shutil.copytree(REPO_CONTENT / "shared", folder / "shared")
    for slug, links in related.items():
        source = (REPO_CONTENT / "assessments" / f"{slug}.yaml").read_text()
        source = re.sub(r"related:\n(  - .*\n)+", f"related: {links}\n".replace("'", ""), source)
        (folder / "assessments" / f"{slug}.yaml").write_text(source)
    return folder


@pytest.fixture
def small_content(tmp_path):
    return content_folder(tmp_path, {SMALL: []})


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_validate_passes_good_content_and_reports_the_answer_space(small_content, capsys):
    code, out = run(capsys, "validate", "--content", str(small_content))
    assert code == 0
    assert f"{SMALL}: 2290 answer sets, longest path 6 questions" in out
    assert "ok: 1 assessment(s) pass every gate" in out


def test_validate_names_file_line_and_field_of_a_gate_failure(small_content, capsys):
    path = small_content / "assessments" / f"{SMALL}.yaml"
    source = path.read_text().replace("estimated_minutes: 2", "estimated_minutes: 4")
    path.write_text(source.replace("about 2 minutes", "about 4 minutes").replace("unos 2 minutos", "unos 4 minutos"))
    code, out = run(capsys, "validate", "--content", str(small_content))
    assert code == 1
    line = line_of(path, "estimated_minutes: 4")
    assert f"content/assessments/{SMALL}.yaml:{line}: estimated_minutes: is 4, but the longest path" in out
    assert "[estimate]" in out and "1 problem(s) found" in out


def test_validate_names_file_line_and_field_of_an_option_without_effect(small_content, capsys):
    path = small_content / "assessments" / f"{SMALL}.yaml"
    path.write_text(
        path.read_text().replace(
            "          es: Algo le dolió o le dio mucho miedo\n",
            "          es: Algo le dolió o le dio mucho miedo\n"
            "      - id: rather-not-say\n        label: I would rather not say\n",
        )
    )
    code, out = run(capsys, "validate", "--content", str(small_content))
    assert code == 1
    line = line_of(path, "id: rather-not-say")
    assert f"{SMALL}.yaml:{line}: questions.last-visit.options.rather-not-say: picking 'rather-not-say'" in out


def test_validate_names_file_line_and_field_of_a_schema_error(small_content, capsys):
    path = small_content / "assessments" / f"{SMALL}.yaml"
    path.write_text(path.read_text().replace("id: needles", "id: Needles!"))
    code, out = run(capsys, "validate", "--content", str(small_content))
    assert code == 1
    line = line_of(path, "id: Needles!")
    assert f"content/assessments/{SMALL}.yaml:{line}: questions.visit.options.Needles!.id:" in out


def test_validate_reports_a_one_sided_related_link(tmp_path, capsys):
    stay = "preparing-your-child-for-a-hospital-stay"
    folder = content_folder(tmp_path, {SMALL: [stay], stay: []})
    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1
    line = line_of(folder / "assessments" / f"{SMALL}.yaml", "related: [")
    assert f"content/assessments/{SMALL}.yaml:{line}: related.0: '{stay}' does not list '{SMALL}' back" in out


def test_preview_prints_the_summary_a_parent_reads(capsys):
    code, out = run(
        capsys,
        "preview",
        SURGERY,
        "-a",
        "red-flags=none",
        "-a",
        "timing=later",
        "-a",
        "right-now=not-worse",
        "--answer",
        "surgery=major",
        "-a",
        "other-choices=talked",
        "-a",
        "worry=risks",
        "-a",
        "age=teen",
        "-a",
        "ready=torn",
    )
    assert code == 0
    assert out.startswith("SECOND OPINION BEFORE SURGERY\n")
    assert "\nQuestions to ask the second surgeon\n" in out
    assert "Which problems are common, and which are rare but serious?" in out
    assert "Include your teen in the choice." in out
    assert "Not yet reviewed by a clinician. Checked by our editors on" in out
    assert "Get care now" not in out and "&#" not in out


def test_preview_of_an_emergency_leads_with_get_care_now(capsys):
    code, out = run(capsys, "preview", SURGERY, "-a", "red-flags=breathing")
    assert code == 0
    assert out.splitlines()[2] == "Get care now"
    assert out.splitlines()[3].startswith("  - Call 911 now")


def test_preview_names_each_bad_answer_without_a_traceback(capsys):
    answers = ("red-flags=none", "timing=later", "right-now=maybe", "colour=blue")
    code, out = run(capsys, "preview", SURGERY, *(part for answer in answers for part in ("-a", answer)))
    assert code == 1
    assert "answers.surgery: an answer is required" in out
    assert "answers.right-now: is not one of this question's options" in out
    assert "1 answer(s) name a question this assessment does not ask" in out
    assert "  surgery [pick one] (only on some paths): What kind of surgery is it?" in out


def test_preview_refuses_an_answer_without_an_equals_sign(capsys):
    code, out = run(capsys, "preview", SURGERY, "-a", "timing")
    assert code == 2 and "write it as QUESTION=OPTION" in out


def test_an_unknown_slug_lists_the_ones_there_are(capsys):
    code, out = run(capsys, "paths", "no-such-thing")
    assert code == 1 and "no assessment 'no-such-thing'" in out and SMALL in out


def test_paths_prints_the_answer_space_and_an_example_longest_path(capsys):
    code, out = run(capsys, "paths", SURGERY)
    assert code == 0
    assert f"{SURGERY}: 3667 answer sets" in out
    assert "longest path: 8 questions (at most 8 allowed)" in out
    assert "estimated_minutes: 2 (the rule gives 2" in out
    example = out.split("for example: ")[1].split()
    assert example.count("-a") == 8


def test_readability_prints_the_grade_and_hardest_sentences_with_their_place(capsys):
    code, out = run(capsys, "readability", SMALL)
    assert code == 0
    assert re.search(rf"^{SMALL} \(en\): grade \d\.\d over \d+ words \(ok\)$", out, re.MULTILINE)
    for block in out.split(f"{SMALL} (")[1:]:  # one per locale, each with its five hardest sentences
        assert len(re.findall(rf"content/(assessments/{SMALL}|shared/red-flags)\.yaml:\d+: \S+", block)) == 5


def test_readability_fails_when_the_text_is_too_hard(small_content, capsys):
    path = small_content / "assessments" / f"{SMALL}.yaml"
    hard = "Comprehensive multidisciplinary evaluation necessitates considerable institutional coordination."
    data = yaml.safe_load(path.read_text())  # every item, entry and answer hard; the shared screen's stay plain
    for rule in data["rules"]:
        rule["items"] = [hard] * len(rule["items"])
    for entry in [e for section in data["static_sections"] for e in section["entries"]] + data["faq"]:
        entry["body" if "body" in entry else "answer"] = hard
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    code, out = run(capsys, "readability", "--content", str(small_content))
    assert code == 1
    assert "(above 8, " in out and "Comprehensive multidisciplinary" in out


def edited(path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def test_validate_lists_independent_mistakes_in_several_files_in_one_run_each_at_its_line(tmp_path, capsys):
    stay, records = "preparing-your-child-for-a-hospital-stay", "getting-medical-records-for-review"
    folder = content_folder(tmp_path, {SMALL: [], stay: [], records: []})
    small, stay_path, records_path = (folder / "assessments" / f"{slug}.yaml" for slug in (SMALL, stay, records))
    # In one file, two fields the models refuse: a condition of no known form, and a label that is not text.
    edited(small, "  - id: fear\n", "  - id: fear\n    show_if: {question: timing, iz: later}\n")
    edited(small, "en: Yes, but not for a while", "en: [not, text]")
    # In another, a rule naming an option its question lacks: checked once its fields parse, at the rule's line.
    edited(stay_path, "when: {question: timing, is: later}", "when: {question: timing, is: latr}")
    # In a third, which parses, a gate's finding: the gates run on every file that parsed.
    edited(records_path, "estimated_minutes: 2", "estimated_minutes: 3")
    edited(records_path, "about 2 minutes", "about 3 minutes")
    edited(records_path, "unos 2 minutos", "unos 3 minutos")

    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1
    rule = next(
        r["id"] for r in yaml.safe_load(stay_path.read_text())["rules"] if r.get("when", {}).get("is") == "latr"
    )
    expected = [
        f"{SMALL}.yaml:{line_of(small, 'iz: later')}: questions.fear.show_if: a condition needs exactly one of",
        f"{SMALL}.yaml:{line_of(small, 'en: [not, text]')}: questions.timing.options.later.label.en: Input should be",
        f"{stay}.yaml:{line_of(stay_path, 'is: latr')}: rules.{rule}.when: rule '{rule}' when refers to option 'latr'",
        f"{records}.yaml:{line_of(records_path, 'estimated_minutes: 3')}: estimated_minutes: is 3, but the longest",
    ]
    for fault in expected:
        assert f"content/assessments/{fault}" in out
    assert "4 problem(s) found (the gates ran on each assessment that parsed)" in out
    assert re.search(rf"^  {records}: [\d,]+ answer sets", out, re.MULTILINE) and f"  {SMALL}:" not in out


def test_validate_names_the_file_and_line_of_a_fault_across_files(tmp_path, capsys):
    folder = content_folder(tmp_path, {SMALL: ["no-such-assessment"]})
    library = folder / "library.yaml"
    edited(library, f"- {SMALL}\n", f"- {SMALL}\n{' ' * (line_indent(library, SMALL))}- ghost\n")
    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1
    topics = yaml.safe_load(library.read_text())["categories"][0]
    where = f"categories.{topics['slug']}.topics.{topics['topics'][0]['slug']}.assessments.1"
    line = line_of(library, "- ghost")
    assert f"content/library.yaml:{line}: {where}: library lists assessment 'ghost', which has no file" in out
    line = line_of(folder / "assessments" / f"{SMALL}.yaml", "related: [no-such-assessment]")
    unknown = f"related.0: assessment '{SMALL}' is related to unknown 'no-such-assessment'"
    assert f"content/assessments/{SMALL}.yaml:{line}: {unknown}" in out


def line_indent(path, text: str) -> int:
    line = path.read_text().splitlines()[line_of(path, text) - 1]
    return len(line) - len(line.lstrip())
