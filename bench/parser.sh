#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# parser.sh: the engine's speed: `runnel --print --summary -` on LLM-style captures, side by
# side with eventsource-parser 4.1.3 (the most used JavaScript parser) doing the same work.
#
# usage: bench/parser.sh [--kind KIND[,KIND…]] [SIZE_MB [RUNS]]
#   KIND: ascii, mixed (accents and symbols in every event), cjk (Chinese in every event),
#   sparse (non-ASCII in one event in twenty); default ascii,mixed,cjk. 200 MB, 3 runs each.
#   RUNNEL_BEFORE=PATH adds another runnel binary (an older build) to the same runs.
# Needs a built tree (build-aux/test or meson compile -C _build; RUNNEL_BUILDDIR to choose),
# node and npm. The captures and the npm package go to a temporary folder, removed at the end.
# Prints, for each kind, the median rate of each (MB/s, 1 MB = 10^6 bytes, whole process:
# start-up, reading standard input, decoding, parsing, counting) by wall clock and by CPU time
# (on a shared machine the CPU figure is the steadier one), the ratios and each one's peak RSS,
# then the kinds side by side.

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
runnel="$builddir/src/runnel"
kinds="ascii,mixed,cjk"
if [ "${1:-}" = "--kind" ]; then
  kinds="${2:?parser.sh: --kind needs ascii, mixed, cjk or sparse}"
  shift 2
fi
size_mb="${1:-200}"
runs="${2:-3}"

for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "parser.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$runnel" ] || { echo "parser.sh: build first: $runnel is missing" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for kind in ${kinds//,/ }; do
  echo "capture: $size_mb MB of LLM-style events ($kind) in $tmp" >&2
  node "$srcdir/bench/gen-capture.mjs" "$tmp/capture-$kind.txt" "$((size_mb * 1000000))" "$kind"
done

echo "peer: npm install eventsource-parser@4.1.3" >&2
mkdir "$tmp/peer"
(cd "$tmp/peer" && npm init -y >/dev/null &&
   npm install --silent --no-audit --no-fund eventsource-parser@4.1.3 >/dev/null)

# for each kind, alternate the programs, RUNS times each; wall and CPU time (user + system) of
# each whole process from wait4 (), and its peak RSS
PEER_DIR="$tmp/peer" python3 - "$tmp" "$kinds" "$runs" "$runnel" "${RUNNEL_BEFORE:-}" \
  "$srcdir/bench/peer-eventsource-parser.mjs" <<'PY'
import json, os, statistics, subprocess, sys, time

tmp, kinds, runs, runnel, before, peer = sys.argv[1:7]
runs = int(runs)
peer_name = "eventsource-parser 4.1.3"
commands = {"runnel --print --summary -": [runnel, "--print", "--summary", "-"]}
if before:
    commands["runnel (before) --print --summary -"] = [before, "--print", "--summary", "-"]
commands[peer_name] = ["node", peer]

table = []
for kind in kinds.split(","):
    capture = f"{tmp}/capture-{kind}.txt"
    size = os.path.getsize(capture)
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

    print(f"capture {kind}: {size / 1e6:.1f} MB, median of {runs} runs each, alternating; "
          f"1 MB = 10^6 bytes; whole process")
    rates = {}
    for name, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        rss = statistics.median(r[2] for r in rows)
        events = {r[3] for r in rows}
        rates[name] = (size / 1e6 / wall, size / 1e6 / cpu, rss / 1024)
        print(f"  {name:36} {size / 1e6 / wall:7.1f} MB/s wall ({wall:.3f} s)  "
              f"{size / 1e6 / cpu:7.1f} MB/s CPU ({cpu:.3f} s)  peak RSS {rss / 1024:5.1f} MB  "
              f"events {','.join(map(str, events))}")
    if len({r[3] for rows in results.values() for r in rows}) != 1:
        sys.exit(f"parser.sh: the programs counted different numbers of events ({kind})")
    table.append((kind, rates))

print()
print(f"{'kind':8} {'program':36} {'MB/s wall':>10} {'MB/s CPU':>10} {'RSS MB':>7} "
      f"{'x peer wall':>12} {'x peer CPU':>11}")
for kind, rates in table:
    p_wall, p_cpu, _ = rates[peer_name]
    for name, (wall, cpu, rss) in rates.items():
        ratio = "" if name == peer_name else f"{wall / p_wall:11.2f}x {cpu / p_cpu:10.2f}x"
        print(f"{kind:8} {name:36} {wall:10.1f} {cpu:10.1f} {rss:7.1f} {ratio}")
PY
