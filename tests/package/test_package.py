"""The deployable package: `.chalice/package.sh` (what `make package` runs) builds, lints and holds the right files."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from chalicelib.authoring.build import SHIPPED
from chalicelib.runtime.provider import FALLBACK_BUNDLE

ROOT = Path(__file__).resolve().parents[2]
CHALICE = ROOT / ".chalice"


def test_the_zip_holds_the_app_its_library_static_files_and_the_fallback_bundle_and_no_tests_or_sources(packaged):
    names = set(zipfile.ZipFile(packaged / "deployment.zip").namelist())

    assert "app.py" in names
    assert {"chalicelib/web/api.py", "chalicelib/web/middleware.py", "chalicelib/runtime/provider.py"} <= names
    assert "chalicelib/runtime/fallback/current.json" in names
    shipped = {f"chalicelib/{p.relative_to(ROOT / 'chalicelib')}" for p in (ROOT / "chalicelib").rglob("*")}
    for folder in ("web/templates", "web/static"):
        expected = {name for name in shipped if name.startswith(f"chalicelib/{folder}/") and "." in name}
        assert expected <= names, f"chalicelib/{folder} is not fully packaged"
    assert not [n for n in names if n.startswith(("tests/", "content/", "widget/")) or n.endswith(".yaml")]
    assert any(n.startswith("pydantic/") for n in names) and any(n.startswith("jinja2/") for n in names)
    # The API builds FHIR Questionnaires as plain data (core/fhir.py); FHIR libraries only check them at publish.
    assert not [n for n in names if n.startswith(("fhir/", "fhir_core/", "fhirpathpy/"))]
    for compiled in ("pydantic_core/", "orjson/"):  # Linux builds of the compiled dependencies, for Lambda
        assert any(n.startswith(compiled) and ".so" in n for n in names), f"no {compiled} extension in the zip"


def test_the_zip_has_no_authoring_code(packaged):
    names = zipfile.ZipFile(packaged / "deployment.zip").namelist()

    assert (ROOT / "chalicelib" / "authoring" / "__init__.py").exists()
    assert [n for n in names if n.startswith("chalicelib/authoring/")] == []


def test_the_zip_holds_every_generated_file_built_from_its_source(packaged):
    names = set(zipfile.ZipFile(packaged / "deployment.zip").namelist())
    widget_copies = {f"chalicelib/web/static/{copy}" for copy in SHIPPED}
    catalogs = {
        f"chalicelib/{po.with_suffix('.mo').relative_to(ROOT / 'chalicelib')}"
        for po in (ROOT / "chalicelib" / "web" / "locales").glob("*/LC_MESSAGES/*.po")
    }

    assert widget_copies and widget_copies <= names, sorted(widget_copies - names)
    assert catalogs <= names, sorted(catalogs - names)
    assert "chalicelib/runtime/fallback/current.json" in names


def test_every_module_in_the_zip_ships_with_its_bytecode(packaged):
    names = set(zipfile.ZipFile(packaged / "deployment.zip").namelist())
    tag = sys.implementation.cache_tag  # Chalice makes the Lambda runtime the packaging Python's version
    modules = [n for n in names if n.endswith(".py")]
    missing = [n for n in modules if importlib.util.cache_from_source(n, optimization="") not in names]
    assert modules and missing == [], f"{len(missing)} modules without {tag} bytecode, e.g. {missing[:3]}"
    assert all(f".{tag}." in n for n in names if n.endswith(".pyc")), "bytecode of another Python in the zip"


def test_the_zip_alone_imports_the_app_and_answers_with_the_baked_bundle(packaged, tmp_path):
    """What Lambda runs: the zip unpacked, the standard library, no site-packages, no bytecode written."""
    zipfile.ZipFile(packaged / "deployment.zip").extractall(tmp_path)
    shutil.copy(ROOT / "tests" / "benchmarks" / "events.py", tmp_path / "tests_events.py")  # real proxy events
    child = subprocess.run(
        [sys.executable, "-S", "-c", LAMBDA_CHILD],
        cwd=tmp_path,
        env={"CONTENT_SOURCE": "baked", "PYTHONDONTWRITEBYTECODE": "1", "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    answer = json.loads(child.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200 and answer["urgency"] == "emergency"
    assert answer["page_status"] == 200 and answer["page_has_title"], "a site page renders from the zip's templates"
    assert answer["from_zip"], "the dependencies came from the zip, not from this machine"


LAMBDA_CHILD = r"""
import json, os, sys
sys.path.insert(0, os.getcwd())
from app import app
import pydantic
from tests_events import LambdaContext, proxy_event
slug = "how-to-ask-for-a-second-opinion"
event = proxy_event("POST", "/v1/assessments/{slug}/responses", f"/v1/assessments/{slug}/responses", {"slug": slug},
                    body={"answers": {"reason": "want-specialist", "red-flags": ["breathing"]}})
answer = app(event, LambdaContext())
page = app(proxy_event("GET", "/assessments/{slug}", f"/assessments/{slug}", {"slug": slug}), LambdaContext())
print(json.dumps({
    "status": answer["statusCode"],
    "urgency": json.loads(answer["body"])["urgency"],
    "page_status": page["statusCode"],
    "page_has_title": "<h1" in page["body"],
    "from_zip": pydantic.__file__.startswith(os.getcwd()),
}))
"""


def test_the_packaged_fallback_bundle_is_the_one_built_from_content(packaged):
    prefix = "chalicelib/runtime/fallback/"
    built = {f"{prefix}{p.relative_to(FALLBACK_BUNDLE)}": p.read_bytes() for p in FALLBACK_BUNDLE.rglob("*.json")}
    with zipfile.ZipFile(packaged / "deployment.zip") as package:
        baked = {n: package.read(n) for n in package.namelist() if n.startswith(prefix) and n.endswith(".json")}
    assert baked == built


def test_cfn_lint_and_checkov_passed_on_the_packaged_template(packaged):
    log = (packaged / "package.log").read_text()
    assert "cfn-lint: no findings" in log
    assert "Failed checks: 0" in log and "Passed checks:" in log


def test_the_template_throttles_the_api_stage(packaged):
    api = json.loads((packaged / "sam.json").read_text())["Resources"]["RestAPI"]["Properties"]

    assert api["MethodSettings"] == [
        {"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 100}
    ]
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        headers = api["GatewayResponses"][kind]["ResponseParameters"]["Headers"]
        assert headers["Content-Type"] == "'application/problem+json'"
        assert headers["X-Content-Type-Options"] == "'nosniff'"


def test_the_function_may_only_read_the_content_prefix_and_write_its_logs(packaged):
    resources = json.loads((packaged / "sam.json").read_text())["Resources"]
    (policy,) = resources["ApiHandlerRole"]["Properties"]["Policies"]
    statements = {tuple(s["Action"]): s["Resource"] for s in policy["PolicyDocument"]["Statement"]}

    logs = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
    assert statements == {
        ("s3:GetObject",): "arn:aws:s3:::assessment-library-content-prod/content/*",
        logs: "arn:aws:logs:*:*:log-group:/aws/lambda/*",
    }
    assert resources["APIHandler"]["Properties"]["Timeout"] < 29  # API Gateway's limit


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_each_deployed_stage_names_its_bucket_prefix_revalidation_and_site(stage):
    config = json.loads((CHALICE / "config.json").read_text())
    assert config["autogen_policy"] is False
    variables = config["stages"][stage]["environment_variables"]

    assert variables["CONTENT_SOURCE"] == "s3"
    assert variables["CONTENT_BUCKET"] == f"assessment-library-content-{stage}"
    assert variables["CONTENT_PREFIX"] == "content"
    assert float(variables["CONTENT_REVALIDATE_SECONDS"]) > 0
    assert variables["SITE_URL"].startswith("https://")
    policy = json.loads((CHALICE / config["stages"][stage]["iam_policy_file"]).read_text())
    (read,) = [s for s in policy["Statement"] if s["Action"] == ["s3:GetObject"]]
    assert read["Resource"] == f"arn:aws:s3:::{variables['CONTENT_BUCKET']}/{variables['CONTENT_PREFIX']}/*"
