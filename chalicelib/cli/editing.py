"""Editor commands: validate the content folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from chalicelib.content.source import ContentError, load_folder
from chalicelib.settings import REPO_CONTENT


def add_commands(commands: argparse._SubParsersAction) -> None:
    validate = commands.add_parser("validate", help="check every content file; errors name file, line and field")
    validate.add_argument("--content", type=Path, default=REPO_CONTENT, help="the content folder")
    validate.set_defaults(run=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    try:
        bundle = load_folder(args.content)
    except ContentError as error:
        print(error)
        return 1
    print(f"ok: {len(bundle.assessments)} assessment(s), content version {bundle.version}")
    return 0
