"""`new`: write a skeleton assessment (every field explained, in English and Spanish, marked as a draft) and place
it in a topic of the library."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from string import Template

from pydantic import TypeAdapter, ValidationError

from chalicelib.authoring.source import ASSESSMENTS_DIR, LIBRARY_FILE, REPO_CONTENT
from chalicelib.core.fields import Slug

SKELETON = Path(__file__).resolve().parents[1] / "skeleton.yaml"


class NotPlaced(Exception):
    """The library names no such category or topic, or lists it in a way this command does not edit."""


def add_commands(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new", help="write a skeleton assessment (a draft, each field explained, in English and Spanish) in a topic"
    )
    new.add_argument("slug", help="the new assessment's slug: its file name and address (lower-case-words)")
    new.add_argument("--category", required=True, help="the slug of a category of content/library.yaml")
    new.add_argument("--topic", required=True, help="the slug of a topic of that category, which will list it")
    new.add_argument("--content", type=Path, default=REPO_CONTENT, help="the content folder")
    new.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    import yaml  # editors' tooling only

    try:
        TypeAdapter(Slug).validate_python(args.slug)
    except ValidationError:
        print(f"'{args.slug}' cannot be a slug: lower-case letters and digits in words joined by hyphens, at most 80")
        return 2
    path = args.content / ASSESSMENTS_DIR / f"{args.slug}.yaml"
    if path.exists():
        print(f"{path} exists: choose another slug, or edit it")
        return 1
    library = args.content / LIBRARY_FILE
    try:
        placed = place(library.read_text(encoding="utf-8"), args.category, args.topic, args.slug, yaml)
    except NotPlaced as error:
        print(f"{library}: {error}")
        return 1
    skeleton = Template(SKELETON.read_text(encoding="utf-8"))
    path.write_text(skeleton.substitute(slug=args.slug, today=datetime.date.today().isoformat()), encoding="utf-8")
    library.write_text(placed, encoding="utf-8")
    print(f"wrote {path}, a draft in English and Spanish, listed in topic '{args.topic}' of {library}")
    print("next: write every text marked TODO (validate lists them), remove `draft: true`, validate, preview, publish")
    return 0


def place(text: str, category: str, topic: str, slug: str, yaml) -> str:
    """library.yaml's text with `slug` added at the end of the topic's assessments, the rest of it as written
    (comments included); as it was if the library lists the slug already."""
    root = yaml.compose(text)
    categories = _value(root, "categories")
    found = _item(categories, category)
    if found is None:
        raise NotPlaced(f"no category '{category}'; there are: {', '.join(_slugs(categories))}")
    topics = _value(found, "topics")
    chosen = _item(topics, topic)
    if chosen is None:
        raise NotPlaced(f"category '{category}' has no topic '{topic}'; it has: {', '.join(_slugs(topics))}")
    listed = _value(chosen, "assessments")
    if slug in {
        s for c in categories.value for t in _value(c, "topics").value for s in _slugs(_value(t, "assessments"))
    }:
        return text
    if listed is None or listed.flow_style or not listed.value:
        raise NotPlaced(f"topic '{topic}' lists its assessments in a form this command does not edit: add '{slug}'")
    last = listed.value[-1]
    lines = text.splitlines(keepends=True)
    lines.insert(last.end_mark.line + 1, f"{' ' * (last.start_mark.column - 2)}- {slug}\n")
    return "".join(lines)


def _value(mapping, key: str):
    return next((value for name, value in mapping.value if name.value == key), None)


def _item(sequence, slug: str):
    return next((item for item in sequence.value if getattr(_value(item, "slug"), "value", None) == slug), None)


def _slugs(sequence) -> list[str]:
    return [
        item.value if isinstance(item.value, str) else getattr(_value(item, "slug"), "value", "?")
        for item in (sequence.value if sequence is not None else ())
    ]
