#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# demo-server.sh: the demo server's figures: how fast /firehose streams to one client, and how
# closely hundreds of simultaneous /clock clients tick on schedule.
#
# usage: bench/demo-server.sh [CLIENTS [EVENTS]]     (default 500 clients, 1000000 events)
# Needs a built tree (build-aux/test or meson compile -C _build; RUNNEL_BUILDDIR to choose) and
# curl. Runs `runnel --demo-server --port 0` on 127.0.0.1 for the firehose (3 runs, the median),
# then the test suite's many-clients case with RUNNEL_TEST_DEMO_CLIENTS=CLIENTS (clients and
# server in one process, each tick's lateness measured against the one before).

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
runnel="$builddir/src/runnel"
test_demo="$builddir/tests/test-demo-server"
clients="${1:-500}"
events="${2:-1000000}"

command -v curl >/dev/null || { echo "demo-server.sh: curl is missing" >&2; exit 1; }
for f in "$runnel" "$test_demo"; do
  [ -x "$f" ] || { echo "demo-server.sh: build first: $f is missing" >&2; exit 1; }
done
[ "$(ulimit -n)" -gt $((clients * 2 + 64)) ] ||
  { echo "demo-server.sh: ulimit -n is too low for $clients clients" >&2; exit 1; }

tmp="$(mktemp -d)"
server_pid=""
cleanup () {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

mkfifo "$tmp/url"
"$runnel" --demo-server --port 0 >"$tmp/url" 2>/dev/null &
server_pid=$!
read -r url <"$tmp/url"

# firehose: events of 100 bytes of data, as fast as the client reads them
rates=()
for run in 1 2 3; do
  out="$(curl -sS -o /dev/null -w '%{size_download} %{time_total}' \
           "${url}firehose?rate=0&size=100&count=$events")"
  rates+=("$(awk -v n="$events" '{ printf "%.0f %.1f\n", n / $2, $1 / $2 / 1e6 }' <<<"$out")")
done
median="$(printf '%s\n' "${rates[@]}" | sort -n | sed -n 2p)"
echo "firehose: $events events of 100 bytes, median of 3: ${median% *} events/s, ${median#* } MB/s"

kill "$server_pid"
wait "$server_pid" || true
server_pid=""

# many clients on /clock every second
RUNNEL_TEST_DEMO_CLIENTS="$clients" "$test_demo" -p /runnel/demo/many-clients |
  sed -n 's/^# \([0-9]* clients .*\)/clock: \1/p'
