#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# client.sh: the connection engine's speed over HTTP: nginx serves the parser benchmark's
# LLM-style captures as text/event-stream on 127.0.0.1, and three clients read each side by
# side: `runnel --print --summary --no-reconnect URL`, `curl -s -o /dev/null URL` (the
# transport's bound) and the `eventsource` npm client (EventSource for node) counting the same
# events. Then events/s from the demo server's /firehose into `runnel --print --summary`.
#
# usage: bench/client.sh [--kind KIND[,KIND…]] [SIZE_MB [RUNS]]
#   KIND as in bench/parser.sh: ascii, mixed, cjk, sparse; default ascii,mixed,cjk.
#   200 MB, 5 runs each, alternating. RUNNEL_BEFORE=PATH adds another runnel binary.
# Needs a built tree (meson compile -C _build; RUNNEL_BUILDDIR to choose), nginx (Debian
# nginx-light), curl, node and npm. Everything goes to a temporary folder, removed at the end;
# nginx and the demo server are stopped at the end.
# Prints each client's median rate (MB/s, 1 MB = 10^6 bytes, whole process: start-up, HTTP,
# parsing, counting) by wall clock and by CPU time, and the ratios.

set -euo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
builddir="${RUNNEL_BUILDDIR:-$srcdir/_build}"
runnel="$builddir/src/runnel"
kinds="ascii,mixed,cjk"
if [ "${1:-}" = "--kind" ]; then
  kinds="${2:?client.sh: --kind needs ascii, mixed, cjk or sparse}"
  shift 2
fi
size_mb="${1:-200}"
runs="${2:-5}"
nginx="$(command -v nginx || echo /usr/sbin/nginx)"

for tool in curl node npm python3; do
  command -v "$tool" >/dev/null || { echo "client.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$nginx" ] || { echo "client.sh: nginx is missing (apt-get install nginx-light)" >&2; exit 1; }
[ -x "$runnel" ] || { echo "client.sh: build first: $runnel is missing" >&2; exit 1; }

tmp="$(mktemp -d)"
nginx_pid=""
demo_pid=""
cleanup ()
{
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
  [ -z "$demo_pid" ] || kill "$demo_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# nginx's workers may run as another user: they must be able to read the capture
chmod 755 "$tmp"

mkdir -p "$tmp/www" "$tmp/nginx"
for kind in ${kinds//,/ }; do
  echo "capture: $size_mb MB of LLM-style events ($kind) in $tmp" >&2
  node "$srcdir/bench/gen-capture.mjs" "$tmp/www/capture-$kind" "$((size_mb * 1000000))" "$kind"
  chmod 644 "$tmp/www/capture-$kind"
done

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat > "$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  default_type text/event-stream;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
    location / { add_header Cache-Control no-cache; }
  }
}
EOF
"$nginx" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
nginx_pid=$!
url="http://127.0.0.1:$port/capture-"
for _ in $(seq 50); do
  curl -s -o /dev/null -r 0-0 "$url${kinds%%,*}" && break
  sleep 0.1
done

echo "peer: npm install eventsource" >&2
mkdir "$tmp/peer"
(cd "$tmp/peer" && npm init -y >/dev/null &&
   npm install --silent --no-audit --no-fund eventsource >/dev/null)
peer_version="$(node -p "require('$tmp/peer/node_modules/eventsource/package.json').version")"

"$runnel" --demo-server --port 0 > "$tmp/demo.out" 2> /dev/null &
demo_pid=$!
for _ in $(seq 50); do
  [ -s "$tmp/demo.out" ] && break
  sleep 0.1
done
demo_url="$(head -n 1 "$tmp/demo.out")"

PEER_DIR="$tmp/peer" python3 - "$tmp/www" "$kinds" "$runs" "$runnel" "${RUNNEL_BEFORE:-}" "$url" \
  "$srcdir/bench/peer-eventsource.mjs" "eventsource $peer_version" "$demo_url" <<'PY'
import json, os, statistics, subprocess, sys, time

www, kinds, runs, runnel, before, url, peer, peer_name, demo_url = sys.argv[1:10]
runs = int(runs)

def run(argv):
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"client.sh: {' '.join(argv)} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out

table = []
for kind in kinds.split(","):
    size = os.path.getsize(f"{www}/capture-{kind}")
    commands = {"runnel --print --summary": [runnel, "--print", "--summary", "--no-reconnect",
                                             url + kind]}
    if before:
        commands["runnel (before)"] = [before, "--print", "--summary", "--no-reconnect", url + kind]
    commands["curl -s -o /dev/null"] = ["curl", "-s", "-o", "/dev/null", url + kind]
    commands[peer_name] = ["node", peer, url + kind]
    results = {name: [] for name in commands}

    for _ in range(runs):
        for name, argv in commands.items():
            wall, cpu, rss, out = run(argv)
            events = json.loads(out)["events"] if out.strip() else None
            results[name].append((wall, cpu, rss, events))

    print(f"capture {kind}: {size / 1e6:.1f} MB from nginx on 127.0.0.1, median of {runs} runs "
          f"each, alternating; 1 MB = 10^6 bytes; whole process")
    rates = {}
    for name, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        rss = statistics.median(r[2] for r in rows)
        events = sorted({r[3] for r in rows if r[3] is not None})
        rates[name] = (size / 1e6 / wall, size / 1e6 / cpu, rss / 1024)
        print(f"  {name:26} {size / 1e6 / wall:7.1f} MB/s wall ({wall:.3f} s)  "
              f"{size / 1e6 / cpu:7.1f} MB/s CPU ({cpu:.3f} s)  peak RSS {rss / 1024:5.1f} MB"
              + (f"  events {','.join(map(str, events))}" if events else ""))
    counts = {r[3] for n in commands if n != "curl -s -o /dev/null" for r in results[n]}
    if len(counts) != 1:
        sys.exit(f"client.sh: runnel and the peer counted different numbers of events: {counts}")
    table.append((kind, rates))

print()
print(f"{'kind':8} {'program':26} {'MB/s wall':>10} {'MB/s CPU':>10} {'RSS MB':>7} "
      f"{'x curl wall':>12} {'x curl CPU':>11} {'x peer wall':>12} {'x peer CPU':>11}")
for kind, rates in table:
    c_wall, c_cpu, _ = rates["curl -s -o /dev/null"]
    p_wall, p_cpu, _ = rates[peer_name]
    for name, (wall, cpu, rss) in rates.items():
        ratios = ""
        if name.startswith("runnel"):
            ratios = (f"{wall / c_wall:11.2f}x {cpu / c_cpu:10.2f}x "
                      f"{wall / p_wall:11.2f}x {cpu / p_cpu:10.2f}x")
        print(f"{kind:8} {name:26} {wall:10.1f} {cpu:10.1f} {rss:7.1f} {ratios}")

# the demo server's /firehose, as fast as it can write, into runnel --print --summary
count = 1000000
firehose = f"{demo_url}firehose?rate=0&size=100&count={count}"
rows = []
for _ in range(runs):
    wall, cpu, rss, out = run([runnel, "--print", "--summary", "--no-reconnect", firehose])
    summary = json.loads(out)
    if summary["events"] != count:
        sys.exit(f"client.sh: the firehose gave {summary['events']} events, not {count}")
    rows.append((wall, summary["bytes"]))
wall = statistics.median(r[0] for r in rows)
print(f"firehose: {count} events of 100 bytes from the demo server (same machine, its own "
      f"process): {count / wall:,.0f} events/s, {rows[0][1] / 1e6 / wall:.1f} MB/s "
      f"(median of {runs}, {wall:.3f} s)")
PY
