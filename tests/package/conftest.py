"""The package step, run once for every test of the package (it takes about a minute)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHALICE = ROOT / ".chalice"


@pytest.fixture(scope="session")
def packaged(tmp_path_factory):
    out = tmp_path_factory.mktemp("package") / "prod"
    done = subprocess.run(
        [str(CHALICE / "package.sh"), "prod", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "BIN": str(Path(sys.executable).parent)},
    )
    assert done.returncode == 0, done.stdout + done.stderr  # includes cfn-lint's and checkov's verdicts
    (out / "package.log").write_text(done.stdout + done.stderr)
    return out
