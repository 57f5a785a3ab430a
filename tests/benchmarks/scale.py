"""What the library's size costs: the real library against a synthetic one of `budgets.SCALE_ASSESSMENTS`
assessments (copies of the real ones under new slugs, each placed in its original's topic), both published into
temporary folders the same way and served through the same folder store.

Cold start (a new process: import, then the first POST to the same assessment), resident memory after that first
answer, and warm POST and GET, each side by side. A cold instance reads the index and the one assessment asked for,
so only the index grows with the library.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from tests import budgets
from tests.benchmarks.events import LambdaContext, proxy_event

ROOT = Path(__file__).resolve().parents[2]
SEED = "how-to-ask-for-a-second-opinion"

COLD_CHILD = r"""
import json, sys, time
start = time.perf_counter()
from app import app
from tests.benchmarks.events import LambdaContext, proxy_event
slug = sys.argv[1]
event = proxy_event("POST", "/v1/assessments/{slug}/responses", f"/v1/assessments/{slug}/responses", {"slug": slug},
                    body={"answers": json.loads(sys.argv[2])})
answer = app(event, LambdaContext())
elapsed = (time.perf_counter() - start) * 1000
assert answer["statusCode"] == 200, answer
# Resident memory now (Linux, as on Lambda): not the peak, which after fork counts the parent's pages too.
rss_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
print(json.dumps({"ms": elapsed, "rss_kb": rss_kb}))
"""


def synthetic_library(count: int, folder: Path) -> Path:
    """content/ copied into `folder`, its assessments copied under new slugs (`<slug>-copy-<n>`) until there are
    `count`, each copy placed after its original in the same topic."""
    shutil.copytree(ROOT / "content", folder)
    originals = sorted((folder / "assessments").glob("*.yaml"))
    copies: dict[str, list[str]] = {path.stem: [] for path in originals}
    for n in range(count - len(originals)):
        source = originals[n % len(originals)]
        slug = f"{source.stem}-copy-{n // len(originals) + 1}"
        text = re.sub(rf"^slug: {source.stem}$", f"slug: {slug}", source.read_text(), count=1, flags=re.M)
        (source.parent / f"{slug}.yaml").write_text(text)
        copies[source.stem].append(slug)
    library = yaml.safe_load((folder / "library.yaml").read_text())
    for category in library["categories"]:
        for topic in category["topics"]:
            topic["assessments"] = [s for slug in topic["assessments"] for s in (slug, *copies[slug])]
    (folder / "library.yaml").write_text(yaml.safe_dump(library, allow_unicode=True, sort_keys=False))
    return folder


def published(sources: Path, folder: Path) -> Path:
    from chalicelib.authoring.publishing import publish
    from chalicelib.authoring.source import load_folder
    from chalicelib.authoring.store_writers import FolderWriter

    publish(FolderWriter(folder), load_folder(sources))
    return folder


def cold(folder: Path, answers: dict, env: dict[str, str]) -> dict:
    child_env = {**env, "CONTENT_SOURCE": "folder", "CONTENT_DIR": str(folder), "PYTHONDONTWRITEBYTECODE": "0"}
    out = subprocess.run(
        [sys.executable, "-c", COLD_CHILD, SEED, json.dumps(answers)],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm(folders: dict[str, Path], answers: dict, timed: Callable, repeat: int) -> dict[str, dict[str, list[float]]]:
    """POST responses and GET the assessment (cached) in this process, against each library in turn, in blocks of
    100 so that load changes hit every series alike. The settings select the library; both stay loaded."""
    from app import app
    from chalicelib.runtime import provider, settings

    context = LambdaContext()
    resource, path = "/v1/assessments/{slug}", f"/v1/assessments/{SEED}"
    events = {
        "post": proxy_event("POST", f"{resource}/responses", f"{path}/responses", {"slug": SEED}, {"answers": answers}),
        "get": proxy_event("GET", resource, path, {"slug": SEED}),
    }
    samples: dict[str, dict[str, list[float]]] = {name: {"post": [], "get": []} for name in folders}

    def use(folder: Path) -> None:
        os.environ.update({"CONTENT_SOURCE": "folder", "CONTENT_DIR": str(folder)})
        settings.reload()

    versions = set()
    for folder in folders.values():
        use(folder)
        assert all(app(event, context)["statusCode"] == 200 for event in events.values())
        versions.add(app(events["get"], context)["headers"]["X-Content-Version"])
    assert len(versions) == len(folders), "each library is served under its own version"
    for _ in range(repeat // 100):
        for name, folder in folders.items():
            use(folder)
            for kind, event in events.items():
                samples[name][kind] += timed(lambda e=event: app(e, context), 100)
    for key in ("CONTENT_SOURCE", "CONTENT_DIR"):
        os.environ.pop(key)
    provider.reset()
    return samples


def scale_rows(row: Callable, target: Callable, timed: Callable, answers: dict, runs: int = 21) -> None:
    """The figures of the real library against the synthetic one, as rows of `make bench`."""
    count = budgets.SCALE_ASSESSMENTS
    scratch = Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        folders = {
            "real": published(ROOT / "content", scratch / "real"),
            "large": published(synthetic_library(count, scratch / "sources"), scratch / "large"),
        }
        real_count = len(list((ROOT / "content" / "assessments").glob("*.yaml")))
        index = {name: (folder / "current.json").stat().st_size for name, folder in folders.items()}
        env = {**os.environ}
        children: dict[str, list[dict]] = {"real": [], "large": []}
        for run in range(runs):  # alternate, and which goes first, so drift in machine load hits both alike
            for name, folder in sorted(folders.items(), reverse=run % 2 == 1):
                children[name].append(cold(folder, answers, env))
        samples = warm(folders, answers, timed, repeat=2000)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def median(name: str, key: str) -> float:
        return statistics.median(child[key] for child in children[name])

    sizes = f"{count} assessments", f"the real library ({real_count})"
    row(
        f"library size: cold start, import + first POST (median of {runs})",
        f"{sizes[0]}: {median('large', 'ms'):.0f} ms",
        f"{sizes[1]}: {median('real', 'ms'):.0f} ms",
        target(median("large", "ms") / median("real", "ms"), budgets.SCALE_COLD_START_MAX_RATIO),
    )
    row(
        "library size: resident memory after the first answer",
        f"{sizes[0]}: {median('large', 'rss_kb') / 1024:.1f} MB",
        f"{sizes[1]}: {median('real', 'rss_kb') / 1024:.1f} MB",
        f"{median('large', 'rss_kb') / median('real', 'rss_kb'):.2f}x",
    )
    row(
        "library size: the index a cold instance reads (current.json)",
        f"{sizes[0]}: {index['large']:,} B",
        f"{sizes[1]}: {index['real']:,} B",
        f"{index['large'] / index['real']:.1f}x",
    )
    for kind, label in (("post", "POST responses"), ("get", "GET assessment (cached)")):
        large, real = statistics.median(samples["large"][kind]), statistics.median(samples["real"][kind])
        row(
            f"library size: warm {label}, p50",
            f"{sizes[0]}: {large:.3f} ms",
            f"{sizes[1]}: {real:.3f} ms",
            target(large / real, budgets.SCALE_WARM_MAX_RATIO),
        )
