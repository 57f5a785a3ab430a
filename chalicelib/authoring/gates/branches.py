"""The texts a rule's template can render, read from its syntax tree (Jinja's own parser, the engine's syntax)
rather than by rendering it, so that every branch counts, even one no answer set reaches yet, and no two
branches of one `{% if %}` are ever read as one run-on text.

- `renderings`: every combination of branches, each a text a parent may read (for the sentence by sentence
  gates: the hardest combination must pass);
- `branchwise`: the first branch of every `{% if %}`, then the second, and so on (an `{% if %}` with fewer
  branches keeps its last, the empty one when it has no `else`), so that each branch's words count about once
  (for the score of an assessment as a whole).

A value put in with `{{ ... }}` is known only with answers, so it is left out (a literal `{{ 'text' }}` is kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jinja2 import Environment, nodes

from chalicelib.core.engine import is_template

MAX_RENDERINGS = 1024  # ten independent {% if %} in one text: past this, split the text into items or rules
_PARSER = Environment()  # the engine's syntax (its sandbox matters only when rendering)
_EVERY = -1  # `_texts`'s choice: every combination of branches


class TooManyRenderings(ValueError):
    """A text with more combinations of branches than MAX_RENDERINGS."""


def renderings(source: str) -> list[str]:
    """Each text `source` can render (whitespace collapsed, as a reader sees it); a plain text is itself."""
    if not is_template(source):
        return [" ".join(source.split())]
    return _collapsed(_texts(_PARSER.parse(source).body, _EVERY))


def branchwise(source: str) -> list[str]:
    """The texts made of the first branch of every `{% if %}` in `source`, then of the second, and so on."""
    if not is_template(source):
        return [" ".join(source.split())]
    tree = _PARSER.parse(source)
    widest = max((len(_branches(node)) for node in tree.find_all((nodes.If, nodes.For))), default=1)
    return _collapsed(text for choice in range(widest) for text in _texts(tree.body, choice))


def _texts(body: Sequence[nodes.Node], choice: int) -> list[str]:
    texts = [""]
    for node in body:
        texts = _distinct(text + rest for text in texts for rest in _node_texts(node, choice))
        if len(texts) > MAX_RENDERINGS:
            raise TooManyRenderings(f"can render in more than {MAX_RENDERINGS:,} ways: split it into several items")
    return texts


def _node_texts(node: nodes.Node, choice: int) -> list[str]:
    if isinstance(node, nodes.TemplateData):
        return [node.data]
    if isinstance(node, nodes.Const):
        return [str(node.value)]
    if isinstance(node, nodes.Output):
        return _texts(node.nodes, choice)
    if isinstance(node, (nodes.If, nodes.For)):
        branches = _branches(node)
        chosen = branches if choice == _EVERY else [branches[min(choice, len(branches) - 1)]]
        return _distinct(text for body in chosen for text in _texts(body, choice))
    body = getattr(node, "body", None)
    return _texts(body, choice) if isinstance(body, list) else [""]  # an expression: known only with answers


def _branches(node: nodes.If | nodes.For) -> list[list[nodes.Node]]:
    """An `{% if %}`'s bodies, its `elif`s' and its `else` (empty without one: no test holds); a loop's text once,
    or its `else`."""
    if isinstance(node, nodes.For):
        return [node.body, node.else_]
    return [node.body, *(branch.body for branch in node.elif_), node.else_]


def _collapsed(texts: Iterable[str]) -> list[str]:
    return _distinct(" ".join(text.split()) for text in texts)


def _distinct(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))
