"""Cost on paper for a month at internet scale, with and without the CDN, from measured bytes and ms.

A month: 10 million partner page views (each fetches the loader), 40 frames per 100 page views (each carrying
its stylesheet and script: it links no file), 1 million started and 500 thousand completed assessments
(one POST each). Each request is measured here: its answer's size gzipped with its headers, and the handler's
time in a warm process, scaled to the function's memory and rounded up to whole billed milliseconds.

Prices: public list prices, us-east-1 and CloudFront's United States/Europe zone, no free tier, looked up on
2026-11-30 (docs/benchmarks.md names the sources).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import statistics
import time
from pathlib import Path

from chalicelib.web.models.requests import ResponseRequest
from tests.benchmarks.events import LambdaContext, proxy_event

DOCUMENTED_ANSWERS = ResponseRequest.model_config["json_schema_extra"]["examples"][0]["answers"]  # a whole path

ROOT = Path(__file__).resolve().parents[2]
SEED = "how-to-ask-for-a-second-opinion"
MONTH_SECONDS = 30 * 24 * 3600
PAGE_VIEWS = 10_000_000
FRAMES = 4_000_000  # 40 per 100 partner page views, as in the cache benchmark's mix
STARTED = 1_000_000  # starting happens inside the frame: no request of its own
COMPLETED = 500_000
FRAME_URLS = 50  # distinct frame addresses (partner x assessment x locale) the traffic spreads over
REGIONAL_CACHES = 6  # CloudFront regional edge caches behind PriceClass_100's points of presence (assumed)
CDN_HEADERS = 250  # bytes CloudFront adds to an answer (Via, X-Cache, X-Amz-Cf-Pop, X-Amz-Cf-Id)
GATEWAY_HEADERS = 150  # bytes API Gateway adds (x-amzn-RequestId, x-amz-apigw-id, X-Amzn-Trace-Id)

PRICES = {
    "cloudfront_gb": 0.085,  # data transfer out to the internet, first 10 TB, US/Europe
    "cloudfront_request": 0.0100 / 10_000,  # HTTPS requests, US/Europe
    "gateway_request": 3.50 / 1_000_000,  # REST API, first 333 million a month
    "gateway_gb": 0.09,  # API Gateway data transfer out (EC2 rates, first 10 TB)
    "lambda_request": 0.20 / 1_000_000,
    "lambda_gb_second": 0.0000166667,  # x86
    "s3_get": 0.0004 / 1_000,
    "waf_request": 0.60 / 1_000_000,
    "waf_acl_month": 5.00,
    "waf_rule_month": 1.00,
}


def _event(method: str, resource: str, path: str, params: dict | None = None, query: dict | None = None, body=None):
    event = proxy_event(method, resource, path, params, body=body, headers={"Accept-Encoding": "gzip, br"})
    if query:
        event["queryStringParameters"] = query
        event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    return event


def measure_routes(repeat: int = 200) -> dict[str, dict]:
    """Per kind of request: gzipped bytes (body + headers) and the handler's median ms on this machine."""
    from app import app

    context = LambdaContext()
    frame = _event("GET", "/embed/{slug}", f"/embed/{SEED}", {"slug": SEED}, {"partner": "demo", "locale": "en"})
    assert not re.findall(r'(?:src|href)="/(?:static|embed)/', app(frame, context)["body"]), "the frame links no file"
    kinds = {
        "loader": [_event("GET", "/widget.js", "/widget.js")],
        "frame": [frame],
        "summary POST": [
            _event(
                "POST",
                "/v1/assessments/{slug}/responses",
                f"/v1/assessments/{SEED}/responses",
                {"slug": SEED},
                body={"answers": DOCUMENTED_ANSWERS},
            )
        ],
    }
    measured = {}
    for kind, events in kinds.items():
        sizes, times, names = [], [], []
        for event in events:
            names.append(event["path"].rsplit("/", 1)[1])
            answer = app(event, context)
            assert answer["statusCode"] == 200, (kind, event["path"], answer["statusCode"])
            headers = sum(len(k) + len(str(v)) + 4 for k, v in answer["headers"].items()) + 17
            sizes.append(len(gzip.compress(answer["body"].encode(), 6)) + headers)
            samples = []
            for _ in range(repeat):
                start = time.perf_counter()
                app(event, context)
                samples.append((time.perf_counter() - start) * 1000)
            times.append(statistics.median(samples))
        measured[kind] = {"per_view": len(events), "bytes": sizes, "ms": times, "names": names}
    return measured


def _origin_fetches(requests: float, objects: int, ttl: float) -> float:
    """Requests a CDN passes to the origin for `objects` equally popular objects of freshness `ttl` seconds:
    each regional cache fetches an object at most once per TTL, and only when someone asks for it then."""
    per_window = requests / objects / REGIONAL_CACHES / (MONTH_SECONDS / ttl)
    return objects * REGIONAL_CACHES * (MONTH_SECONDS / ttl) * (1 - math.exp(-per_window))


def month(measured: dict[str, dict], memory_mb: int) -> list[tuple[str, str, str]]:
    from chalicelib.web import caching

    content_ttl = int(re.search(r"max-age=(\d+)", caching.CONTENT)[1])
    loader_ttl = int(re.search(r"max-age=(\d+)", caching.LOADER)[1])
    scale = 1769 / memory_mb  # Lambda's CPU share at this memory, against a full core here
    lines = []  # (kind, requests a month, origin requests with the CDN, bytes each, billed ms each)
    for kind, found in measured.items():
        for size, ms in zip(found["bytes"], found["ms"], strict=True):
            if kind == "loader":
                requests, origin = PAGE_VIEWS, _origin_fetches(PAGE_VIEWS, 1, loader_ttl)
            elif kind == "frame":
                requests, origin = FRAMES, _origin_fetches(FRAMES, FRAME_URLS, content_ttl)
            else:
                requests, origin = COMPLETED, COMPLETED  # the summary POST: never cached
            lines.append((kind, requests, origin, size, math.ceil(ms * scale)))
    return lines


def costs(measured: dict[str, dict], memory_mb: int = 512) -> dict[str, dict[str, float]]:
    p = PRICES
    lines = month(measured, memory_mb)
    total = sum(r for _, r, _, _, _ in lines)
    gb_direct = sum(r * (s + GATEWAY_HEADERS) for _, r, _, s, _ in lines) / 1e9
    gb_cdn = sum(r * (s + CDN_HEADERS) for _, r, _, s, _ in lines) / 1e9
    origin = sum(o for _, _, o, _, _ in lines)
    gb_seconds = lambda rows: sum(n * b / 1000 * memory_mb / 1024 for n, b in rows)  # noqa: E731
    instances = 2  # warm instances revalidating content once a minute (prod: CONTENT_REVALIDATE_SECONDS=60)
    s3 = instances * MONTH_SECONDS / 60 * p["s3_get"]
    waf_fixed_direct = p["waf_acl_month"] + 3 * p["waf_rule_month"]
    waf_fixed_cdn = 2 * p["waf_acl_month"] + 5 * p["waf_rule_month"]
    direct = {
        "requests": total,
        "reaching Lambda": total,
        "CloudFront": 0.0,
        "API Gateway": total * p["gateway_request"] + gb_direct * p["gateway_gb"],
        "Lambda": total * p["lambda_request"] + gb_seconds([(r, b) for _, r, _, _, b in lines]) * p["lambda_gb_second"],
        "S3": s3,
        "WAF": waf_fixed_direct + total * p["waf_request"],
        "GB out": gb_direct,
    }
    cdn = {
        "requests": total,
        "reaching Lambda": origin,
        "CloudFront": total * p["cloudfront_request"] + gb_cdn * p["cloudfront_gb"],
        "API Gateway": origin * p["gateway_request"],  # origin fetches to CloudFront: no transfer charge
        "Lambda": origin * p["lambda_request"]
        + gb_seconds([(o, b) for _, _, o, _, b in lines]) * p["lambda_gb_second"],
        "S3": s3,
        "WAF": waf_fixed_cdn + (total + origin) * p["waf_request"],
        "GB out": gb_cdn,
    }
    for column in (direct, cdn):
        column["total"] = sum(column[k] for k in ("CloudFront", "API Gateway", "Lambda", "S3", "WAF"))
    return {"without the CDN": direct, "with the CDN": cdn, "lines": lines}


def cost_rows(row, measured: dict[str, dict] | None = None, memory_mb: int = 512) -> None:
    measured = measured or measure_routes()
    result = costs(measured, memory_mb)
    for kind, found in measured.items():
        row(
            f"cost inputs: {kind}, bytes gzip with headers / handler ms (x{1769 / memory_mb:.1f} at {memory_mb} MB)",
            ", ".join(f"{b:,} B" for b in found["bytes"]),
            ", ".join(f"{ms:.3f} ms" for ms in found["ms"]),
            f"{found['per_view']} request(s) each",
        )
    for name in ("without the CDN", "with the CDN"):
        column = result[name]
        row(
            f"cost on paper, a month {name} (10M page views, 1M started, 500k completed)",
            f"${column['total']:,.2f}",
            f"{column['requests'] / 1e6:.1f}M requests, {column['reaching Lambda'] / 1e6:.2f}M reach Lambda,"
            f" {column['GB out']:.0f} GB out",
            "; ".join(f"{k} ${column[k]:,.2f}" for k in ("CloudFront", "API Gateway", "Lambda", "S3", "WAF")),
        )


if __name__ == "__main__":
    print(json.dumps({k: v for k, v in costs(measure_routes()).items() if k != "lines"}, indent=1))
