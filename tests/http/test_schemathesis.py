"""schemathesis, with every check, against the generated OpenAPI document and the app on a local server."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from chalicelib.authoring.localrun import make_server

# The schema cannot say which answers an assessment needs (that is content), so a schema-valid body may
# rightly get 422 "Invalid answers" on the two that take answers; every other check keeps its defaults.
CONFIG = """
[[operations]]
include-path-regex = "/responses$"  # both answer routes: JSON answers, and a FHIR QuestionnaireResponse
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = [200, 404, 422]
# A body that breaks the schema may also be too large to read (over the documented 16 KB; a FHIR item's text
# may hold 2,000 characters): refusing it as too large is a rejection too.
checks.negative_data_rejection.expected-statuses = [400, 404, 413, 415, 422]
"""


def test_schemathesis_with_all_checks_finds_nothing(tmp_path):
    from app import app

    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    schema = f"http://127.0.0.1:{server.server.server_address[1]}/v1/openapi.json"
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(config),
        "run",
        schema,
        "--checks",
        "all",
        "--max-examples",
        "25",
        "--seed",
        "20261125",
        "--workers",
        "1",
        "--no-color",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    finally:
        server.server.shutdown()
        server.server.server_close()

    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "Tested: 7" in done.stdout  # every operation in the document was exercised
