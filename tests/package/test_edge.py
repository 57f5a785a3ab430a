"""The edge in the packaged template: the CDN's behaviors and cache keys per kind of route, the WAF rate
limits, HSTS, and checkov's configuration (every skip carries its reason)."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.package.conftest import CHALICE, ROOT

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # AWS managed cache policy "CachingDisabled"
SEED = "how-to-ask-for-a-second-opinion"
CHECKOV = Path(os.environ.get("CHECKOV", ROOT / ".venv" / "checkov" / "bin" / "checkov"))  # as package.sh


@pytest.fixture(scope="module")
def resources(packaged):
    return json.loads((packaged / "sam.json").read_text())["Resources"]


def behavior_for(distribution: dict, path: str) -> dict:
    """The cache behavior CloudFront picks for `path`: the first pattern that matches, else the default."""
    config = distribution["Properties"]["DistributionConfig"]
    for found in config["CacheBehaviors"]:
        if fnmatch.fnmatchcase(path, found["PathPattern"]):
            return found
    return config["DefaultCacheBehavior"]


def cache_key(resources: dict, found: dict) -> tuple[set[str], set[str]] | None:
    """(query strings, headers) a behavior's cache policy keys on and forwards; None when it never caches."""
    if found["CachePolicyId"] == CACHING_DISABLED:
        return None
    parameters = resources[found["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    parameters = parameters["ParametersInCacheKeyAndForwardedToOrigin"]
    assert parameters["EnableAcceptEncodingGzip"] and parameters["EnableAcceptEncodingBrotli"], "compression"
    assert parameters["CookiesConfig"] == {"CookieBehavior": "none"}
    return (
        set(parameters["QueryStringsConfig"].get("QueryStrings", [])),
        set(parameters["HeadersConfig"].get("Headers", [])),
    )


# (a request path, what the CDN keys and forwards; None: never cached)
ROUTES = [
    ("/", (set(), set())),
    ("/categories/x", (set(), set())),
    (f"/assessments/{SEED}", (set(), set())),
    ("/sitemap.xml", (set(), set())),
    ("/static/site-style.css", ({"v"}, set())),
    ("/widget.js", (set(), set())),
    ("/v1/library", ({"category", "topic", "q", "locale"}, {"Origin"})),
    (f"/v1/assessments/{SEED}", ({"category", "topic", "q", "locale"}, {"Origin"})),
    ("/v1/assessments", ({"category", "topic", "q", "locale"}, {"Origin"})),
    ("/v1/openapi.json", ({"category", "topic", "q", "locale"}, {"Origin"})),
    (f"/embed/{SEED}", ({"partner", "locale", "show-title"}, set())),
    ("/healthz", None),
    (f"/v1/assessments/{SEED}/responses", None),
    (f"/assessments/{SEED}/questionnaire", None),
    ("/es/categories/x", (set(), set())),
    (f"/es/assessments/{SEED}", (set(), set())),
    (f"/es/assessments/{SEED}/questionnaire", None),  # the form in Spanish posts too
    ("/search", ({"q"}, set())),  # each search its own object: a page keyed on its path alone would serve one
    ("/es/search", ({"q"}, set())),
]


@pytest.mark.parametrize(("path", "key"), ROUTES, ids=[r[0] for r in ROUTES])
def test_each_kind_of_route_has_its_cache_key_and_forwards_nothing_else(resources, path, key):
    found = behavior_for(resources["Distribution"], path)

    assert cache_key(resources, found) == key
    assert found["Compress"] is True and found["ViewerProtocolPolicy"] in {"redirect-to-https", "https-only"}
    assert found["ResponseHeadersPolicyId"] == {"Ref": "EdgeHeaders"}
    assert found["CachedMethods"] == ["GET", "HEAD"]
    if key is None:
        policy = resources[found["OriginRequestPolicyId"]["Ref"]]["Properties"]["OriginRequestPolicyConfig"]
        assert policy["QueryStringsConfig"] == {"QueryStringBehavior": "none"}
        assert policy["CookiesConfig"] == {"CookieBehavior": "none"}
        assert set(policy["HeadersConfig"]["Headers"]) <= {
            "Content-Type",
            "Origin",
            "Access-Control-Request-Method",
            "Access-Control-Request-Headers",
        }
    else:
        assert "OriginRequestPolicyId" not in found, "a cached route forwards only its cache key"
        assert "POST" not in found["AllowedMethods"]


def test_only_never_cached_behaviors_take_posts(resources):
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    for found in [*config["CacheBehaviors"], config["DefaultCacheBehavior"]]:
        if "POST" in found["AllowedMethods"]:
            assert found["CachePolicyId"] == CACHING_DISABLED, found.get("PathPattern")


def test_the_cache_policies_let_the_app_decide(resources):
    for name in ("ContentCache", "ApiCache", "EmbedCache", "LoaderCache", "StaticCache"):
        config = resources[name]["Properties"]["CachePolicyConfig"]
        assert config["MinTTL"] == 0 and config["DefaultTTL"] == 0, "no Cache-Control from the app: not cached"
        assert config["MaxTTL"] >= 86400
    assert resources["StaticCache"]["Properties"]["CachePolicyConfig"]["MaxTTL"] == 31536000


def test_the_cdn_fronts_the_api_stage_over_https(resources):
    config = resources["Distribution"]["Properties"]["DistributionConfig"]
    (origin,) = config["Origins"]

    assert origin["DomainName"] == {"Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert origin["OriginPath"] == "/api"
    assert origin["CustomOriginConfig"] == {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"]}
    assert resources["RestAPI"]["Properties"]["EndpointConfiguration"] == "REGIONAL", "no second, hidden CDN"
    hsts = resources["EdgeHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert hsts["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_a_waf_rate_rule_per_client_guards_the_api_stage_and_the_cdn_in_us_east_1(resources):
    stage = resources["ApiWebACL"]["Properties"]
    rules = {rule["Name"]: rule for rule in stage["Rules"]}
    per_client = rules["per-client"]["Statement"]["RateBasedStatement"]

    assert stage["Scope"] == "REGIONAL" and stage["DefaultAction"] == {"Allow": {}}
    assert per_client["AggregateKeyType"] == "FORWARDED_IP"  # behind the CDN, the viewer's address
    assert per_client["ForwardedIPConfig"]["HeaderName"] == "X-Forwarded-For"
    assert rules["per-connection"]["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    for name in ("per-client", "per-connection"):
        block = rules[name]["Action"]["Block"]["CustomResponse"]
        assert block["ResponseCode"] == 429
    association = resources["ApiWebACLAssociation"]
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": ["ApiWebACL", "Arn"]}
    assert association["Properties"]["ResourceArn"]["Fn::Sub"].endswith("/restapis/${RestAPI}/stages/api")

    edge = resources["EdgeWebACL"]
    assert edge["Condition"] == "InUsEast1" and edge["Properties"]["Scope"] == "CLOUDFRONT"
    (viewer,) = [r for r in edge["Properties"]["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert viewer["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    web_acl = resources["Distribution"]["Properties"]["DistributionConfig"]["WebACLId"]["Fn::If"]
    assert web_acl[0] == "InUsEast1" and web_acl[1] == {"Fn::GetAtt": ["EdgeWebACL", "Arn"]}


def test_gateway_errors_carry_hsts(resources):
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        headers = resources["RestAPI"]["Properties"]["GatewayResponses"][kind]["ResponseParameters"]["Headers"]
        assert headers["Strict-Transport-Security"].startswith("'max-age=")


def test_every_checkov_skip_gives_its_reason():
    lines = (CHALICE / "checkov.yaml").read_text().splitlines()
    skips = [i for i, line in enumerate(lines) if re.match(r"^\s+- CKV", line)]

    assert skips, "the skips are listed in checkov.yaml"
    for i in skips:
        assert lines[i - 1].lstrip().startswith("#"), f"no reason above {lines[i].strip()}"
        check = lines[i].strip().removeprefix("- ")
        reason = " ".join(line.strip("# ") for line in lines[:i] if line.lstrip().startswith("#"))
        assert check in reason, f"the reason above {check} names it"


def test_checkov_fails_a_template_with_a_finding(tmp_path):
    """The package step stops on checkov's verdict: a template with an open bucket fails with this config."""
    bad = {"Resources": {"Open": {"Type": "AWS::S3::Bucket", "Properties": {"AccessControl": "PublicReadWrite"}}}}
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    done = subprocess.run(
        [str(CHECKOV), "--config-file", str(CHALICE / "checkov.yaml"), "--file", str(tmp_path / "bad.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0 and "FAILED" in done.stdout
