"""`make run`'s server: real app, S3 code path against moto, keep-alive, a clean stop on Ctrl-C."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

from chalicelib.authoring.localrun import ROOT, SERVERS_DIR
from chalicelib.authoring.localrun import running as running_server
from tests.conftest import SEED
from tests.content.test_cli_editing import SMALL, content_folder


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


def test_publish_local_finds_the_server_whatever_its_port_and_it_serves_what_was_published(running, tmp_path):
    process, port, _ = running  # started on free ports, as `PORT=... make run` would be
    content = content_folder(tmp_path, {SMALL: []})  # one assessment: a new version, gated in seconds
    command = [sys.executable, "-m", "chalicelib.authoring", "publish", "--local", "--content", str(content)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, env={})
    assert done.returncode == 0, done.stdout + done.stderr
    version = re.search(r"current\.json now points at ([0-9a-f]{16}) \(was [0-9a-f]{16}\)", done.stdout).group(1)
    deadline = time.monotonic() + 20  # the server revalidates its content every 2 s
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz")
        if json.loads(connection.getresponse().read())["content_version"] == version:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"the server on port {port} never served {version}")


def test_a_record_of_a_server_that_is_gone_is_not_used(running):
    process, port, _ = running
    gone = SERVERS_DIR / "999999999.json"  # no such process
    gone.write_text(json.dumps({"pid": 999999999, "port": 1, "s3_port": 2}))
    assert running_server()["port"] == port and not gone.exists()


def test_it_stops_cleanly_on_ctrl_c(running):
    process, _, _ = running
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    assert "Stopped." in process.stdout.read()
    assert not (SERVERS_DIR / f"{process.pid}.json").exists(), "a stopped server leaves no record of its port"
