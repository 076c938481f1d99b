"""Runs every scenario of Benchmarks/compare.sh with our Swift tools and with Slack's Python SDK, on the same simulator
data, and prints a table of medians and ratios. Called by compare.sh, which builds and installs everything first.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="folder of the release binaries")
parser.add_argument("--work", required=True, help="scratch folder")
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--events", type=int, default=500_000)
args = parser.parse_args()
CLI = os.path.join(args.bin, "slack-audit-logs")
BENCH = os.path.join(args.bin, "slack-audit-logs-benchmarks")
PY = sys.executable


def log(text):
    print(text, file=sys.stderr, flush=True)


class Simulator:
    """`slack-audit-logs simulate` in the background; reads the base URL and token from its banner."""

    def __init__(self, *extra, events=None):
        self.process = subprocess.Popen(
            [CLI, "simulate", "--port", "0", "--seed", "42", "--events", str(events or args.events), "--days", "30",
             *extra],
            stdout=subprocess.PIPE, text=True)
        self.base_url = self.token = None
        for line in self.process.stdout:
            if line.startswith("base URL:"):
                self.base_url = line.split()[-1]
            if line.startswith("token:"):
                self.token = line.split()[-1]
            if self.base_url and self.token:
                break
        assert self.base_url and self.token, "the simulator did not start"
        self.now = int(time.time())

    def stop(self):
        self.process.terminate()
        self.process.wait()


def measure(command, env=None):
    """Wall time, CPU time and peak RSS of a command, from measure.py (the kernel's accounting of that child)."""
    output = subprocess.run([PY, os.path.join(HERE, "measure.py"), "--", *command],
                            capture_output=True, text=True, env=env, check=True).stdout
    result = json.loads(output)
    if result["status"] != 0:
        raise SystemExit(f"{command[0]} failed ({result['status']}): {result['stderr']}")
    return result


def median(values):
    return statistics.median(values)


def count_lines(path):
    with open(path, "rb") as file:
        return sum(1 for _ in file)


rows = []


def row(scenario, metric, swift, python, better="higher"):
    if swift <= 0 or python <= 0:
        ratio = None
    else:
        ratio = (swift / python) if better == "higher" else (python / swift)
    rows.append((scenario, metric, swift, python, ratio))


def env_with_token(token):
    env = dict(os.environ)
    env["SLACK_AUDIT_TOKEN"] = token
    return env


# ---------------------------------------------------------------- scenarios 1-3: no rate limit
log(f"== simulator: {args.events} events over 30 days, seed 42, no rate limit")
sim = Simulator("--rate-limit", "0")
oldest, latest = sim.now - 31 * 86_400, sim.now
try:
    page_path = os.path.join(args.work, "page.json")
    request = urllib.request.Request(f"{sim.base_url}logs?limit=9999&oldest={oldest}&latest={latest}",
                                     headers={"Authorization": f"Bearer {sim.token}"})
    with urllib.request.urlopen(request) as response, open(page_path, "wb") as file:
        file.write(response.read())
    page_mb = os.path.getsize(page_path) / 1e6
    log(f"== scenario 1 and 2 on one 9,999-entry page ({page_mb:.1f} MB)")
    for scenario, mode, script in [("1. decode to typed objects", "page-decode", "decode.py"),
                                   ("2. page to NDJSON lines", "page-passthrough", "passthrough.py")]:
        swift = median([float(subprocess.run([BENCH, mode, page_path, "5"], capture_output=True, text=True,
                                             check=True).stdout.split()[0]) for _ in range(args.runs)])
        python = median([float(subprocess.run([PY, os.path.join(HERE, script), page_path, "5"], capture_output=True,
                                              text=True, check=True).stdout.split()[0]) for _ in range(args.runs)])
        row(scenario, "MB/s", swift, python)

    log(f"== scenario 3: pull all {args.events} events to an NDJSON file")
    env = env_with_token(sim.token)
    variants = {
        "swift": lambda out: [CLI, "collect", "--base-url", sim.base_url, "--since", str(oldest), "--until",
                              str(latest + 1), "--settle-lag", "0", "--rate", "1000000",
                              "--output", out, "--checkpoint", out + ".ckpt"],
        "swift-4": lambda out: [CLI, "collect", "--base-url", sim.base_url, "--since", str(oldest), "--until",
                                str(latest + 1), "--settle-lag", "0", "--rate", "1000000",
                                "--workers", "4", "--output", out, "--checkpoint", out + ".ckpt"],
        "python": lambda out: [PY, os.path.join(HERE, "collect.py"), sim.base_url, str(oldest), str(latest), "9999",
                               out],
    }
    results = {name: [] for name in variants}
    for run in range(args.runs):
        for name, command in variants.items():
            out = os.path.join(args.work, f"e2e-{name}.ndjson")
            for stale in (out, out + ".ckpt"):
                if os.path.exists(stale):
                    os.remove(stale)
            result = measure(command(out), env=env)
            lines = count_lines(out)
            if lines != args.events:
                raise SystemExit(f"{name} wrote {lines} lines, expected {args.events}")
            results[name].append(result)
    for name, label in [("swift", "1 worker"), ("swift-4", "4 workers")]:
        for metric, key, better in [("wall s", "wall", "lower"), ("CPU s", "cpu", "lower"),
                                    ("peak RSS MB", "max_rss_mb", "lower")]:
            row(f"3. {args.events} events end to end ({label})", metric,
                median([r[key] for r in results[name]]), median([r[key] for r in results["python"]]), better)
finally:
    sim.stop()

# ---------------------------------------------------------------- scenario 4: rate limited
log("== scenario 4: 600 calls/min, 200 ms latency per request, 1000-entry pages")
sim = Simulator("--rate-limit", "600", "--latency", "200")
try:
    # About 60 pages: a fixed range of the simulated month.
    span = int(60 * 1000 / (args.events / (30 * 86_400)))
    oldest, latest = sim.now - 10 * 86_400 - span, sim.now - 10 * 86_400
    env = env_with_token(sim.token)
    fourth = {"python": [], "swift-1": [], "swift-4": []}
    for run in range(max(1, min(args.runs, 3))):
        out = os.path.join(args.work, "rate-python.ndjson")
        result = measure([PY, os.path.join(HERE, "collect.py"), sim.base_url, str(oldest), str(latest), "1000", out,
                          "--retry-429"], env=env)
        summary = json.loads(result["stdout"].strip().splitlines()[-1])
        fourth["python"].append((summary["pages"] / result["wall"] * 60, summary["rate_limited"]))
        time.sleep(2)  # let the simulator's bucket refill between runs
        for workers in (1, 4):
            out = os.path.join(args.work, f"rate-swift-{workers}.ndjson")
            for stale in (out, out + ".ckpt"):
                if os.path.exists(stale):
                    os.remove(stale)
            command = [CLI, "collect", "--base-url", sim.base_url, "--since", str(oldest), "--until", str(latest + 1),
                       "--settle-lag", "0", "--rate", "600", "--limit", "1000", "--workers",
                       str(workers), "--output", out, "--checkpoint", out + ".ckpt", "--verbose",
                       "--log-level", "warning"]
            result = measure(command, env=env)
            stats = [line for line in result["stderr"].splitlines() if line.startswith("Rate limiter:")][-1]
            calls = int(stats.split()[2])
            limited = int(stats.split(",")[1].split()[0])
            fourth[f"swift-{workers}"].append(((calls - limited) / result["wall"] * 60, limited))
            time.sleep(2)
    for name, label in [("swift-1", "1 worker"), ("swift-4", "4 workers")]:
        row(f"4. rate-limited backfill ({label})", "pages/min", median([p for p, _ in fourth[name]]),
            median([p for p, _ in fourth["python"]]))
        row(f"4. rate-limited backfill ({label})", "429s per run", median([q for _, q in fourth[name]]),
            median([q for _, q in fourth["python"]]), "lower")
finally:
    sim.stop()

# ---------------------------------------------------------------- scenarios 5 and 6: 20 full pages
log("== scenarios 5 and 6: 20 full pages (199,980 events), simulator at Slack's 50 calls/min")
sim = Simulator("--rate-limit", "50", "--profile", "uniform", events=20 * 9999)
try:
    oldest, latest = sim.now - 31 * 86_400, sim.now
    env = env_with_token(sim.token)
    pulls = {"swift": [], "python": [], "logs": []}
    for run in range(args.runs):
        for name in pulls:
            out = os.path.join(args.work, f"pull-{name}.ndjson")
            if os.path.exists(out):
                os.remove(out)
            if name == "swift":
                command = [BENCH, "pull", sim.base_url, str(oldest), str(latest), out]
            elif name == "logs":
                command = ["sh", "-c", f'exec "$0" logs --all --limit 9999 --oldest {oldest} --latest {latest} '
                                       f'--base-url {sim.base_url} > "$1"', CLI, out]
            else:
                command = [PY, os.path.join(HERE, "collect.py"), sim.base_url, str(oldest), str(latest), "9999", out]
            result = measure(command, env=env)
            lines = count_lines(out)
            if lines != 20 * 9999:
                raise SystemExit(f"{name} wrote {lines} lines, expected {20 * 9999}")
            pulls[name].append(result)
            # The budget is 50 calls a minute: wait for the simulator's bucket to refill before the next 20 calls.
            time.sleep(25)
    for metric, key in [("wall s", "wall"), ("CPU s", "cpu"), ("peak RSS MB", "max_rss_mb")]:
        row("5. 20 full pages through rawLogPages to a file", metric, median([r[key] for r in pulls["swift"]]),
            median([r[key] for r in pulls["python"]]), "lower")
    row("6. logs --all, 20 full pages, Tier 3 limiter", "wall s", median([r["wall"] for r in pulls["logs"]]),
        median([r["wall"] for r in pulls["python"]]), "lower")
    row("6. logs --all, 20 full pages, Tier 3 limiter", "peak RSS MB",
        median([r["max_rss_mb"] for r in pulls["logs"]]), median([r["max_rss_mb"] for r in pulls["python"]]),
        "lower")
finally:
    sim.stop()

# ---------------------------------------------------------------- table
print(f"\nslack-audit-logs vs slack_sdk — medians of {args.runs} runs — {platform.machine()}, "
      f"{os.cpu_count()} cores, Python {platform.python_version()}")
print(f"{'scenario':<44} {'metric':<13} {'Swift':>10} {'Python':>10} {'ratio':>8}")
for scenario, metric, swift, python, ratio in rows:
    ratio_text = f"{ratio:.1f}x" if ratio is not None else "-"
    print(f"{scenario:<44} {metric:<13} {swift:>10.1f} {python:>10.1f} {ratio_text:>8}")
print("ratio: how many times better Swift is (Swift/Python for MB/s and pages/min, Python/Swift for times, memory "
      "and 429s); '-' where a side is zero")
