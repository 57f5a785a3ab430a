"""The publishing commands against `make run`'s local S3, as the docs write them."""

from __future__ import annotations

import socket
import subprocess
import sys

from chalicelib.authoring.cli.publishing import LOCAL_S3_PORT
from chalicelib.authoring.source import REPO_CONTENT


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
