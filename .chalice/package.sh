#!/usr/bin/env bash
# The package step: `chalice package` for a stage (SAM template + deployment zip), with the edge merged in from
# edge.json (the CloudFront distribution and its cache policies, the WAF rate limits, API Gateway stage
# throttling and problem+json gateway errors), then cfn-lint and checkov (.chalice/checkov.yaml) on the result.
# Usage: .chalice/package.sh STAGE OUT_DIR   (run from the repository root; `make package` does)
#
# It builds the generated files in the checkout (chalicelib/authoring/build.py, after every content gate), then
# packages a staging copy of the project: chalicelib/ without chalicelib/authoring/ (editors' and operators'
# tools; a deployed stage reads S3 or the baked bundle and never imports them) and without stray __pycache__.
# Every module in the zip then gets its bytecode (.chalice/bytecode.py).
set -euo pipefail
stage="${1:?stage (dev or prod)}"
out="${2:?output folder}"
bin="$(cd "${BIN:-.venv/bin}" && pwd)"
checkov="${CHECKOV:-$PWD/.venv/checkov/bin/checkov}"  # its own virtualenv: `make checkov` (make package and make test do)
[ -x "$checkov" ] || { echo "checkov not found at $checkov: run 'make checkov' first" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -rf "$out"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/.chalice" && mkdir -p .chalice/deployments
cp app.py requirements.txt "$work/"
cp .chalice/config.json .chalice/policy-*.json .chalice/edge.json "$work/.chalice/"
ln -s "$PWD/.chalice/deployments" "$work/.chalice/deployments"  # Chalice's cache of built dependencies
"$bin/python" -m chalicelib.authoring build  # every gate, then the generated files
cp -R chalicelib "$work/chalicelib"
rm -rf "$work/chalicelib/authoring"
find "$work/chalicelib" -name __pycache__ -prune -exec rm -rf {} +

(cd "$work" && AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" \
  "$bin/chalice" package --stage "$stage" --merge-template .chalice/edge.json "$out")
"$bin/python" .chalice/bytecode.py "$out/deployment.zip"  # Lambda cannot cache bytecode on its read-only disk
"$bin/cfn-lint" "$out/sam.json"
echo "cfn-lint: no findings"
"$checkov" --config-file .chalice/checkov.yaml --file "$out/sam.json"
echo "packaged stage $stage: $out/sam.json and $out/deployment.zip (cfn-lint and checkov passed)"
