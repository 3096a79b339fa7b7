#!/usr/bin/env bash
# Three staff dashboards of different periods at once, round after round,
# against `homehelper serve -dev` on a copy of a seeded data folder; prints
# the server's peak (VmHWM) and resident (VmRSS) memory after each round.
# Issue 11's memory target is for this: docs/performance.md.
#
#   bash loadtest/dashboards-at-once.sh DATA_FOLDER [ROUNDS] [LAST_DAY]
#
# DATA_FOLDER holds homehelper.db and pseudonym.key (homehelper seed makes
# one); LAST_DAY (default 2026-12-03) is the periods' end. Linux only (/proc).
set -euo pipefail
src=${1:?data folder}; rounds=${2:-6}; last=${3:-2026-12-03}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 700 "$work"; mkdir -m 700 "$work/data"
cp "$src/homehelper.db" "$src/pseudonym.key" "$work/data/"
(cd "$root" && go build -o "$work/homehelper" ./cmd/homehelper)
export HOMEHELPER_STAFF_TOKEN=dashboards-at-once-0123456789abcdef
addr=127.0.0.1:18099
"$work/homehelper" serve -dev -data "$work/data" -addr $addr >"$work/serve.log" 2>&1 &
pid=$!
until curl -s -o /dev/null "http://$addr/"; do sleep 0.3; done
# The start-up retention pass runs in the background: let it finish.
for _ in $(seq 120); do grep -q "retention" "$work/serve.log" && break; sleep 1; done
sleep 3
mem() { grep -E 'VmHWM|VmRSS' /proc/$pid/status | tr -s ' \t' ' ' | paste -sd' '; }
echo "after start-up: $(mem)"
echo 5 >/proc/$pid/clear_refs
day() { date -u -d "$last - $1 days" +%F; }
for r in $(seq "$rounds"); do
  pids=()
  for days in 29 59 89; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}s  " -H "Authorization: Bearer $HOMEHELPER_STAFF_TOKEN" \
      "http://$addr/staff/?from=$(day $days)&to=$last" &
    pids+=($!)
  done
  wait "${pids[@]}"
  echo "round $r: $(mem)"
done
