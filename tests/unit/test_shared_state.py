"""Issue 26 item 1: the web layer holds no module-level state a request could change and a later one inherit.

Every module-level value under chalicelib/web must be read-only: text, numbers, tuples, frozensets, or a
`MappingProxyType` over a literal whose values are read-only too. A dict, list or set there (or a call that makes
one) fails this scan, because a response that is handed one and added to (as `private_page`'s headers were) passes
what it added to every later response of the instance. Caches are module-level state as well: each one is listed
here with why what it hands out can be shared.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "chalicelib" / "web"
MODULES = sorted(WEB.rglob("*.py"))
MUTABLE_MAKERS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray", "ChainMap"}
READ_ONLY_WRAPPERS = {"MappingProxyType", "frozenset", "tuple"}
CACHES = {
    ("assets.py", "read_asset"): "a tuple of two strings",
    ("embed.py", "inline"): "a tuple of Markup and a string",
    ("openapi.py", "openapi_json"): "a string",
    ("pages.py", "_env"): "a Jinja environment per locale, whose globals are set once when it is made",
    ("words.py", "translations"): "a gettext catalog, read-only once loaded",
    ("words.py", "_babel_locale"): "a Babel Locale, read-only locale data",
}
"""Every cached function of the web layer, and why its result is safe to hand to every request."""


def read_only(node: ast.expr | None) -> bool:
    """Whether the value `node` makes can never be changed in place (names are checked where they are defined)."""
    match node:
        case None | ast.Constant() | ast.JoinedStr() | ast.Name() | ast.Attribute() | ast.Subscript() | ast.Lambda():
            return True
        case ast.Tuple(elts=items):
            return all(read_only(item) for item in items)
        case ast.BinOp(left=left, right=right):
            return read_only(left) and read_only(right)
        case ast.IfExp(body=body, orelse=orelse):
            return read_only(body) and read_only(orelse)
        case ast.Call(func=func, args=args):
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MUTABLE_MAKERS:
                return False
            if name in READ_ONLY_WRAPPERS:
                return all(_contents_read_only(arg) for arg in args)
            return True  # any other call (re.compile, Path, Blueprint, Problem): not a container it fills
        case _:
            return False  # dict, list and set displays and comprehensions, and anything not foreseen


def _contents_read_only(node: ast.expr) -> bool:
    """A read-only wrapper's argument: a display whose members are read-only (it is copied, so it may be a dict)."""
    match node:
        case ast.Dict(values=values):
            return all(read_only(value) for value in values)  # a `**name` entry has key None: its value is a Name
        case ast.Set(elts=items) | ast.List(elts=items):
            return all(read_only(item) for item in items)
        case _:
            return read_only(node)


def module_values(tree: ast.Module) -> list[tuple[int, str, ast.expr | None]]:
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            name = ", ".join(ast.unparse(target) for target in statement.targets)
            found.append((statement.lineno, name, statement.value))
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            found.append((statement.lineno, ast.unparse(statement.target), statement.value))
    return found


def cached_functions(tree: ast.Module) -> list[str]:
    def cached(decorator: ast.expr) -> bool:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return ast.unparse(target).split(".")[-1] in {"cache", "lru_cache", "cached_property"}

    return [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(map(cached, node.decorator_list))
    ]


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(WEB)) for p in MODULES])
def test_every_module_level_value_of_the_web_layer_is_read_only(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shared = [f"{path.name}:{line} {name}" for line, name, value in module_values(tree) if not read_only(value)]
    assert not shared, f"module-level values a request could change: {shared}"


def test_every_cache_of_the_web_layer_hands_out_only_what_every_request_may_share():
    found = {
        (str(path.relative_to(WEB)), name) for path in MODULES for name in cached_functions(ast.parse(path.read_text()))
    }
    assert found == set(CACHES), "a cache was added or removed: say in CACHES why its results may be shared"


@pytest.mark.parametrize(
    "source",
    [
        "HEADERS = {'A': 'b'}",
        "NAMES = ['a']",
        "SEEN = set()",
        "SEEN: set[str] = {'a'}",
        "BY_ID = dict(a=1)",
        "WORDS = {k: v for k, v in ()}",
        "PRIVATE = MappingProxyType({'Vary': []})",
        "ROUTES = frozenset([[]])",
        "CACHE = collections.defaultdict(list)",
    ],
)
def test_the_scan_finds_shared_mutable_values(source):
    [(_, _, value)] = module_values(ast.parse(source))
    assert not read_only(value)


@pytest.mark.parametrize(
    "source",
    [
        "HEADERS = MappingProxyType({**SECURITY_HEADERS, 'Content-Type': HTML})",
        "ROUTES = frozenset({'/healthz'})",
        "CSP = '; '.join(['a', 'b'])",
        "PAIRS = (('a', 'b'), ('c', N_('d')))",
        "MAX = 16 * 1024",
        "DIR = Path(__file__).parent / 'static'",
    ],
)
def test_the_scan_accepts_read_only_values(source):
    [(_, _, value)] = module_values(ast.parse(source))
    assert read_only(value)
