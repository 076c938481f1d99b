"""Scenarios 3 and 4: pull a range from the Audit Logs API into an NDJSON file with slack_sdk, as its docs show:
loop on response_metadata.next_cursor, sending the filters again with each cursor, one json.dumps line per entry.

Usage: SLACK_AUDIT_TOKEN=... python collect.py BASE_URL OLDEST LATEST LIMIT OUTPUT [--retry-429]
Prints one JSON line: entries, pages, rate_limited (429s retried), seconds.
"""
import json
import os
import sys
import time

from slack_sdk.audit_logs import AuditLogsClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

base_url, oldest, latest, limit, output = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]


class CountingRateLimitHandler(RateLimitErrorRetryHandler):
    """The SDK's own 429 handler, counting the 429s it retries."""

    retried = 0

    def _can_retry(self, *, state, request, response=None, error=None):
        can = super()._can_retry(state=state, request=request, response=response, error=error)
        if can:
            CountingRateLimitHandler.retried += 1
        return can


handlers = [CountingRateLimitHandler(max_retry_count=1000)] if "--retry-429" in sys.argv else []
client = AuditLogsClient(token=os.environ["SLACK_AUDIT_TOKEN"], base_url=base_url, retry_handlers=handlers)
start = time.perf_counter()
entries = pages = 0
cursor = None
with open(output, "w") as out:
    while True:
        response = client.logs(oldest=oldest, latest=latest, limit=limit, cursor=cursor)
        pages += 1
        for entry in response.body.get("entries", []):
            out.write(json.dumps(entry) + "\n")
            entries += 1
        cursor = (response.body.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
print(json.dumps({
    "entries": entries,
    "pages": pages,
    "rate_limited": CountingRateLimitHandler.retried,
    "seconds": time.perf_counter() - start,
}))
