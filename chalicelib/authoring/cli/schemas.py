"""`schemas`: write the JSON Schemas of the content files, so editors get completion and errors while typing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from chalicelib.authoring.source import REPO_CONTENT
from chalicelib.core.content import Assessment, LibraryFile, PartnersFile
from chalicelib.core.red_flags import RedFlagsFile

SCHEMAS = {
    "library.schema.json": LibraryFile,
    "assessment.schema.json": Assessment,
    "partners.schema.json": PartnersFile,
    "red-flags.schema.json": RedFlagsFile,
}


def rendered() -> dict[str, str]:
    """Each schema file's name and its text, generated from the models."""
    return {name: json.dumps(model.model_json_schema(), indent=2) + "\n" for name, model in SCHEMAS.items()}


def add_commands(commands: argparse._SubParsersAction) -> None:
    schemas = commands.add_parser("schemas", help="write content/schemas/*.schema.json from the models")
    schemas.add_argument("--out", type=Path, default=REPO_CONTENT / "schemas", help="folder to write into")
    schemas.set_defaults(run=run_schemas)


def run_schemas(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in rendered().items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0
