"""Static files: versioned URLs are immutable, others revalidate, and nothing outside the folder is served."""

import pytest

from chalicelib.web import assets


@pytest.fixture
def a_file(tmp_path, monkeypatch):
    (tmp_path / "test-file.css").write_text("body { color: black; }\n")
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    assets.read_asset.cache_clear()
    yield "test-file.css"
    assets.read_asset.cache_clear()


def test_a_versioned_url_is_cached_for_a_year(client, a_file):
    url = assets.asset_url(a_file)
    response = client.http.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == assets.IMMUTABLE
    assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert response.body == b"body { color: black; }\n"


def test_an_unversioned_url_revalidates_with_an_etag(client, a_file):
    response = client.http.get(f"/static/{a_file}?v=stale")
    assert response.headers["Cache-Control"] == "no-cache"
    again = client.http.get(f"/static/{a_file}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("name", ["missing.css", ".hidden.css", "script.py", "..%2Fapp.py"])
def test_anything_else_is_a_404_problem(client, a_file, name):
    response = client.http.get(f"/static/{name}")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_asset_url_refuses_a_missing_file(a_file):
    with pytest.raises(KeyError):
        assets.asset_url("missing.css")
