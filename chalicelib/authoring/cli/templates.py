"""Page templates compiled to Python for the Lambda package (see chalicelib.web.pages.COMPILED_TEMPLATES).

`.chalice/package.sh` runs `compile-templates` in the staging copy of the project it packages, so a checkout
always renders from the template sources.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from chalicelib.web.pages import COMPILED_TEMPLATES, compile_templates


def add_commands(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("compile-templates", help="compile the page templates for the Lambda package")
    command.add_argument("--into", type=Path, default=COMPILED_TEMPLATES, help="folder to write (replaced)")
    command.set_defaults(run=run_compile)


def run_compile(args: argparse.Namespace) -> int:
    shutil.rmtree(args.into, ignore_errors=True)
    names = compile_templates(args.into)
    print(f"compiled {len(names)} templates into {args.into}")
    return 0
