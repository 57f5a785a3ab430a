"""The core decides what a summary shows and hands it over (issue 22): no template or script of the web layer or
the widget names a red-flag option, a phone number or a summary ordering rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from chalicelib.authoring.source import REPO_CONTENT

ROOT = Path(__file__).resolve().parents[2]
RENDERERS = sorted(
    [*(ROOT / "chalicelib" / "web" / "templates").glob("*.html"), *(ROOT / "widget").glob("*.js")]
    + [ROOT / "chalicelib" / "web" / "static" / "site-print.js"]
)
SCREEN = yaml.safe_load((REPO_CONTENT / "shared" / "red-flags.yaml").read_text(encoding="utf-8"))
SIGNS = [o["id"] for o in SCREEN["question"]["options"] if o["id"] != "none"]
NUMBERS = sorted({call["number"] for action in SCREEN["actions"] for call in action["calls"]})
ORDERING = re.compile(r"""['"](urgent|plan)['"]|indexOf\(\w+\.role\)|selectattr\(["']role["']""")


def named(pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in RENDERERS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_the_renderers_are_found():
    assert len(RENDERERS) > 10 and any(p.name == "questionnaire.js" for p in RENDERERS)


@pytest.mark.parametrize("sign", SIGNS)
def test_no_renderer_names_a_red_flag(sign):
    assert named(re.compile(rf"""['"=]{re.escape(sign)}['"]|data-flag""")) == []


@pytest.mark.parametrize("number", NUMBERS)
def test_no_renderer_names_a_number_to_call(number):
    spelled = "[^0-9]?".join(re.escape(digit) for digit in number)  # 1-800-222-1222 as well as 18002221222
    assert named(re.compile(rf"(?<![0-9]){spelled}(?![0-9])|tel:|sms:")) == []


def test_no_renderer_orders_the_summary():
    assert named(ORDERING) == []
