"""The cache headers against a real shared cache: Debian's nginx (proxy_cache) in front of `make run`'s server.

A realistic mix per 100 partner page views: 100 loader fetches, 40 frames (each with the files it links: none
since the frame carries its stylesheet and script), 25 completed POSTs, 10 site pages (with their static files)
and 5 API reads, each from a new visitor (no browser cache), so every request reaches the shared cache. Figures:
the share of requests that reach the app, steady and with a content publish in the middle; no content older than
the TTL after a publish; no POST ever answered by the cache. `python -m tests.benchmarks.run cache` runs this alone.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).resolve().parent / "nginx-cache.conf"
SEED = "how-to-ask-for-a-second-opinion"
ANSWERS = {
    "reason": "want-specialist",
    "red-flags": ["none"],
    "right-now": "not-worse",
    "treatment": "time-to-plan",
    "comfort": "comfortable",
    "needs": ["none"],
    "age": "school-age",
    "ready": "sure",
}
REVALIDATE_SECONDS = 2  # make run's CONTENT_REVALIDATE_SECONDS: the app sees a publish within this
PROMISE_BEFORE = "Nothing you pick is stored."
PROMISE_AFTER = "Nothing you pick is ever stored."

PUBLISH_CHILD = r"""
import os, sys
from pathlib import Path
from chalicelib.authoring.localrun import LOCAL_BUCKET, LOCAL_PREFIX, local_environment
os.environ.update(local_environment(int(sys.argv[1])))
from chalicelib.authoring.publishing import publish
from chalicelib.authoring.source import load_folder
from chalicelib.runtime.provider import s3_client
from chalicelib.authoring.store_writers import S3Writer
bundle = load_folder(Path(sys.argv[2]))
publish(S3Writer(s3_client, LOCAL_BUCKET, LOCAL_PREFIX), bundle)
print(bundle.version)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's nginx for the cache benchmark", file=sys.__stderr__, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env, timeout=600)
        return shutil.which("nginx") or "/usr/sbin/nginx"
    raise RuntimeError("nginx not found (apt-get install nginx, as root)")


def wait_for(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {seconds} s")


def content_ttl() -> int:
    from chalicelib.web import caching

    return int(re.search(r"max-age=(\d+)", caching.CONTENT)[1])


class Client:
    """One keep-alive connection to the cache; each answer as (kind, status, X-Cache, version, body)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                answer = self.connection.getresponse()
                data = answer.read()
                return answer.status, answer.getheader("X-Cache") or "", answer.getheader("X-Content-Version"), data
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def the_mix(client: Client) -> list[tuple[str, str, str]]:
    """(kind, method, path) for 100 partner page views, shuffled with a fixed seed."""
    frame = f"/embed/{SEED}?partner=demo&locale=en"
    frame_html = client.send("GET", frame)[3].decode()
    frame_files = re.findall(r'(?:src|href)="(/static/[^"]+)"', frame_html)
    page = f"/assessments/{SEED}"
    page_files = re.findall(r'(?:src|href)="(/static/[^"]+)"', client.send("GET", page)[3].decode())
    assert page_files, "the page links its files"
    mix = [("loader", "GET", "/widget.js")] * 100
    for _ in range(40):
        mix += [("frame", "GET", frame)] + [("frame files", "GET", f) for f in frame_files]
    mix += [("summary POST", "POST", f"/v1/assessments/{SEED}/responses")] * 25
    site = ["/", page, page, page, "/categories/hospital-procedures-and-medical-anxiety", "/", page, page, "/", page]
    for path in site:
        mix += [("site page", "GET", path)] + [("site files", "GET", f) for f in page_files]
    mix += [("api GET", "GET", "/v1/library"), ("api GET", "GET", f"/v1/assessments/{SEED}")] * 2
    mix += [("api GET", "GET", "/v1/assessments?category=hospital-procedures-and-medical-anxiety")]
    random.Random(15).shuffle(mix)
    return mix


def replay(client: Client, mix, app_log: Path, *, until=None, pace: float = 0.0, on_tick=None):
    """Send the mix (again and again while `until()` holds); return the answers and the requests the app saw."""
    seen_before = _app_requests(app_log)
    answers = []
    body = json.dumps({"answers": ANSWERS}).encode()
    post_headers = {"Content-Type": "application/json", "Origin": "http://localhost:8000"}
    rounds = 0
    while True:
        for kind, method, path in mix:
            sent = time.monotonic()
            if method == "POST":
                status, cache, version, data = client.send(method, path, body, post_headers)
            else:
                status, cache, version, data = client.send(method, path)
            answers.append((sent, kind, method, path, status, cache, version, data))
            if on_tick:
                on_tick()
            if pace:
                time.sleep(pace)
        rounds += 1
        if until is None or not until() or rounds >= 1000:  # bounded
            break
    time.sleep(0.3)  # background revalidations finish and reach the log
    return answers, _app_requests(app_log) - seen_before


def _app_requests(app_log: Path) -> Counter:
    """Requests the app answered so far, by method, from make run's access log (one line per request)."""
    found = Counter()
    for line in app_log.read_text(errors="replace").splitlines():
        match = re.search(r'(?:^|[\s"])(GET|HEAD|POST|OPTIONS) /', line)
        if match:
            found[match[1]] += 1
    return found


def cache_benchmark(row) -> None:
    """Report through `row(what, figure, reference, verdict)`; starts and stops everything it needs."""
    nginx = nginx_binary()
    ttl = content_ttl()
    with tempfile.TemporaryDirectory(prefix="cache-bench-") as temp:
        temp = Path(temp)
        content = temp / "content"
        shutil.copytree(ROOT / "content", content)
        app_port, s3_port, port = free_port(), free_port(), free_port()
        app_log = temp / "app.log"
        env = {
            **os.environ,
            "PORT": str(app_port),
            "S3_PORT": str(s3_port),
            "CONTENT_DIR": str(content),
            "SITE_URL": f"http://127.0.0.1:{app_port}",
        }
        with open(app_log, "w") as log, open(temp / "app.out", "w") as out:
            app = subprocess.Popen(
                [sys.executable, "-m", "chalicelib.authoring.localrun"], cwd=ROOT, env=env, stdout=out, stderr=log
            )
        config = TEMPLATE.read_text()
        for name, value in {
            "user": "user root;" if os.geteuid() == 0 else "",
            "temp": str(temp),
            "port": str(port),
            "app_port": str(app_port),
        }.items():
            config = config.replace("{" + name + "}", value)
        (temp / "nginx.conf").write_text(config)
        proxy = None
        try:
            wait_for(app_port, "/healthz")
            proxy = subprocess.Popen(
                [nginx, "-p", str(temp), "-c", str(temp / "nginx.conf"), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for(port, "/healthz")
            client = Client(port)
            mix = the_mix(client)

            # 1. Steady: the mix three times through a cold cache, then counted on a warm one.
            replay(client, mix, app_log)
            answers, reached = replay(client, mix * 3, app_log)
            _report(row, "steady, warm cache", answers, reached, ttl)

            # 2. A publish in the middle: replay paced for the TTL and more; the new content must be everywhere
            # TTL + the app's revalidation interval after the publish.
            (content / "library.yaml").write_text(
                (content / "library.yaml").read_text().replace(PROMISE_BEFORE, PROMISE_AFTER)
            )
            started = time.monotonic()
            published: dict[str, float | str] = {}

            def publish_once() -> None:
                if not published and time.monotonic() - started > 5:
                    done = subprocess.run(
                        [sys.executable, "-c", PUBLISH_CHILD, str(s3_port), str(content)],
                        cwd=ROOT,
                        capture_output=True,
                        text=True,
                        check=True,
                        timeout=120,
                    )
                    published.update(at=time.monotonic(), version=done.stdout.strip().splitlines()[-1])

            def until() -> bool:
                return not published or time.monotonic() < published["at"] + ttl + REVALIDATE_SECONDS + 8

            answers, reached = replay(client, mix, app_log, until=until, pace=0.004, on_tick=publish_once)
            origin = Client(app_port)  # what the app serves now, past the cache: the published content
            published["bodies"] = {path: origin.send("GET", path)[3] for _, method, path in mix if method == "GET"}
            _report(row, "a publish in the middle", answers, reached, ttl, published)
        finally:
            for process in (proxy, app):
                if process is not None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()


CONTENT_KINDS = {"frame", "site page", "api GET"}  # bodies made from content (the loader and files are not)


def _report(row, what, answers, reached: Counter, ttl: int, published: dict | None = None) -> None:
    total = len(answers)
    app_total = sum(reached.values())
    posts = sum(1 for a in answers if a[2] == "POST")
    post_statuses = Counter(a[4] for a in answers if a[2] == "POST")
    posts_from_cache = sum(1 for a in answers if a[2] == "POST" and a[5] in {"HIT", "STALE", "UPDATING"})
    assert post_statuses == Counter({200: posts}), post_statuses
    by_kind = Counter(a[1] for a in answers)
    from_cache = Counter(a[1] for a in answers if a[5] in {"HIT", "STALE", "UPDATING"})
    verdict = f"POSTs answered by the cache: {posts_from_cache}; POSTs the app saw: {reached['POST']} of {posts}"
    stale: list = []
    if published:
        fresh_after = published["at"] + ttl + REVALIDATE_SECONDS
        # Stale: a body other than the one the app serves for the published version. (A 304 revalidation keeps
        # the stored headers in nginx, so X-Content-Version can lag on a body that did not change.)
        bodies = published["bodies"]
        late = [a for a in answers if a[2] == "GET" and a[0] > fresh_after]
        stale = [a for a in late if a[7] != bodies[a[3]]]
        changed = {path for path, body in bodies.items() if any(a[3] == path and a[7] != body for a in answers)}
        new = [a[0] - published["at"] for a in answers if a[3] in changed and a[7] == bodies[a[3]]]
        old = [a[0] - published["at"] for a in answers if a[3] in changed and a[7] != bodies[a[3]]]
        homes = [a for a in answers if a[3] == "/" and a[0] > fresh_after]
        assert all(PROMISE_AFTER.encode() in a[7] for a in homes), "the home page shows the published promise"
        verdict += (
            f"; answers older than the TTL ({ttl} s + {REVALIDATE_SECONDS} s revalidation) after the publish: "
            f"{len(stale)} of {len(late)}; {len(changed)} changed addresses: new content from +{min(new):.1f} s,"
            f" old content until +{max(old):.1f} s"
        )
    sound = posts_from_cache == 0 and reached["POST"] == posts and not (published and stale)
    verdict = ("ok: " if sound else "FAILED: ") + verdict
    row(
        f"shared cache (nginx proxy_cache): requests reaching the app, {what}",
        f"{app_total / total:.1%} ({app_total:,} of {total:,} requests)",
        f"no shared cache: 100%; the POSTs alone, never cacheable: {posts / total:.1%}",
        verdict,
    )
    detail = ", ".join(
        f"{kind} {1 - from_cache[kind] / count:.0%} of {count}" for kind, count in sorted(by_kind.items())
    )
    row(f"shared cache: reaching the app by kind, {what}", detail, "by X-Cache: not HIT, STALE or UPDATING")
