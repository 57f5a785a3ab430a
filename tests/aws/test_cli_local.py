"""The publishing commands against `make run`'s local S3, as the docs write them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from chalicelib.authoring.cli.publishing import LOCAL_S3_PORT
from chalicelib.authoring.source import REPO_CONTENT
from tests.content.test_cli_editing import SMALL, content_folder


def run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "chalicelib.authoring", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO_CONTENT.parent, env={})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_rollback_local_version_reads_as_written_and_a_missing_local_s3_is_one_line_naming_the_port():
    port = free_port()  # nothing listens here
    done = run("rollback", "--local-port", str(port), "0123456789abcdef")
    assert done.returncode == 1
    expected = f"no local S3 on port {port}: start it with `make run` in another terminal, then try again"
    assert done.stdout.strip() == expected
    assert "Traceback" not in done.stderr


def test_local_alone_means_make_runs_default_port_and_takes_the_version_after_it():
    done = run("rollback", "--local", "0123456789abcdef", "--dry-run")
    # `--local VERSION` used to fail with "argument --local: invalid int value"; now it is the default port.
    assert "invalid int value" not in done.stderr
    if done.returncode == 1:  # no `make run` going on this machine: the one line, naming the default port
        assert f"no local S3 on port {LOCAL_S3_PORT}" in done.stdout and "Traceback" not in done.stderr


IMPORTED = """
import importlib.metadata, json, runpy, sys
sys.argv = ["python -m chalicelib.authoring", *sys.argv[1:]]
try:
    runpy.run_module("chalicelib.authoring", run_name="__main__")
except SystemExit:
    pass
distributions = importlib.metadata.packages_distributions()
print(json.dumps(sorted({d for name in list(sys.modules) for d in distributions.get(name.split(".")[0], ())})))
"""


def run_group() -> set[str]:
    """The distributions `make run` installs: pyproject.toml's run group and everything they require."""
    groups = tomllib.loads((REPO_CONTENT.parent / "pyproject.toml").read_text())["dependency-groups"]

    def listed(group: str) -> Iterator[Requirement]:
        for item in groups[group]:
            yield from listed(item["include-group"]) if isinstance(item, dict) else [Requirement(item)]

    wanted, found = list(listed("run")), set()
    while wanted:
        requirement = wanted.pop()
        for extra in {"", *requirement.extras}:
            if (canonicalize_name(requirement.name), extra) in found:
                continue
            found.add((canonicalize_name(requirement.name), extra))
            for needed in map(Requirement, metadata.requires(requirement.name) or ()):
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    wanted.append(needed)
    return {name for name, _ in found}


def test_the_editors_commands_need_nothing_make_run_does_not_install(tmp_path):
    """After `make run` alone, validate, preview, paths and publish import only the run group (textstat included)."""
    content = str(content_folder(tmp_path, {SMALL: []}))
    installed = run_group()
    for command in (
        ["validate", "--content", content],
        ["preview", SMALL, "-a", "red-flags=none", "--content", content],
        ["paths", "--stats", "--content", content],
        ["publish", "--local-port", str(free_port()), "--content", content],
    ):
        done = subprocess.run([sys.executable, "-c", IMPORTED, *command], capture_output=True, text=True, timeout=300)
        imported = {canonicalize_name(name) for name in json.loads(done.stdout.splitlines()[-1])}
        assert "textstat" in imported or command[0] == "preview"
        assert imported <= installed, f"{command[0]} imports {sorted(imported - installed)}, not in the run group"
