# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# One stamp per dependency group of pyproject.toml, named by its checksum: an edit there reinstalls.
HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.installed-run-$(HASH)
STAMP := $(VENV)/.installed-dev-$(HASH)
# checkov (the IaC scanner the package step runs) has many dependencies: it gets its own virtualenv inside
# .venv, so the project's pinned versions never change and `make clean` removes both.
CHECKOV_VERSION := 3.3.30
CHECKOV_STAMP := $(VENV)/checkov/.installed-$(CHECKOV_VERSION)

# LHC-Forms (the FHIR form engine a browser test runs every Questionnaire in), from npm at the version its lock
# file pins; installed again when the lock file changes.
LFORMS := tests/browser/lforms
LFORMS_STAMP := $(LFORMS)/node_modules/.installed-$(shell cksum < $(LFORMS)/package-lock.json | cut -d' ' -f1)

.PHONY: run test bench lint browser-deps lforms clean generated package checkov venv

# `make run` installs only what serving and editing need (the `run` group: the runtime, moto's S3 server, PyYAML,
# textstat for the reading gates), so a fresh clone answers in about 25 s rather than 55; `make test` adds the
# test toolchain (the `dev` group).
# --no-compile: Python compiles each module when first imported instead of all of botocore up front.
$(RUN_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(MAKE) --no-print-directory venv
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile --group run
	@rm -f $(VENV)/.installed-run-* && touch $@

# A venv without a bundled pip, given pip >= 25.1 (for --group) by the system's pip: about 9 s faster than
# ensurepip and then upgrading, which is the fallback where the system's Python has no pip of its own.
venv:
	@$(PYTHON) -m venv --without-pip $(VENV) && \
	  $(PYTHON) -m pip --python $(PY) install --quiet --disable-pip-version-check --no-compile 'pip>=25.1' || \
	  { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade 'pip>=25.1'; }

$(STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --group dev
	@rm -f $(VENV)/.installed-dev-* && touch $@

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
test: $(STAMP) $(CHECKOV_STAMP) browser-deps lforms
	$(PY) -m ruff check .
	$(PY) -m pytest

## bench: one table of speed and size figures, each against a reference measured in the same run
bench: $(STAMP) generated browser-deps
	$(PY) -m tests.benchmarks.run

## generated: the files made from sources (widget copies, compiled catalogs, fallback bundle); never committed
generated: $(RUN_STAMP)
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

## lforms: LHC-Forms for the FHIR browser test (node and npm from Debian when missing, as root)
lforms: $(LFORMS_STAMP)

$(LFORMS_STAMP): $(LFORMS)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's nodejs and npm for the LHC-Forms test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "npm not found: the LHC-Forms test will be skipped"; fi; }
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(LFORMS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(CURDIR)/$@; fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(LFORMS)/node_modules
