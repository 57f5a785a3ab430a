"""The code's layout: imports only go down the layers (core <- runtime <- web; authoring may import all, nothing
at run time imports authoring), and no module grows past what one reader holds at once."""

from __future__ import annotations

import ast
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
BELOW = {"core": {"core"}, "runtime": {"core", "runtime"}, "web": {"core", "runtime", "web"}}
MAX_LINES = 400


def imported(path: Path) -> set[str]:
    """The chalicelib layers a module imports (`chalicelib.<layer>...`), at any depth of the module."""
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        layers |= {name.split(".")[1] for name in names if name.startswith("chalicelib.") and "." in name}
    return layers


def test_imports_only_go_down_the_layers():
    upward = {
        str(path.relative_to(CHALICELIB)): sorted(imported(path) - allowed)
        for layer, allowed in BELOW.items()
        for path in (CHALICELIB / layer).rglob("*.py")
        if imported(path) - allowed
    }
    assert upward == {}


def test_no_module_is_longer_than_a_reader_holds_at_once():
    long = {
        str(p.relative_to(CHALICELIB)): n
        for p in CHALICELIB.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
