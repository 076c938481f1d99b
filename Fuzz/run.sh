#!/usr/bin/env bash
# Fuzzes the parser, the typed models, the page scanner, the checkpoint loader and the CLI's time parsing with
# libFuzzer and AddressSanitizer, starting from Fuzz/Corpus.
#
#     bash Fuzz/run.sh [seconds per target] [target…]     (default: 30 seconds, every target)
#
# Exits non-zero on any finding (a crash, a sanitizer report, a broken invariant, a leak); the input that caused it
# is left in .build-fuzz/findings/. The corpus in the repository is only read: new inputs go to .build-fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(json models scanner checkpoint times serve-config); fi

scratch=.build-fuzz
echo "== building the fuzz targets with -sanitize=fuzzer,address" >&2
swift build --scratch-path "$scratch" --product SlackAuditLogsFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
binary="$scratch/debug/SlackAuditLogsFuzz"

status=0
for target in "${targets[@]}"; do
  corpus="$scratch/corpus/$target"
  findings="$scratch/findings/$target"
  mkdir -p "$corpus" "$findings"
  cp -n Fuzz/Corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "== $target: ${seconds}s" >&2
  log="$scratch/$target.log"
  if FUZZ_TARGET="$target" "$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" > "$log" 2>&1; then
    runs=$(grep -m1 "stat::number_of_executed_units" "$log" | awk '{print $2}')
    echo "$target: ${runs:-?} executions in ${seconds}s, no finding" >&2
  else
    echo "$target: FINDING (see $log and $findings/)" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
done
exit "$status"
