#!/usr/bin/env bash
# Each staff page once after another, three times, against `homehelper
# serve -dev` on a copy of a seeded data folder: the dashboard (60 days),
# the households list, one household's page, the weekly board, the
# journeys and the comparison of groups; prints each answer's time and
# the server's peak memory (VmHWM, reset before each page). Issue 11 asks that a million-event pilot open as fast as a
# fresh one: docs/performance.md.
#
#   bash loadtest/staff-pages.sh DATA_FOLDER [LAST_DAY]
#
# DATA_FOLDER holds homehelper.db and pseudonym.key (homehelper seed makes
# one); LAST_DAY (default 2026-12-03) is the dashboard's last day. Linux
# only (/proc).
set -euo pipefail
src=${1:?data folder}; last=${2:-2026-12-03}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 700 "$work"; mkdir -m 700 "$work/data"
cp "$src/homehelper.db" "$src/pseudonym.key" "$work/data/"
(cd "$root" && go build -o "$work/homehelper" ./cmd/homehelper)
export HOMEHELPER_STAFF_TOKEN=staff-pages-0123456789abcdef0123
addr=127.0.0.1:18098
"$work/homehelper" serve -dev -data "$work/data" -addr $addr >"$work/serve.log" 2>&1 &
pid=$!
until curl -s -o /dev/null "http://$addr/"; do sleep 0.3; done
for _ in $(seq 120); do grep -q "retention" "$work/serve.log" && break; sleep 1; done
sleep 3
hwm() { awk '/VmHWM/ {print $2/1024 " MiB"}' /proc/$pid/status; }
from=$(date -u -d "$last - 59 days" +%F)
hh=$(curl -s -H "Authorization: Bearer $HOMEHELPER_STAFF_TOKEN" "http://$addr/staff/households" |
  grep -o 'href="/staff/households/[^"/?#]*"' | sed -n '1s/.*households\///; 1s/"$//p')
echo "after start-up: $(hwm); household $hh"
for round in 1 2 3; do
  for page in "/staff/?from=$from&to=$last" /staff/households "/staff/households/$hh" "/staff/api/board.csv?from=$from&to=$last" \
    "/staff/journeys?from=$from&to=$last" "/staff/compare?from=$from&to=$last"; do
    echo 5 >/proc/$pid/clear_refs
    t=$(curl -s -o /dev/null -w "%{http_code} %{time_total}s" -H "Authorization: Bearer $HOMEHELPER_STAFF_TOKEN" "http://$addr$page" || echo " (curl failed: $?)")
    echo "round $round  $page  $t  peak $(hwm)"
  done
done
