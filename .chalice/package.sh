#!/usr/bin/env bash
# The package step: `chalice package` for a stage (SAM template + deployment zip), with API Gateway stage
# throttling and problem+json gateway errors merged in from throttling.json, then cfn-lint on the result.
# Usage: .chalice/package.sh STAGE OUT_DIR   (run from the repository root; `make package` does)
set -euo pipefail
stage="${1:?stage (dev or prod)}"
out="${2:?output folder}"
bin="${BIN:-.venv/bin}"
rm -rf "$out"
# Page templates compiled to Python go into this package only; the checkout keeps rendering from sources.
trap 'rm -rf chalicelib/templates_compiled' EXIT
"$bin/python" -m chalicelib.cli compile-templates --into chalicelib/templates_compiled
AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" \
  "$bin/chalice" package --stage "$stage" --merge-template .chalice/throttling.json "$out"
"$bin/cfn-lint" "$out/sam.json"
echo "packaged stage $stage: $out/sam.json and $out/deployment.zip (cfn-lint passed)"
