"""`python -m chalicelib.authoring COMMAND`: tools for content editors and operators.

Each command lives in its own module and registers itself with `add_commands(subparsers)`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from chalicelib.authoring.cli import drafting, editing, publishing, schemas

COMMAND_MODULES = (editing, drafting, schemas, publishing)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.authoring", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_commands(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
