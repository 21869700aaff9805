#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# parser.sh: the engine's speed: `runnel --print --summary -` on an LLM-style capture, side by
# side with eventsource-parser 4.1.3 (the most used JavaScript parser) doing the same work.
#
# usage: bench/parser.sh [SIZE_MB [RUNS]]     (default 200 MB, 3 runs each, alternating)
# Needs a built tree (build-aux/test or meson compile -C _build; RUNNEL_BUILDDIR to choose),
# node and npm. The capture and the npm package go to a temporary folder, removed at the end.
# Prints the median rate of each (MB/s, 1 MB = 10^6 bytes, whole process: start-up, reading
# standard input, decoding, parsing, counting), their ratio, and each one's peak RSS.

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
runnel="$builddir/src/runnel"
size_mb="${1:-200}"
runs="${2:-3}"

for tool in node npm /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "parser.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$runnel" ] || { echo "parser.sh: build first: $runnel is missing" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "capture: $size_mb MB of LLM-style events in $tmp" >&2
node "$srcdir/bench/gen-capture.mjs" "$tmp/capture.txt" "$((size_mb * 1000000))"
bytes="$(stat -c %s "$tmp/capture.txt")"

echo "peer: npm install eventsource-parser@4.1.3" >&2
mkdir "$tmp/peer"
(cd "$tmp/peer" && npm init -y >/dev/null &&
   npm install --silent --no-audit --no-fund eventsource-parser@4.1.3 >/dev/null)

# one timed run: prints "SECONDS PEAK_RSS_KB EVENTS"
measure ()
{
  local start end
  start="$(date +%s%N)"
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" < "$tmp/capture.txt" > "$tmp/summary"
  end="$(date +%s%N)"
  echo "$(( end - start )) $(tail -n 1 "$tmp/rss") $(grep -o '"events":[0-9]*' "$tmp/summary" | cut -d: -f2)"
}

: > "$tmp/runnel.txt"
: > "$tmp/peer.txt"
for ((i = 1; i <= runs; i++)); do
  measure "$runnel" --print --summary - >> "$tmp/runnel.txt"
  PEER_DIR="$tmp/peer" measure node "$srcdir/bench/peer-eventsource-parser.mjs" >> "$tmp/peer.txt"
done

# median of column $2 of file $1
median ()
{
  sort -n -k "$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

runnel_ns="$(median "$tmp/runnel.txt" 1)"
peer_ns="$(median "$tmp/peer.txt" 1)"
runnel_rss="$(median "$tmp/runnel.txt" 2)"
peer_rss="$(median "$tmp/peer.txt" 2)"
runnel_events="$(head -n 1 "$tmp/runnel.txt" | cut -d' ' -f3)"
peer_events="$(head -n 1 "$tmp/peer.txt" | cut -d' ' -f3)"

awk -v bytes="$bytes" -v rn="$runnel_ns" -v pn="$peer_ns" -v rr="$runnel_rss" -v pr="$peer_rss" \
    -v re="$runnel_events" -v pe="$peer_events" -v runs="$runs" 'BEGIN {
  r = bytes / 1e6 / (rn / 1e9); p = bytes / 1e6 / (pn / 1e9);
  printf "capture: %.1f MB, %d events (peer counted %d), median of %d runs each\n", bytes / 1e6, re, pe, runs;
  printf "runnel --print --summary -   %8.1f MB/s  %6.3f s  peak RSS %6.1f MB\n", r, rn / 1e9, rr / 1024;
  printf "eventsource-parser 4.1.3     %8.1f MB/s  %6.3f s  peak RSS %6.1f MB\n", p, pn / 1e9, pr / 1024;
  printf "ratio: runnel is %.2fx the peer\n", r / p;
}'

if [ "$runnel_events" != "$peer_events" ]; then
  echo "parser.sh: the two counted different numbers of events" >&2
  exit 1
fi
