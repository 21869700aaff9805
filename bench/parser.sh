#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# parser.sh: the engine's speed: `runnel --print --summary -` on an LLM-style capture, side by
# side with eventsource-parser 4.1.3 (the most used JavaScript parser) doing the same work.
#
# usage: bench/parser.sh [SIZE_MB [RUNS]]     (default 200 MB, 3 runs each, alternating)
# Needs a built tree (build-aux/test or meson compile -C _build; RUNNEL_BUILDDIR to choose),
# node and npm. The capture and the npm package go to a temporary folder, removed at the end.
# Prints the median rate of each (MB/s, 1 MB = 10^6 bytes, whole process: start-up, reading
# standard input, decoding, parsing, counting) by wall clock and by CPU time (on a shared
# machine the CPU figure is the steadier one), their ratio, and each one's peak RSS.

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
runnel="$builddir/src/runnel"
size_mb="${1:-200}"
runs="${2:-3}"

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "parser.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$runnel" ] || { echo "parser.sh: build first: $runnel is missing" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "capture: $size_mb MB of LLM-style events in $tmp" >&2
node "$srcdir/bench/gen-capture.mjs" "$tmp/capture.txt" "$((size_mb * 1000000))"

echo "peer: npm install eventsource-parser@4.1.3" >&2
mkdir "$tmp/peer"
(cd "$tmp/peer" && npm init -y >/dev/null &&
   npm install --silent --no-audit --no-fund eventsource-parser@4.1.3 >/dev/null)

# alternate the two, RUNS times each; wall and CPU time (user + system) of each whole process
# from wait4 (), and its peak RSS
PEER_DIR="$tmp/peer" python3 - "$tmp/capture.txt" "$runs" "$runnel" "$srcdir/bench/peer-eventsource-parser.mjs" <<'PY'
import json, os, statistics, subprocess, sys, time

capture, runs, runnel, peer = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
size = os.path.getsize(capture)
commands = {
    "runnel --print --summary -": [runnel, "--print", "--summary", "-"],
    "eventsource-parser 4.1.3": ["node", peer],
}
results = {name: [] for name in commands}

for _ in range(runs):
    for name, argv in commands.items():
        with open(capture, "rb") as stdin:
            start = time.perf_counter()
            process = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE)
            out = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"parser.sh: {name} failed with status {status}")
        events = json.loads(out)["events"]
        results[name].append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, events))

print(f"capture: {size / 1e6:.1f} MB, median of {runs} runs each, alternating; "
      f"1 MB = 10^6 bytes; whole process")
rates = {}
for name, rows in results.items():
    wall = statistics.median(r[0] for r in rows)
    cpu = statistics.median(r[1] for r in rows)
    rss = statistics.median(r[2] for r in rows)
    events = {r[3] for r in rows}
    rates[name] = (size / 1e6 / wall, size / 1e6 / cpu)
    print(f"{name:28} {size / 1e6 / wall:7.1f} MB/s wall ({wall:.3f} s)  "
          f"{size / 1e6 / cpu:7.1f} MB/s CPU ({cpu:.3f} s)  peak RSS {rss / 1024:5.1f} MB  "
          f"events {','.join(map(str, events))}")

(r_wall, r_cpu), (p_wall, p_cpu) = rates.values()
print(f"ratio: runnel is {r_wall / p_wall:.2f}x the peer (wall), {r_cpu / p_cpu:.2f}x (CPU)")
if len({r[3] for rows in results.values() for r in rows}) != 1:
    sys.exit("parser.sh: the two counted different numbers of events")
PY
