#!/usr/bin/env bash
# Builds each library's documentation with the toolchain's docc and fails on any warning.
# Uses the symbol graphs of the existing debug build (`swift package dump-symbol-graph`), so it adds seconds, not a
# rebuild. Usage: bash Scripts/check-docc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-symbol-graph --minimum-access-level public >/dev/null
graphs=".build/$(uname -m)-unknown-linux-gnu/symbolgraph"
[ -d "$graphs" ] || graphs=$(dirname "$(find .build -name 'SlackAuditLogs.symbols.json' -path '*symbolgraph*' | head -1)")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for module in SlackAuditLogs SlackAuditLogsSimulator SlackAuditLogsCollector; do
  mkdir -p "$work/$module"
  cp "$graphs/$module.symbols.json" "$work/$module/"
  cp "$graphs/$module"@*.symbols.json "$work/$module/" 2>/dev/null || true
  output=$(docc convert "Sources/$module/Docs.docc" --additional-symbol-graph-dir "$work/$module" --analyze \
    --output-path "$work/$module.doccarchive" --fallback-display-name "$module" \
    --fallback-bundle-identifier "$module" 2>&1)
  if echo "$output" | grep -qE "warning|error"; then
    echo "$module: DocC reports problems:" >&2
    echo "$output" | grep -E "warning|error" >&2
    status=1
  else
    echo "$module: documentation builds without warnings"
  fi
done
exit $status
