"""The reading gates sentence by sentence, in every locale: one unreadable sentence fails however plain the rest of
the assessment is, named at its file:line; a template is read one branch at a time, never run together."""

from __future__ import annotations

import re

import pytest

from chalicelib.authoring.gates import branches, languages, reading
from chalicelib.authoring.source import load_folder
from tests.content.test_cli_editing import SMALL, content_folder, edited, line_of, run

HARD = {
    "en": "Notwithstanding institutional heterogeneity, comprehensive multidisciplinary reevaluation necessitates "
    "considerable interdepartmental administrative coordination.",
    "es": "La evaluación multidisciplinaria integral necesita una considerable coordinación institucional "
    "interdepartamental.",
}
PLAIN = {"en": "Keep it short and honest.", "es": "Use pocas palabras y diga la verdad."}
AVERAGE = {"en": r"grade (\d\.\d) \(en\)", "es": r"Fernandez-Huerta ease (\d+\.\d) \(es\)"}


@pytest.fixture
def small(tmp_path):
    folder = content_folder(tmp_path, {SMALL: []})
    return folder, folder / "assessments" / f"{SMALL}.yaml"


@pytest.mark.parametrize("locale", ["en", "es"])
def test_one_hard_sentence_fails_at_its_line_though_the_assessment_reads_easily(small, capsys, locale):
    folder, path = small
    edited(path, PLAIN[locale], HARD[locale])
    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1 and "1 problem(s) found" in out
    language = languages.LANGUAGES[locale]
    line = line_of(path, "- en: Tell your child about the visit a day or two ahead.")  # the item's first line
    found = re.search(
        rf"^content/assessments/{SMALL}\.yaml:{line}: rules\.plan-in-a-few-days\.items\.0: a sentence reads at "
        rf"{language.ease_name} (-?\d+\.\d) in '{locale}', {language.beyond(language.sentence_limit)}: "
        rf"'{re.escape(HARD[locale])}' \[hard-sentence\]$",
        out,
        re.MULTILINE,
    )
    assert found and not language.passes(float(found.group(1)), language.sentence_limit)
    average = float(re.search(AVERAGE[locale], out).group(1))
    assert language.passes(average), "the average alone would have let this sentence through"


def test_each_branch_of_a_template_is_read_on_its_own_in_every_locale(small, capsys):
    folder, path = small
    teen = "{% if answers['age'] == 'teen' %}"
    edited(
        path,
        "      - en: You have time. Talk about the visit a few times in the weeks before, so it feels familiar.\n"
        "        es: >-\n"
        "          Tiene tiempo. Hable de la consulta algunas veces durante las semanas previas, para que a su "
        "hijo le\n"
        "          parezca algo conocido.\n",
        f'      - en: "{teen}{HARD["en"]}{{% else %}}You have time.{{% endif %}} Talk about the visit before."\n'
        f'        es: "{teen}{HARD["es"]}{{% else %}}Tiene tiempo.{{% endif %}} Hable de la consulta antes."\n',
    )
    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1 and "2 problem(s) found" in out
    line = line_of(path, f'- en: "{teen}')
    for locale in ("en", "es"):
        # The hard branch alone: not run into the other branch ("...coordination.You have time."), nor into the
        # text after the template.
        assert re.search(
            rf"^content/assessments/{SMALL}\.yaml:{line}: rules\.plan-later\.items\.0: a sentence reads at .+ in "
            rf"'{locale}', .+: '{re.escape(HARD[locale])}' \[hard-sentence\]$",
            out,
            re.MULTILINE,
        )


def test_readability_lists_every_sentence_beyond_the_limit_with_its_place(small, capsys):
    folder, path = small
    edited(path, PLAIN["es"], HARD["es"])
    code, out = run(capsys, "readability", "--content", str(folder))
    assert code == 1
    assert f"{SMALL} (es): Fernandez-Huerta ease " in out and "words (1 sentence(s) below 40)" in out
    line = line_of(path, "- en: Tell your child about the visit a day or two ahead.")
    listed = out.split("every sentence below 40 (of 5+ words):\n")[1]
    assert listed.startswith(f"  -43.4  content/assessments/{SMALL}.yaml:{line}: rules.plan-in-a-few-days.items.0\n")


def test_a_template_renders_every_combination_of_its_branches_and_each_branch_once_for_the_whole():
    text = "{% if a %}A{% elif b %}B{% else %}C{% endif %} and {% if d %}D{% endif %}."
    assert branches.renderings(text) == ["A and D.", "A and .", "B and D.", "B and .", "C and D.", "C and ."]
    assert branches.branchwise(text) == ["A and D.", "B and .", "C and ."]
    assert branches.renderings("You picked: {{ labels['visit'] }}.") == ["You picked: ."]
    assert branches.renderings("Plain   text.") == ["Plain text."]


def test_a_template_with_too_many_combinations_is_named_not_measured():
    many = "".join(f"{{% if answers['q{n}'] %}} part {n}{{% endif %}}" for n in range(11))
    with pytest.raises(branches.TooManyRenderings, match="more than 1,024 ways"):
        branches.renderings(many)


def test_about_n_minutes_in_a_template_is_named_once_however_many_renderings_say_it(small, capsys):
    folder, path = small
    edited(path, PLAIN["en"], "{% if answers['age'] == 'teen' %}Teens too.{% endif %} It takes about 9 minutes.")
    code, out = run(capsys, "validate", "--content", str(folder))
    assert code == 1 and "1 problem(s) found" in out
    assert "rules.plan-in-a-few-days.items.0: says 'about 9 minutes', but estimated_minutes is 2 [minutes]" in out
    assert len(reading.minutes_in_text(load_folder(folder).assessments[0], "en")) == 1
