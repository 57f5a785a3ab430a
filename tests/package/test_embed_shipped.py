"""What ships to Lambda: chalicelib/static/embed-* are exact copies of the widget/ sources."""

from __future__ import annotations

from chalicelib.authoring.cli import main
from chalicelib.authoring.cli.widget import SHIPPED, WIDGET_DIR, stale


def test_every_widget_source_is_shipped():
    assert sorted(p.name for p in WIDGET_DIR.iterdir() if p.is_file()) == sorted(SHIPPED)


def test_shipped_copies_match_their_sources():
    assert stale() == [], "run: python -m chalicelib.authoring build-widget"


def test_build_widget_check_fails_on_a_stale_copy(tmp_path, monkeypatch, capsys):
    from chalicelib.authoring.cli import widget

    monkeypatch.setattr(widget, "STATIC_DIR", tmp_path)
    (tmp_path / "embed-loader.js").write_text("// an old copy\n")
    assert main(["build-widget", "--check"]) == 1
    assert "out of date: chalicelib/static/embed-loader.js" in capsys.readouterr().out
    assert main(["build-widget"]) == 0
    assert main(["build-widget", "--check"]) == 0
    assert (tmp_path / "embed-loader.js").read_bytes() == (WIDGET_DIR / "loader.js").read_bytes()
