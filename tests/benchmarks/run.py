"""`make bench`: one table of figures, each against a reference measured in the same run.

These machines are shared and noisy, so every timing is a ratio to something measured alongside it.
Timing targets are reported here (from tests/budgets.py), never asserted in tests.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from chalicelib.web.models.requests import ResponseRequest
from tests import budgets
from tests.benchmarks.events import LambdaContext, proxy_event

ROOT = Path(__file__).resolve().parents[2]
SEED = "how-to-ask-for-a-second-opinion"
ANSWERS = ResponseRequest.model_config["json_schema_extra"]["examples"][0]["answers"]  # the documented example
rows: list[tuple[str, str, str, str]] = []


def row(what: str, figure: str, reference: str, verdict: str = "") -> None:
    rows.append((what, figure, reference, verdict))
    print(f"  measured: {what}: {figure}", file=sys.__stderr__, flush=True)


def target(ratio: float, limit: float) -> str:
    return f"{ratio:.2f}x (target <= {limit}x) {'MET' if ratio <= limit else 'MISSED'}"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def timed(call, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


# --- cold start -------------------------------------------------------------------------------------

COLD_CHILD = r"""
import json, sys, time
start = time.perf_counter()
which = sys.argv[1]
if which == "ours":
    from app import app
    slug = sys.argv[2]
    resource, params = "/v1/assessments/{slug}/responses", {"slug": slug}
    path = "/v1/assessments/" + slug + "/responses"
else:
    from tests.benchmarks.minimal_app import app
    resource, path, params = "/things/{slug}/responses", "/things/x/responses", {"slug": "x"}
from tests.benchmarks.events import LambdaContext, proxy_event
boto3_before = "boto3" in sys.modules
answer = app(proxy_event("POST", resource, path, params, body={"answers": json.loads(sys.argv[3])}), LambdaContext())
elapsed = (time.perf_counter() - start) * 1000
assert answer["statusCode"] == 200, answer
print(json.dumps({"ms": elapsed, "boto3_at_import": boto3_before, "boto3_after": "boto3" in sys.modules}))
"""


def _child(code: str, *args: str, cwd: Path = ROOT, env: dict[str, str], python_flags: tuple[str, ...] = ()) -> dict:
    """Run `code` in a new Python process; return the JSON object it prints last (after the app's log lines)."""
    out = subprocess.run(
        [sys.executable, *python_flags, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(runs: int = 15) -> None:
    env = {**os.environ, **budgets.COLD_START_ENV, "PYTHONDONTWRITEBYTECODE": "0"}
    ours, floor = [], []
    for _ in range(runs):  # alternate, so drift in machine load hits both alike
        for which, into in (("ours", ours), ("minimal", floor)):
            into.append(_child(COLD_CHILD, which, SEED, json.dumps(ANSWERS), env=env))
    ours_ms = statistics.median(r["ms"] for r in ours)
    floor_ms = statistics.median(r["ms"] for r in floor)
    row(
        f"cold start: import + first POST (median of {runs})",
        f"{ours_ms:.0f} ms",
        f"minimal Chalice app {floor_ms:.0f} ms",
        target(ours_ms / floor_ms, budgets.COLD_START_MAX_RATIO),
    )


def cold_s3_requests() -> None:
    """S3 requests a cold instance makes before its first answer, and when boto3 is first imported."""
    import boto3  # noqa: F401 - the benchmark process itself may import boto3
    from moto import mock_aws

    from chalicelib.authoring.publishing import publish
    from chalicelib.authoring.source import load_folder
    from chalicelib.authoring.store_writers import S3Writer
    from chalicelib.runtime import provider

    os.environ.update({"AWS_ACCESS_KEY_ID": "b", "AWS_SECRET_ACCESS_KEY": "b", "AWS_DEFAULT_REGION": "us-east-1"})
    with mock_aws():
        provider.reset()
        provider.s3_client().create_bucket(Bucket="bench")
        publish(S3Writer(provider.s3_client, "bench", "content"), load_folder(ROOT / "content"))
        provider.reset()
        calls: list[str] = []
        os.environ.update({"CONTENT_SOURCE": "s3", "CONTENT_BUCKET": "bench", "CONTENT_PREFIX": "content"})
        client = provider.s3_client()
        client.meta.events.register("before-call.s3", lambda model, **_: calls.append(model.name))
        from app import app

        answer = app(proxy_event("POST", *_post_route(), body={"answers": ANSWERS}), LambdaContext())
        assert answer["statusCode"] == 200, answer
        for key in ("CONTENT_SOURCE", "CONTENT_BUCKET", "CONTENT_PREFIX"):
            os.environ.pop(key)
        provider.reset()
    verdict = "MET" if len(calls) <= budgets.COLD_S3_REQUESTS_MAX else "MISSED"
    row(
        "cold start: S3 requests before the first answer",
        f"{len(calls)} ({', '.join(calls)})",
        "-",
        f"target {budgets.COLD_S3_REQUESTS_MAX} {verdict}",
    )
    child = subprocess.run(
        [sys.executable, "-c", "import sys, app; print('boto3' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    lazy = child.stdout.strip() == "False"
    row("cold start: boto3 imported by importing the app", "no" if lazy else "yes", "-", "MET" if lazy else "MISSED")


ZIP_CHILD = r"""
import json, os, sys, time
start = time.perf_counter()
sys.path.insert(0, os.getcwd())
from app import app
from tests_events import LambdaContext, proxy_event
slug, answers = sys.argv[1], json.loads(sys.argv[2])
event = proxy_event("POST", "/v1/assessments/{slug}/responses", f"/v1/assessments/{slug}/responses", {"slug": slug},
                    body={"answers": answers})
answer = app(event, LambdaContext())
elapsed = (time.perf_counter() - start) * 1000
assert answer["statusCode"] == 200, answer["statusCode"]
print(json.dumps({"ms": elapsed}))
"""


def cold_zip(runs: int = 7) -> None:
    """A cold start from the Lambda zip itself (`make package`), unpacked and run as Lambda would: the standard
    library and the zip only (python -S), no bytecode written. With the .pyc files the zip carries, against
    the same zip without them (what `chalice package` alone would ship)."""
    import shutil
    import tempfile
    import zipfile

    scratch = Path(tempfile.mkdtemp())
    try:
        subprocess.run(
            [str(ROOT / ".chalice" / "package.sh"), "dev", str(scratch / "package")],
            cwd=ROOT,
            env={**os.environ, "BIN": str(Path(sys.executable).parent)},
            capture_output=True,
            check=True,
        )
        folders = {}
        for kind in ("with", "without"):
            folder = folders[kind] = scratch / kind
            zipfile.ZipFile(scratch / "package" / "deployment.zip").extractall(folder)
            shutil.copy(ROOT / "tests" / "benchmarks" / "events.py", folder / "tests_events.py")
            if kind == "without":
                for cache in list(folder.rglob("__pycache__")):
                    shutil.rmtree(cache)
        env = {**budgets.COLD_START_ENV, "PYTHONDONTWRITEBYTECODE": "1", "PATH": os.environ["PATH"]}
        ms: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(runs):
            for kind, folder in folders.items():
                answer = _child(ZIP_CHILD, SEED, json.dumps(ANSWERS), cwd=folder, env=env, python_flags=("-S",))
                ms[kind].append(answer["ms"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    with_ms, without_ms = statistics.median(ms["with"]), statistics.median(ms["without"])
    row(
        f"cold start from the Lambda zip (python -S): import + first POST (median of {runs})",
        f"{with_ms:.0f} ms with the bytecode it carries",
        f"the same zip without bytecode {without_ms:.0f} ms",
        f"{with_ms / without_ms:.2f}x",
    )


def _post_route():
    return "/v1/assessments/{slug}/responses", f"/v1/assessments/{SEED}/responses", {"slug": SEED}


# --- warm handler -----------------------------------------------------------------------------------


def warm_handler(repeat: int = 2000) -> None:
    from app import app
    from tests.benchmarks.minimal_app import app as minimal

    context = LambdaContext()
    ours_post = proxy_event("POST", *_post_route(), body={"answers": ANSWERS})
    ours_get = proxy_event("GET", "/v1/assessments/{slug}", f"/v1/assessments/{SEED}", {"slug": SEED})
    floor_post = proxy_event(
        "POST", "/things/{slug}/responses", "/things/x/responses", {"slug": "x"}, {"answers": ANSWERS}
    )
    floor_get = proxy_event("GET", "/things/{slug}", "/things/x", {"slug": "x"})
    for event, handler in ((ours_post, app), (ours_get, app), (floor_post, minimal), (floor_get, minimal)):
        assert handler(event, context)["statusCode"] == 200
    samples = {name: [] for name in ("ours_post", "ours_get", "floor_post", "floor_get")}
    pairs = (
        ("ours_post", app, ours_post),
        ("floor_post", minimal, floor_post),
        ("ours_get", app, ours_get),
        ("floor_get", minimal, floor_get),
    )
    for _ in range(repeat // 100):  # interleave in blocks so load changes hit every series alike
        for name, handler, event in pairs:
            samples[name] += timed(lambda h=handler, e=event: h(e, context), 100)
    for kind, limit in (("post", budgets.WARM_POST_MAX_RATIO), ("get", budgets.WARM_GET_MAX_RATIO)):
        p50, p99 = percentiles(samples[f"ours_{kind}"])
        f50, f99 = percentiles(samples[f"floor_{kind}"])
        label = "POST responses" if kind == "post" else "GET assessment (cached)"
        row(
            f"warm handler: {label}, p50 / p99",
            f"{p50:.3f} / {p99:.3f} ms",
            f"minimal app {f50:.3f} / {f99:.3f} ms",
            target(p50 / f50, limit),
        )
    return statistics.median(samples["ours_post"]), statistics.median(samples["ours_get"])


def engine_alone(repeat: int = 2000) -> None:
    from chalicelib.runtime.provider import current_catalog

    catalog = current_catalog()
    prepared = catalog.prepared(SEED)
    payload = json.dumps({"answers": ANSWERS})

    import orjson

    def engine():
        summary = prepared.summarize(prepared.check(json.loads(payload)["answers"]), "en")
        return orjson.dumps(summary)

    summary_json = engine()

    def floor():
        json.loads(payload)
        return json.dumps(json.loads(summary_json))

    ours, ref = [], []
    for _ in range(repeat // 100):
        ours += timed(engine, 100)
        ref += timed(floor, 100)
    e50, f50 = statistics.median(ours), statistics.median(ref)
    row(
        "engine alone: check answers + summarize + JSON, p50",
        f"{e50 * 1000:.0f} us",
        f"json.loads + json.dumps of the same payloads {f50 * 1000:.0f} us",
        f"{e50 / f50:.1f}x",
    )


# --- local server -----------------------------------------------------------------------------------


def local_server(requests: int = 400) -> None:
    from app import app
    from chalicelib.authoring.localrun import make_server

    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    port = server.server.server_address[1]
    path = f"/v1/assessments/{SEED}"

    def keep_alive() -> float:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        start = time.perf_counter()
        for _ in range(requests):
            connection.request("GET", path)
            connection.getresponse().read()
        connection.close()
        return requests / (time.perf_counter() - start)

    def new_connections() -> float:
        start = time.perf_counter()
        for _ in range(requests):
            connection = http.client.HTTPConnection("127.0.0.1", port)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
        return requests / (time.perf_counter() - start)

    kept, fresh = keep_alive(), new_connections()
    server.server.shutdown()
    server.server.server_close()
    row(
        "local server: GET assessment, requests/s",
        f"keep-alive {kept:.0f}/s",
        f"new connection each time {fresh:.0f}/s",
        "no Nagle stall" if kept >= fresh else "keep-alive slower: Nagle stall?",
    )


# --- widget bytes ---------------------------------------------------------------------------------


def widget_bytes() -> None:
    from chalice.test import Client

    from app import app
    from tests import sizes

    with Client(app, stage_name="test") as client:
        loader = sizes.loader(client)
        first = sizes.first_question(client)
    loader_gz = sizes.on_the_wire(["/widget.js"])["/widget.js"]
    first_raw = sum(len(b) for b in first.values())
    first_gz = sum(sizes.on_the_wire(first).values())
    typeform = budgets.TYPEFORM_EMBED_LOADER_GZIP
    row(
        "widget bytes: loader /widget.js, raw / on the wire (gzip, from make run's server)",
        f"{len(loader):,} / {loader_gz:,} B",
        f"budget {budgets.LOADER_GZIP_MAX:,} B gzip; Typeform's embed loader {typeform:,} B gzip",
        f"{loader_gz / budgets.LOADER_GZIP_MAX:.0%} of budget, {typeform / loader_gz:.1f}x smaller than Typeform",
    )
    row(
        f"widget bytes: everything for the first question ({len(first)} files), raw / on the wire",
        f"{first_raw:,} / {first_gz:,} B",
        f"budget {budgets.FIRST_QUESTION_GZIP_MAX:,} B gzip",
        f"{first_gz / budgets.FIRST_QUESTION_GZIP_MAX:.0%} of budget",
    )


# --- browser timings --------------------------------------------------------------------------------

INSERT_WIDGET = """([src, slug]) => new Promise((done) => {
  const start = performance.now();
  window.insertedAt = start;
  document.addEventListener('assessment-library:ready', () => done(performance.now() - start), { once: true });
  const tag = document.createElement('script');
  tag.src = src; tag.async = true; tag.dataset.assessment = slug; tag.dataset.partner = 'demo';
  document.body.append(tag);
})"""
INSERT_FRAME = """(src) => new Promise((done) => {
  const start = performance.now();
  const frame = document.createElement('iframe');
  frame.addEventListener('load', () => done(performance.now() - start), { once: true });
  frame.src = src;
  document.body.append(frame);
})"""
SUBMIT = """() => new Promise((done) => {
  const summary = document.querySelector('#summary');
  const start = performance.now();
  const seen = () => summary.querySelector('h2') && !summary.hidden;
  new MutationObserver((_, observer) => {
    if (seen()) { observer.disconnect(); requestAnimationFrame(() => done(performance.now() - start)); }
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
  document.querySelector('#next').click();
})"""
# Where the first question's time went, read after the fact from the Performance API of the host page and of the
# frame (their clocks joined by timeOrigin): ms from the script tag's insertion, for the breakdown row.
HOST_TIMES = """() => {
  const at = (entry, name) => entry[name] - insertedAt;
  const loader = performance.getEntriesByType('resource').find((r) => r.name.includes('/widget.js'));
  const frame = performance.getEntriesByType('resource').find((r) => r.initiatorType === 'iframe');
  const origin = performance.timeOrigin + insertedAt;
  return { origin, loader: at(loader, 'responseEnd'), frame: at(frame, 'startTime') };
}"""
FRAME_TIMES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const files = performance.getEntriesByType('resource');
  const asked = files.length ? Math.min(...files.map((r) => r.startTime)) : null; // none: it carries them
  const loaded = files.length ? Math.max(...files.map((r) => r.responseEnd)) : null;
  return { origin: performance.timeOrigin, response: nav.responseEnd, asked, loaded,
    parsed: nav.domInteractive, scripts: nav.domContentLoadedEventEnd, files: files.length };
}"""
PHASES = {
    "loader": "widget.js loaded",
    "frame": "frame created",
    "response": "frame page received",
    "asked": "its files asked",
    "parsed": "page parsed",
    "loaded": "its files loaded",
    "scripts": "scripts run",
}
STATIC_PAGE = "<!doctype html><html lang=en><title>Static</title><p>A static page, the floor for a framed page.</p>"


def browser_timings(runs: int = 10) -> None:
    import shutil

    from playwright.sync_api import sync_playwright

    from app import app
    from chalicelib.authoring.localrun import make_server
    from tests.browser.conftest import CHROMIUM_FLAGS
    from tests.browser.widget_host import HostServer

    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    ours = f"http://127.0.0.1:{server.server.server_address[1]}"
    http.client.HTTPConnection("127.0.0.1", server.server.server_address[1]).request("GET", "/healthz")  # load content
    host = HostServer()
    blank = host.page("/blank.html", "")
    static_frame = host.add("/static.html", STATIC_PAGE).replace("localhost", "127.0.0.1")  # another origin
    shown, submitted, reference, phases = [], [], [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
        for _ in range(runs):
            page = browser.new_page()
            page.goto(blank)
            reference.append(page.evaluate(INSERT_FRAME, static_frame))
            page.close()
            page = browser.new_page()
            page.goto(blank)
            shown.append(page.evaluate(INSERT_WIDGET, [f"{ours}/widget.js", SEED]))
            frame = page.locator("iframe").first.element_handle().content_frame()
            on_host, in_frame = page.evaluate(HOST_TIMES), frame.evaluate(FRAME_TIMES)
            files, shift = in_frame.pop("files"), in_frame.pop("origin") - on_host.pop("origin")
            for name, ms in {**on_host, **{k: v + shift for k, v in in_frame.items() if v is not None}}.items():
                phases.setdefault(name, []).append(ms)
            path = list(ANSWERS.items())
            for question, value in path:
                for option in [value] if isinstance(value, str) else value:
                    frame.locator(f'input[name="{question}"][value="{option}"]').check()
                if question != path[-1][0]:
                    frame.locator("#next").click()
                    frame.wait_for_selector(f'input[name="{path[path.index((question, value)) + 1][0]}"]')
            submitted.append(frame.evaluate(SUBMIT))
            page.close()
        browser.close()
    host.close()
    server.server.shutdown()
    server.server.server_close()
    floor = statistics.median(reference)
    for label, samples, limit in (
        ("insert script tag -> first question", shown, budgets.FIRST_QUESTION_MAX_RATIO),
        ("submit -> summary shown", submitted, None),
    ):
        ms = statistics.median(samples)
        row(
            f"browser (headless Chromium, median of {runs}): {label}",
            f"{ms:.0f} ms",
            f"static page framing a static HTML file {floor:.0f} ms",
            target(ms / floor, limit) if limit else f"{ms / floor:.1f}x",
        )
    row(
        f"browser: where the first question's time goes (ms from the script tag, medians; {files} frame files)",
        ", ".join(f"{label} {statistics.median(phases[name]):.0f}" for name, label in PHASES.items() if name in phases),
        f"ready {statistics.median(shown):.0f}",
    )


# --- content ----------------------------------------------------------------------------------------


def content_walk() -> None:
    from chalicelib.authoring.paths import answer_sets
    from chalicelib.authoring.source import load_folder
    from chalicelib.core.prepared import PreparedAssessment

    bundle = load_folder(ROOT / "content")
    start = time.perf_counter()
    count = 0
    for assessment in bundle.assessments:
        prepared = PreparedAssessment(assessment, content_version=bundle.version, disclaimer=bundle.library.disclaimer)
        for answers in answer_sets(assessment):
            prepared.summarize(answers, "en")
            count += 1
    elapsed = time.perf_counter() - start
    row(
        "content: summarize every answer set of every assessment",
        f"{count} sets in {elapsed:.1f} s",
        f"{elapsed / count * 1e6:.0f} us per set",
    )


# --- cost on paper ----------------------------------------------------------------------------------


def cost(post_ms: float, get_ms: float) -> None:
    """Lambda GB-seconds per million completed assessments: one GET (questionnaire) and one POST (summary) each.

    Lambda gives a function CPU in proportion to memory (a full core at 1,769 MB), so a handler measured on a
    full core here takes about 1769/M times longer at M MB; each invocation is billed in whole milliseconds.
    """
    for memory in (128, 256):
        scale = 1769 / memory
        billed_ms = math.ceil(post_ms * scale) + math.ceil(get_ms * scale)
        gb_seconds = 1_000_000 * billed_ms / 1000 * memory / 1024
        row(
            f"cost on paper: Lambda per million completed assessments at {memory} MB",
            f"{gb_seconds:,.0f} GB-s (${gb_seconds * 0.0000166667 + 2 * 0.20:,.2f} with requests)",
            f"{billed_ms} ms billed per assessment; S3: 2 GETs per cold start + 1 per revalidation interval",
        )


def cdn_cost() -> None:
    from tests.benchmarks.cost import cost_rows

    cost_rows(row)


def cache() -> None:
    from tests.benchmarks.cache import cache_benchmark

    cache_benchmark(row)


def scale() -> None:
    from tests.benchmarks.scale import scale_rows

    scale_rows(row, target, timed, ANSWERS)


def main(part=None) -> None:
    """Run every part (or only `part`) and print the table."""
    print("Running benchmarks (figures are ratios to references measured in the same run)...", file=sys.stderr)
    # The app logs a line per request (stdout) and the local server one per request (stderr), as in real use:
    # their cost stays in the figures, their lines stay out of the output. (Left on a terminal or a pipe, each
    # line's write alone adds ~20 us to a warm request: a part run alone is quieted the same way.)
    table, progress = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = quiet = open(os.devnull, "w")  # noqa: SIM115 - closed below
    try:
        (part or every_part)()
    finally:
        sys.stdout, sys.stderr = table, progress
        quiet.close()
    print_rows()


def every_part() -> None:
    cold_start()
    scale()
    cold_s3_requests()
    cold_zip()
    post_ms, get_ms = warm_handler()
    engine_alone()
    local_server()
    widget_bytes()
    browser_timings()
    content_walk()
    cost(post_ms, get_ms)
    cdn_cost()
    cache()


def print_rows() -> None:
    widths = [max(len(r[i]) for r in rows + [HEADER]) for i in range(4)]
    for line in [HEADER, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


HEADER = ("what", "figure", "reference (same run)", "ratio / target")

if __name__ == "__main__":
    # One part alone, e.g. `... run browser`; no argument runs them all.
    alone = {
        "cache": cache,
        "cost": cdn_cost,
        "warm": warm_handler,
        "cold": cold_start,
        "browser": browser_timings,
        "scale": scale,
    }
    main(alone[sys.argv[1]] if sys.argv[1:2] and sys.argv[1] in alone else None)
