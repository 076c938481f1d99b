"""Scenario 2: one saved /logs page to NDJSON lines, the way a Python collector does it (json.loads, then json.dumps
per entry).

Usage: python passthrough.py PAGE.json RUNS  -> prints the median MB/s
"""
import json
import statistics
import sys
import time

raw = open(sys.argv[1], "rb").read().decode("utf-8")
runs = int(sys.argv[2])
timings = []
for _ in range(runs + 1):
    start = time.perf_counter()
    body = json.loads(raw)
    lines = "".join(json.dumps(entry) + "\n" for entry in body["entries"])
    timings.append(time.perf_counter() - start)
    assert lines
print(f"{len(raw.encode()) / 1e6 / statistics.median(timings[1:]):.1f}")
