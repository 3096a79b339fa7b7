#!/usr/bin/env bash
# Load test, long mode: `homehelper loadtest` (virtual tenants holding whole
# conversations, then the books checked against the store) against a freshly
# built `homehelper serve -dev` on loopback, over SQLite or over DynamoDB
# (moto_server, in memory, from the machine image: a tenant's change is a
# DynamoDB transaction, which dynalite does not implement).
#
#   bash loadtest/conversations.sh [sqlite|dynamodb] [tenants] [seconds] [seed]
#
# The short mode runs inside `make test` (TestLoadShort). Figures go in
# docs/reliability.md, "Load". Everything it starts it stops; its folder
# (binary, data, server log) is thrown away unless LOADTEST_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-sqlite}
tenants=${2:-50}
secs=${3:-60}
seed=${4:-1}
case "$store" in sqlite|dynamodb) ;; *) echo "store must be sqlite or dynamodb" >&2; exit 2 ;; esac

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [ -n "${LOADTEST_KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# wait_for FILE TEXT: until the log says it is ready (10 s at most).
wait_for() {
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "not ready: $1" >&2; cat "$1" >&2; exit 1
}

go build -o "$work/homehelper" ./cmd/homehelper
flags=()
if [ "$store" = dynamodb ]; then
  dport=$(( 20000 + RANDOM % 20000 ))
  moto_server -H 127.0.0.1 -p "$dport" > "$work/moto.log" 2>&1 &
  pids+=($!)
  # moto's own API answers once it is up (2–3 s; 30 s at most).
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$dport/moto-api/data.json" > /dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$dport/moto-api/data.json" > /dev/null || { echo "moto_server not ready" >&2; cat "$work/moto.log" >&2; exit 1; }
  # Only the local moto_server: no AWS account's settings or credentials are read.
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE
  export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$dport" AWS_REGION=eu-west-1 \
    AWS_ACCESS_KEY_ID=loadtest AWS_SECRET_ACCESS_KEY=loadtest AWS_EC2_METADATA_DISABLED=true \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  flags=(-store dynamodb -data-table loadtest-data -usage-table loadtest-usage)
  "$work/homehelper" dynamo init "${flags[@]}" 2>/dev/null
fi

port=$(( 20000 + RANDOM % 20000 ))
"$work/homehelper" serve -dev -addr "127.0.0.1:$port" -data "$work/data" "${flags[@]}" > "$work/serve.log" 2>&1 &
pids+=($!)
wait_for "$work/serve.log" "is listening on"

echo "machine: $(nproc) CPUs, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(go env GOVERSION)"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "before:  $(uptime)"
status=0
"$work/homehelper" loadtest -url "http://127.0.0.1:$port" -data "$work/data" "${flags[@]}" \
  -tenants "$tenants" -duration "${secs}s" -seed "$seed" || status=$?
echo "after:   $(uptime)"
echo "server log: $(grep -c 'level=WARN' "$work/serve.log" || true) warnings, $(grep -c 'level=ERROR' "$work/serve.log" || true) errors"
# By message, then the first few in full.
grep -E 'level=(WARN|ERROR)' "$work/serve.log" | sed -E 's/.*(level=[A-Z]+) msg="([^"]*)".*/  \1 \2/' | sort | uniq -c | sort -rn || true
grep -m5 -E 'level=(WARN|ERROR)' "$work/serve.log" || true
exit "$status"
