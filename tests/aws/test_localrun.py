"""`make run`'s server: real app, S3 code path against moto, keep-alive, a clean stop on Ctrl-C."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.conftest import SEED


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def running():
    port, s3_port = free_port(), free_port()
    env = {**os.environ, "PORT": str(port), "S3_PORT": str(s3_port), "PYTHONUNBUFFERED": "1"}
    env.pop("CONTENT_SOURCE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "chalicelib.authoring.localrun"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    yield process, port, "".join(lines)
    if process.poll() is None:
        process.kill()
        process.wait()


def test_it_prints_the_urls_to_open(running):
    _, port, banner = running
    assert f"http://127.0.0.1:{port}/v1/library" in banner
    assert "S3 mocked by moto" in banner


def test_it_serves_content_through_the_s3_code_path(running, bundle):
    _, port, banner = running
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/healthz")
    health = json.loads(connection.getresponse().read())
    assert health["content_version"] == bundle.version
    assert f"content {bundle.version}" in banner


def test_one_connection_serves_many_requests(running):
    _, port, _ = running
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", f"/v1/assessments/{SEED}")
    first = connection.getresponse()
    first.read()
    sock = connection.sock
    for _ in range(5):
        connection.request(
            "POST", f"/v1/assessments/{SEED}/responses", body="{", headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        assert response.status == 400
    assert connection.sock is sock, "the server closed a keep-alive connection"


def test_it_stops_cleanly_on_ctrl_c(running):
    process, _, _ = running
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    assert "Stopped." in process.stdout.read()
