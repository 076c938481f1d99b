"""Runs a command and reports its wall time, CPU time (user + system) and peak RSS, from the kernel's own accounting.

Usage: python measure.py -- COMMAND ARGS...  -> prints JSON: wall, cpu, max_rss_mb, status, stdout, stderr
"""
import json
import os
import subprocess
import sys
import threading
import time

command = sys.argv[sys.argv.index("--") + 1:]
start = time.perf_counter()
process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
# wait4 gives the child's own resource usage, not the sum of every child so far.
out_chunks, err_chunks = [], []


def drain(stream, sink):
    for chunk in iter(lambda: stream.read(65536), b""):
        sink.append(chunk)


threads = [threading.Thread(target=drain, args=(process.stdout, out_chunks)),
           threading.Thread(target=drain, args=(process.stderr, err_chunks))]
for thread in threads:
    thread.start()
_, status, usage = os.wait4(process.pid, 0)
wall = time.perf_counter() - start
for thread in threads:
    thread.join()
print(json.dumps({
    "wall": wall,
    "cpu": usage.ru_utime + usage.ru_stime,
    "max_rss_mb": usage.ru_maxrss / 1024,
    "status": os.waitstatus_to_exitcode(status),
    "stdout": b"".join(out_chunks).decode(errors="replace")[-2000:],
    "stderr": b"".join(err_chunks).decode(errors="replace")[-2000:],
}))
