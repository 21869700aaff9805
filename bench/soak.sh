#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# soak.sh: the client against the demo server for --duration seconds (default 600) with forced
# drops every few seconds (server-side cuts on /counter, client-side restarts, a new fault
# endpoint every second), then: no event lost or duplicated (the counter's ids are contiguous),
# memory flat after warm-up (RSS sampled), no file descriptor leaked (/proc/PID/fd).
#
# usage: bench/soak.sh [--duration S] [--sample S] [--retention N] [--drop-every S]
# Needs a built tree (build-aux/test or meson compile -C _build; RUNNEL_BUILDDIR to choose).
# Not part of the test suite. Mostly idle I/O: about 10% of one core on a 2-core machine.
# Prints one sample line per --sample seconds on stderr and a JSON summary on stdout; the exit
# status is runnel-soak's: 0 every check held, 1 one did not.

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
runnel="$builddir/src/runnel"
soak="$builddir/bench/runnel-soak"

for exe in "$runnel" "$soak"; do
  [ -x "$exe" ] || { echo "soak.sh: build first: $exe is missing" >&2; exit 1; }
done

tmp="$(mktemp -d)"
server_pid=""
cleanup ()
{
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# the demo server on a free port, in its own process: its first line on stdout is its URL
mkfifo "$tmp/out"
"$runnel" --demo-server --port 0 > "$tmp/out" 2> "$tmp/server.log" &
server_pid=$!
exec 3< "$tmp/out"
read -r -t 10 url <&3 || { echo "soak.sh: the demo server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
echo "soak.sh: demo server at $url (pid $server_pid)" >&2

server_rss ()
{
  awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"
}
echo "soak.sh: demo server rss at start: $(server_rss) KiB" >&2

status=0
"$soak" "$@" "$url" || status=$?

echo "soak.sh: demo server rss at end: $(server_rss) KiB" >&2
exit $status
