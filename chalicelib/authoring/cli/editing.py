"""Editor commands: validate the content, preview a summary, size the answer space, score reading level."""

from __future__ import annotations

import argparse
import datetime
import textwrap
from pathlib import Path

from chalicelib.authoring import gates
from chalicelib.authoring.gates import languages, reading, size
from chalicelib.authoring.gates.languages import MIN_SENTENCE_WORDS
from chalicelib.authoring.gates.walk import ANSWER_SETS_MAX, questions_asked
from chalicelib.authoring.paths import answer_sets
from chalicelib.authoring.source import (
    REPO_CONTENT,
    ContentError,
    ContentFault,
    load_folder,
    located,
    read_folder,
    source_of,
)
from chalicelib.core.content import Assessment, Bundle, pick
from chalicelib.core.fields import DEFAULT_LOCALE, URGENCY_RANK
from chalicelib.core.kinds import KINDS
from chalicelib.core.prepared import PreparedAssessment
from chalicelib.core.problems import Problem
from chalicelib.web.words import review_note

WIDTH = 88


def add_commands(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser("validate", help="check every content file and gate; errors name file, line, field")
    validate.set_defaults(run=run_validate)
    preview = commands.add_parser("preview", help="print the summary a parent would read for some answers")
    preview.add_argument("slug")
    preview.add_argument(
        "--answer",
        "-a",
        action="append",
        default=[],
        metavar="QUESTION=OPTION",
        help="one answer; repeat it, or separate options with commas, for a multi-choice question",
    )
    preview.add_argument(
        "--locale", default=DEFAULT_LOCALE, help=f"the language to read it in (default {DEFAULT_LOCALE})"
    )
    preview.set_defaults(run=run_preview)
    paths = commands.add_parser("paths", help="answer-space size and the longest path of an assessment")
    paths.add_argument("slug", nargs="?", help="one assessment (default: all)")
    paths.add_argument(
        "--stats",
        action="store_true",
        help="run every gate: answer sets, summary words (median, longest), reading scores, how many answer sets get "
        "each urgency, and the gates' seconds, per assessment",
    )
    paths.set_defaults(run=run_paths)
    readability = commands.add_parser(
        "readability", help="reading score per locale, the hardest sentences, and every one beyond the sentence limit"
    )
    readability.add_argument("slug", nargs="?", help="one assessment (default: all)")
    readability.set_defaults(run=run_readability)
    for command in (validate, preview, paths, readability):
        command.add_argument("--content", type=Path, default=REPO_CONTENT, help="the content folder")


def run_validate(args: argparse.Namespace) -> int:
    """Every fault at once: each file's against the models (all of them, each file on its own), then the gates
    of each assessment that parsed, and those across files when every file did."""
    sources = read_folder(args.content)
    problems = [str(fault) for fault in sources.faults]
    if sources.library is not None:
        today = datetime.date.today()
        findings = list(gates.check_library(sources.bundle)) if sources.bundle is not None else []
        checked = {a.slug: gates.check_assessment(a, sources.library, today) for a in sources.assessments}
        findings += [finding for each in checked.values() for finding in each.findings]
        problems += faults(args.content, tuple(findings))
    for problem in problems:
        print(problem)
    if sources.library is not None:
        for slug, each in checked.items():
            scores = ", ".join(
                f"{languages.LANGUAGES[locale].ease_name} {score.score:.1f} ({locale})"
                for locale, score in each.readability.items()
            )
            walk = each.walk
            print(f"  {slug}: {walk.answer_sets} answer sets, longest path {walk.longest} questions, {scores}")
    if problems:
        gated = "" if sources.bundle is not None else " (the gates ran on each assessment that parsed)"
        print(f"{len(problems)} problem(s) found{gated}")
        return 1
    print(f"ok: {len(sources.assessments)} assessment(s) pass every gate, content version {sources.bundle.version}")
    return 0


def run_preview(args: argparse.Namespace) -> int:
    bundle = _load(args.content)
    assessment = _assessment(bundle, args.slug) if bundle else None
    if assessment is None:
        return 1
    raw: dict[str, list[str]] = {}
    for given in args.answer:
        question, sep, options = given.partition("=")
        if not sep or not question or not options:
            print(f"--answer {given!r}: write it as QUESTION=OPTION")
            return 2
        raw.setdefault(question, []).extend(o.strip() for o in options.split(",") if o.strip())
    kinds = {q.id: KINDS[q.kind] for q in assessment.questions}
    answers_in = {q: kinds[q].from_form(v) if q in kinds else v for q, v in raw.items()}
    prepared = PreparedAssessment(assessment, content_version=bundle.version, disclaimer=bundle.library.disclaimer)
    try:
        answers = prepared.check(answers_in)
    except Problem as problem:
        print(f"{problem.title}: {problem.detail}")
        for error in problem.errors:
            print(f"  {error.field}: {error.detail}")
        _print_questions(assessment, args.locale)
        return 1
    if args.locale not in bundle.library.locales:
        print(f"(the library does not declare '{args.locale}' yet: a text without it shows in English)\n")
    summary = prepared.summarize(answers, args.locale)
    print(summary["title"].upper())
    for section in summary["sections"]:
        print(f"\n{section['title']}")
        for item in section["items"]:
            print(textwrap.fill(item["text"], WIDTH, initial_indent="  - ", subsequent_indent="    "))
    print()
    print(textwrap.fill(summary["disclaimer"], WIDTH))
    checked = f"Checked by our editors on {summary['last_reviewed']}"
    print(f"{review_note(summary['review_status'], summary['locale'])}. {checked}.")
    return 0


def run_paths(args: argparse.Namespace) -> int:
    selected = _selected(args)
    if selected is None:
        return 1
    bundle, chosen = selected
    if not args.stats:
        for assessment in chosen:
            _print_paths(assessment)
        return 0
    answer_sets, seconds = 0, 0.0
    for assessment in chosen:
        checked = gates.check_assessment(assessment, bundle.library, datetime.date.today())
        _print_stats(checked)
        answer_sets, seconds = answer_sets + checked.walk.answer_sets, seconds + checked.seconds
    print(f"in all: {answer_sets:,} answer sets, gates {seconds:.1f} s")
    return 0


def _print_paths(assessment: Assessment) -> None:
    count, longest, example = 0, 0, {}
    for answers in answer_sets(assessment):
        count += 1
        asked = len(questions_asked(assessment, answers))
        if asked > longest:
            longest, example = asked, answers
    print(f"{assessment.slug}: {count} answer sets (at most {ANSWER_SETS_MAX:,} allowed)")
    print(f"longest path: {longest} questions (at most {size.MAX_QUESTIONS_PER_PATH} allowed)")
    print(
        f"estimated_minutes: {assessment.estimated_minutes} "
        f"(the rule gives {size.expected_minutes(longest)}: {size.SECONDS_PER_QUESTION} s a question, rounded up)"
    )
    print("for example: " + " ".join(_answer_args(example)))


def _print_stats(checked: gates.Checked) -> None:
    """One assessment's answer space, summary words, reading scores and urgency distribution, measured over every
    answer set, and how long its gates took (the walk included)."""
    walk = checked.walk
    total = walk.answer_sets or 1
    shares = ", ".join(
        f"{urgency} {walk.urgencies.get(urgency, 0):,} ({walk.urgencies.get(urgency, 0) / total:.0%})"
        for urgency in sorted(URGENCY_RANK, key=URGENCY_RANK.__getitem__, reverse=True)
    )
    budget = f"budget {ANSWER_SETS_MAX:,}" + ("" if walk.complete else ": not walked, see `validate`")
    print(f"{walk.slug}: {walk.answer_sets:,} answer sets ({budget}), gates {checked.seconds:.2f} s")
    for locale, median in walk.median_words.items():
        median_max, longest_max = size.word_limits(locale)
        print(
            f"  summary words: median {median:.0f} (short of an emergency), longest {walk.longest_words[locale]} "
            f"in '{locale}' (gates: median <= {median_max}, longest <= {longest_max})"
        )
    for locale, score in checked.readability.items():
        language = languages.LANGUAGES[locale]
        bound = f"{'at most' if language.at_most else 'at least'} {language.limit:.0f}"
        print(
            f"  reading: {language.ease_name} {score.score:.1f} in '{locale}' over {score.words} words (gates: {bound})"
        )
    print(f"  urgency: {shares}")


def run_readability(args: argparse.Namespace) -> int:
    selected = _selected(args)
    if selected is None:
        return 1
    bundle, chosen = selected
    passed = True
    for assessment in chosen:
        for locale in _locales(bundle):
            language = languages.LANGUAGES[locale]
            score = reading.readability(assessment, bundle.library.glossary.get(locale, ()), locale)
            verdicts = [] if language.passes(score.score) else [language.beyond()]
            if score.too_hard:
                verdicts.append(f"{len(score.too_hard)} sentence(s) {language.beyond(language.sentence_limit)}")
            passed = passed and not verdicts
            named = f"{assessment.slug} ({locale}): {language.ease_name} {score.score:.1f}"
            print(f"{named} over {score.words} words ({', '.join(verdicts) or 'ok'})")
            _print_sentences(args.content, assessment.slug, score.hardest)
            if score.too_hard:
                print(f"  every sentence {language.beyond(language.sentence_limit)} (of {MIN_SENTENCE_WORDS}+ words):")
                _print_sentences(args.content, assessment.slug, score.too_hard)
    return 0 if passed else 1


def _print_sentences(folder: Path, slug: str, sentences: tuple[reading.Sentence, ...]) -> None:
    for sentence in sentences:
        where = fault_of(folder, gates.Finding("readability", slug, sentence.location, ""))
        print(f"  {sentence.score:5.1f}  {str(where).rstrip(': ')}")
        print(textwrap.fill(sentence.text, WIDTH, initial_indent="         ", subsequent_indent="         "))


def _locales(bundle: Bundle) -> tuple[str, ...]:
    """The declared locales the gates can measure (`validate` names any other)."""
    return tuple(locale for locale in bundle.library.locales if locale in languages.LANGUAGES)


def _selected(args: argparse.Namespace) -> tuple[Bundle, list[Assessment]] | None:
    """The content and the assessments a command looks at (the one named, or all); None after saying why not."""
    bundle = _load(args.content)
    if bundle is None:
        return None
    chosen = [_assessment(bundle, args.slug)] if args.slug else list(bundle.assessments)
    return None if None in chosen else (bundle, chosen)


def _load(folder: Path) -> Bundle | None:
    try:
        return load_folder(folder)
    except ContentError as error:
        print(error)
        return None


def _assessment(bundle: Bundle, slug: str) -> Assessment | None:
    found = next((a for a in bundle.assessments if a.slug == slug), None)
    if found is None:
        print(f"no assessment '{slug}'; there are: {', '.join(a.slug for a in bundle.assessments)}")
    return found


def faults(folder: Path, findings: tuple[gates.Finding, ...]) -> list[str]:
    """Each finding as a line naming file, line, field and gate, once: a text of the shared red-flag screen found
    through every assessment is one fault."""
    return list(dict.fromkeys(f"{fault_of(folder, finding)} [{finding.gate}]" for finding in findings))


def fault_of(folder: Path, finding: gates.Finding) -> ContentFault:
    """A finding as a fault that names the file, the line of the field in it, and the field."""
    import yaml  # editors' tooling only

    if finding.file is not None:
        path, location = folder / finding.file, finding.location
    else:
        path, location = source_of(folder, finding.slug, finding.location)
    try:
        line, field = located(yaml.compose(path.read_text(encoding="utf-8")), location)
    except (OSError, yaml.YAMLError):
        line, field = None, ".".join(str(part) for part in location)
    name = str(path.relative_to(folder.parent)) if path.is_relative_to(folder.parent) else str(path)
    return ContentFault(name, line, field, finding.message)


def _answer_args(answers) -> list[str]:
    return [f"-a {q}={v if isinstance(v, str) else ','.join(v)}" for q, v in answers.items()]


def _print_questions(assessment: Assessment, locale: str) -> None:
    print("\nQuestions (id: options):")
    for question in assessment.questions:
        shown = " (only on some paths)" if question.show_if is not None else ""
        kind = "pick one" if question.kind == "single" else "pick any"
        print(f"  {question.id} [{kind}]{shown}: {pick(question.prompt, locale)}")
        print(f"      {', '.join(o.id for o in question.options)}")
