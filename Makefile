# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# checkov (the IaC scanner the package step runs) has many dependencies: it gets its own virtualenv inside
# .venv, so the project's pinned versions never change and `make clean` removes both.
CHECKOV_VERSION := 3.3.30
CHECKOV_STAMP := $(VENV)/checkov/.installed-$(CHECKOV_VERSION)

.PHONY: run test bench lint browser-deps clean generated package checkov

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip>=25.1'
	$(PY) -m pip install --quiet --group dev
	@rm -f $(VENV)/.installed-* && touch $@

$(CHECKOV_STAMP):
	@test -x $(VENV)/checkov/bin/python || $(PYTHON) -m venv $(VENV)/checkov
	$(VENV)/checkov/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)'
	@rm -f $(VENV)/checkov/.installed-* && touch $@

## checkov: the IaC scanner the package step runs, in its own virtualenv (.venv/checkov)
checkov: $(CHECKOV_STAMP)

## run: the service on http://127.0.0.1:8000 (PORT overrides), S3 mocked by moto
run: generated
	$(PY) -m chalicelib.authoring.localrun

## test: lint, then every test (gets Chromium for the browser tests when missing)
test: $(STAMP) $(CHECKOV_STAMP) browser-deps
	$(PY) -m ruff check .
	$(PY) -m pytest

## bench: one table of speed and size figures, each against a reference measured in the same run
bench: generated browser-deps
	$(PY) -m tests.benchmarks.run

## generated: the files made from sources (widget copies, compiled catalogs, fallback bundle); never committed
generated: $(STAMP)
	$(PY) -m chalicelib.authoring.build

## package: SAM template + zip for STAGE (dev by default) in build/STAGE, the edge (CDN, WAF, throttling) merged
## in, then cfn-lint and checkov on the template
STAGE ?= dev
package: $(STAMP) $(CHECKOV_STAMP)
	.chalice/package.sh $(STAGE) build/$(STAGE)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: browser tests will fall back to Playwright's own browser or be skipped"; fi; }

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
