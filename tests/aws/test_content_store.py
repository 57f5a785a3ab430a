"""Content sources and stores: the YAML sources with their faults named, and the app reading published bundles
from S3 (under moto). What every store does alike is pinned in test_store_contract.py."""

import json
import shutil

import pytest

from chalicelib.authoring.publishing import publish
from chalicelib.authoring.source import REPO_CONTENT, ContentError, load_folder
from chalicelib.authoring.store_writers import S3Writer, index_name, laid_out
from chalicelib.runtime import bundle as bundle_json
from chalicelib.runtime import provider
from chalicelib.runtime.provider import s3_client
from tests.conftest import SEED

BUCKET = "content-test"


@pytest.fixture
def content_copy(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, folder)
    return folder


def faults_of(folder) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_folder(folder)
    return [str(fault) for fault in error.value.faults]


def test_the_repository_content_loads_with_a_stable_version(bundle):
    again = load_folder(REPO_CONTENT)
    assert again.version == bundle.version and again == bundle
    assert SEED in [a.slug for a in bundle.assessments]


def test_a_bad_field_is_named_with_file_line_and_field(content_copy):
    path = content_copy / "assessments" / f"{SEED}.yaml"
    text = path.read_text().replace("estimated_minutes: 2", "estimated_minutes: many")
    path.write_text(text)
    line = text.splitlines().index("estimated_minutes: many") + 1
    [fault] = faults_of(content_copy)
    assert fault.startswith(f"content/assessments/{SEED}.yaml:{line}: estimated_minutes: ")


def test_a_nested_bad_field_points_at_its_line(content_copy):
    path = content_copy / "assessments" / f"{SEED}.yaml"
    text = path.read_text().replace("kind: multi", "kind: free-text", 1)
    path.write_text(text)
    line = text.splitlines().index("    kind: free-text") + 1
    [fault] = faults_of(content_copy)
    assert f"{SEED}.yaml:{line}: questions.needs.kind:" in fault


def test_broken_yaml_is_reported_with_its_line(content_copy):
    path = content_copy / "library.yaml"
    path.write_text(path.read_text() + "\n  - : [unclosed\n")
    [fault] = faults_of(content_copy)
    assert fault.startswith("content/library.yaml:") and "not valid YAML" in fault


def test_a_slug_must_match_its_file_name(content_copy):
    source = content_copy / "assessments" / f"{SEED}.yaml"
    source.rename(content_copy / "assessments" / "renamed.yaml")
    faults = faults_of(content_copy)
    line = source.with_name("renamed.yaml").read_text().splitlines().index(f"slug: {SEED}") + 1
    assert f"content/assessments/renamed.yaml:{line}: slug: must match the file name" in faults


def test_the_library_must_place_every_assessment(content_copy):
    path = content_copy / "library.yaml"
    path.write_text(path.read_text().replace(f"- {SEED}", "- no-such-assessment"))
    faults = faults_of(content_copy)
    assert any("no-such-assessment" in f and f.startswith("content/library.yaml") for f in faults)


def test_a_bundle_whose_content_does_not_match_its_version_is_refused(bundle):
    version, files = laid_out(*bundle_json.parts(bundle))
    document = json.loads(files[index_name(version)])
    document["library"]["title"] = "Tampered"
    with pytest.raises(bundle_json.CorruptBundle, match="does not match"):
        bundle_json.read_index(json.dumps(document).encode())


def test_garbage_is_not_a_bundle():
    with pytest.raises(bundle_json.CorruptBundle):
        bundle_json.read_index(b"{not json")


def test_the_app_serves_content_from_s3(aws, bundle, client, monkeypatch, content_copy):
    library = content_copy / "library.yaml"
    library.write_text(library.read_text().replace("  en: The Assessment Library", "  en: Published Library", 1))
    published = load_folder(content_copy)
    s3_client().create_bucket(Bucket=BUCKET)
    publish(S3Writer(s3_client, BUCKET, "content"), published)
    monkeypatch.setenv("CONTENT_SOURCE", "s3")
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)
    health = json.loads(client.http.get("/healthz").body)
    library_view = json.loads(client.http.get("/v1/library").body)
    assert health["content_version"] == published.version != bundle.version
    assert library_view["title"] == "Published Library"


def test_missing_s3_content_is_a_calm_503_not_a_500(aws, client, monkeypatch, tmp_path):
    s3_client().create_bucket(Bucket=BUCKET)
    monkeypatch.setattr(provider, "FALLBACK_BUNDLE", tmp_path / "none.json")  # no baked bundle to fall back on
    monkeypatch.setenv("CONTENT_SOURCE", "s3")
    monkeypatch.setenv("CONTENT_BUCKET", BUCKET)
    response = client.http.get(f"/v1/assessments/{SEED}")
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["Retry-After"]
    assert "Traceback" not in response.body.decode()


def test_s3_without_a_bucket_setting_is_a_503(client, monkeypatch):
    monkeypatch.setenv("CONTENT_SOURCE", "s3")
    assert client.http.get("/v1/library").status_code == 503
