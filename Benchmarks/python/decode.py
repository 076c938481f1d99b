"""Scenario 1: parse one saved /logs page into slack_sdk's typed objects, as `AuditLogsResponse.typed_body` does.

Usage: python decode.py PAGE.json RUNS  -> prints the median MB/s
"""
import json
import statistics
import sys
import time

from slack_sdk.audit_logs.v1.logs import LogsResponse

raw = open(sys.argv[1], "rb").read().decode("utf-8")
runs = int(sys.argv[2])
timings = []
for _ in range(runs + 1):  # the first run warms up
    start = time.perf_counter()
    typed = LogsResponse(**json.loads(raw))
    timings.append(time.perf_counter() - start)
    assert len(typed.entries) > 0
print(f"{len(raw.encode()) / 1e6 / statistics.median(timings[1:]):.1f}")
