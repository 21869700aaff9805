#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ui-load.sh: the window under load (issue 6): the real window under Xvfb on the demo server's
# /firehose at 5,000, 20,000 and 50,000 events/s, each for SECONDS (default 20): frame times from
# the GdkFrameClock (median and 99th percentile of the interval between frames, and of a frame's
# own work), events received vs kept/pending/dropped, peak RSS (bench/ui-firehose); then the
# memory one stream's log takes for 100,000 and 1,000,000 events of ~130 bytes
# (bench/event-log-memory). Targets: p99 frame time under 33 ms at 20,000 events/s; no more than
# payload + 100 bytes per retained event.
#
# usage: bench/ui-load.sh [SECONDS [EVENT_SIZE]]    (default 20 s, 130-byte events)
# Needs a built tree (meson compile -C _build; RUNNEL_BUILDDIR to choose), xvfb-run and
# dbus-run-session. Prints one JSON line per run.

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
seconds="${1:-20}"
size="${2:-130}"

if [ ! -x "$builddir/bench/ui-firehose" ]; then
  echo "ui-load.sh: build first (meson compile -C _build)" >&2
  exit 1
fi

export RUNNEL_BINARY="$builddir/src/runnel"
export GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=memory
export GTK_A11Y=none NO_AT_BRIDGE=1 LC_ALL=C.UTF-8

# GTK picks its GL renderer, which under Xvfb is software GL (llvmpipe) redrawing the whole window
# every frame; the cairo renderer redraws only what changed. BENCH_RENDERERS chooses. The first
# run of each renderer is its peer: the same window on the demo clock (one event a second), whose
# work_ms_p99 is what one redraw of the window costs that renderer on this machine.
for renderer in ${BENCH_RENDERERS:-gl cairo}; do
  GSK_RENDERER="$renderer" BENCH_PATH=clock \
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
    "$builddir/bench/ui-firehose" "$seconds" "$size" 2>/dev/null
  for rate in 5000 20000 50000; do
    GSK_RENDERER="$renderer" BENCH_RATE="$rate" \
      dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
      "$builddir/bench/ui-firehose" "$seconds" "$size" 2>/dev/null
  done
done

for count in 100000 1000000; do
  "$builddir/bench/event-log-memory" "$count" 130
done
