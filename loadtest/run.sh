#!/usr/bin/env bash
# Load test: wrk against `homehelper serve` with the SQLite store, every
# request a LaunchRequest with its own request id, so each writes one durable
# usage event. Then checks the books: one event per request wrk counted.
#
#   bash loadtest/run.sh [seconds] [connections]
#
# Needs wrk (apt-get install wrk). Figures go in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT

go build -o "$data/homehelper" ./cmd/homehelper
port=$(( 20000 + RANDOM % 20000 ))
"$data/homehelper" serve -dev -addr "127.0.0.1:$port" -data "$data/db" > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "wrk: $secs s, $conns connections, 2 threads, LaunchRequest with unique request ids"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s loadtest/launch.lua "http://127.0.0.1:$port" | tee "$data/wrk.out"

sent=$(awk '/^requests /{print $2}' "$data/wrk.out" | tr -d ,)
kill -INT $pid; wait $pid || true
stored=$("$data/homehelper" events -data "$data/db" | wc -l)
echo "requests counted by wrk: $sent; usage events stored: $stored"
# wrk counts only completed responses; a request in flight when it stops
# may still have been answered and logged, so stored may exceed sent by at
# most the number of connections.
if [ "$stored" -lt "$sent" ] || [ "$stored" -gt $(( sent + conns )) ]; then
  echo "BOOKS DO NOT BALANCE"; exit 1
fi
echo "books balance"
