#!/usr/bin/env bash
# Benchmarks side by side with Slack's Python SDK, on the same data in the same run.
#
#     bash Benchmarks/compare.sh [runs]        (default 5 runs per measurement; needs network access to PyPI)
#
# Builds our release binaries, installs slack_sdk into .build-bench/venv (ignored by git), then
# Benchmarks/python/compare.py starts our simulator (fixed seed) and runs every scenario with both.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work=.build-bench
mkdir -p "$work"

echo "== building release binaries" >&2
swift build -c release --product slack-audit-logs >&2
swift build -c release --product slack-audit-logs-benchmarks >&2
bin="$(swift build -c release --show-bin-path)"

echo "== installing Slack's Python SDK into $work/venv" >&2
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install --quiet --upgrade slack_sdk >&2
"$work/venv/bin/python" -c 'import slack_sdk, sys; print("slack_sdk", slack_sdk.version.__version__, "on Python", sys.version.split()[0])' >&2

"$work/venv/bin/python" Benchmarks/python/compare.py --bin "$bin" --work "$work" --runs "$runs"
