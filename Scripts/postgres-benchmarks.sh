#!/usr/bin/env bash
# serve's PostgreSQL store, measured on a fresh PostgreSQL cluster made for the run (initdb in a temporary folder,
# a Unix socket only, fsync on as in production, run as the postgres user when this runs as root), removed at the
# end: entries committed per second, the cost of fencing per commit, and failover times over KILLS SIGKILLs.
#
#     bash Scripts/postgres-benchmarks.sh [KILLS]      (20 by default; figures go in BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-20}"

bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
  if [ -x "$candidate/pg_ctl" ]; then bin="$candidate"; break; fi
done
if [ -z "$bin" ] && command -v pg_ctl >/dev/null 2>&1; then bin="$(dirname "$(command -v pg_ctl)")"; fi
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi

swift build -c release --product slack-audit-logs-benchmarks
swift build -c release --product slack-audit-logs-postgres
benchmarks="$(swift build -c release --show-bin-path)/slack-audit-logs-benchmarks"

folder="$(mktemp -d /tmp/sal-pg-bench-XXXXXX)"
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$folder"
  as_postgres=(runuser -u postgres --)
fi
cleanup() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap cleanup EXIT
"${as_postgres[@]}" "$bin/initdb" -D "$folder/data" --auth=trust --username=postgres --encoding=UTF8 \
  --locale=C.UTF-8 >"$folder/initdb.log"
"${as_postgres[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
  -o "-k $folder -c listen_addresses='' -p 5432 -c max_connections=200" start >/dev/null
"$benchmarks" postgres "postgresql://postgres@localhost/postgres?host=$folder&sslmode=disable" "$kills"
"$bin/postgres" --version
