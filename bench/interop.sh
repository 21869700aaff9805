#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# interop.sh: the interoperability round of docs/INTEROP.md, again. Installs the npm peers into
# a temporary folder (never into the project), then
# - foreign clients against the demo server (bench/interop-clients.mjs): `eventsource`,
#   `@microsoft/fetch-event-source` (POST, CORS), node's fetch (the preflight);
# - Runnel and curl against foreign servers (bench/interop-servers.mjs): plain node:http,
#   express, better-sse, hono, fastify with fastify-sse-v2, sse-channel, express-sse, and
#   Python's aiohttp when Debian's python3-aiohttp is installed (bench/interop-aiohttp.py): a GET read to its end, a POST, a POST cut in the middle (Runnel
#   must fail with status 1 where curl exits 18), a POST to a path the server does not have
#   (what the server's 404 says).
# Prints one line per check and the peers' versions; exit status 1 when a check failed.
# usage: bench/interop.sh   (needs a built tree: meson compile -C _build; node, npm, curl)

set -uo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runnel="${RUNNEL_BUILDDIR:-$srcdir/_build}/src/runnel"
[ -x "$runnel" ] || { echo "interop.sh: build first: $runnel is missing" >&2; exit 1; }
for tool in node npm curl; do
  command -v "$tool" >/dev/null || { echo "interop.sh: $tool is missing" >&2; exit 1; }
done

tmp="$(mktemp -d)"
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$tmp" && npm init -y >/dev/null &&
 npm install --no-audit --no-fund --silent eventsource @microsoft/fetch-event-source express \
   better-sse hono @hono/node-server fastify fastify-sse-v2 sse-channel express-sse >/dev/null) || { echo "interop.sh: npm install failed" >&2; exit 1; }
export PEER_DIR="$tmp"

# the first line of a background command's output, within 10 s
first_line () {
  for _ in $(seq 100); do
    [ -s "$1" ] && { head -n 1 "$1"; return; }
    sleep 0.1
  done
  echo "interop.sh: $1 stayed empty" >&2
  exit 1
}

status=0
check () {   # check NAME OK-CONDITION-RESULT DETAIL
  if [ "$2" = 0 ]; then echo "ok      $1: $3"; else echo "FAILED  $1: $3"; status=1; fi
}

echo "== versions"
echo "runnel $(git -C "$srcdir" rev-parse --short HEAD)"
echo "node $(node --version), $(curl --version | head -n 1 | cut -d' ' -f1,2)"
(cd "$tmp" && npm ls --depth=0 | tail -n +2)

echo "== foreign clients against runnel --demo-server"
"$runnel" --demo-server --port 0 >"$tmp/demo.out" 2>/dev/null &
pids+=($!)
demo="$(first_line "$tmp/demo.out")"
node "$srcdir/bench/interop-clients.mjs" "$demo" || status=1

echo "== runnel and curl against foreign servers"
kinds="node-http express better-sse hono fastify sse-channel express-sse"
if /usr/bin/python3 -c 'import aiohttp' 2>/dev/null; then
  kinds="$kinds aiohttp"
  echo "aiohttp $(/usr/bin/python3 -c 'import aiohttp; print(aiohttp.__version__)')"
else
  echo "skipped aiohttp: apt-get install python3-aiohttp to add it"
fi
for kind in $kinds; do
  if [ "$kind" = aiohttp ]; then
    /usr/bin/python3 "$srcdir/bench/interop-aiohttp.py" >"$tmp/$kind.out" 2>"$tmp/$kind.err" &
  else
    node "$srcdir/bench/interop-servers.mjs" "$kind" >"$tmp/$kind.out" 2>"$tmp/$kind.err" &
  fi
  pids+=($!)
  url="$(first_line "$tmp/$kind.out")"

  out="$("$runnel" --print --no-reconnect-on-end "${url}sse" 2>"$tmp/err")"; rc=$?
  n="$(printf '%s\n' "$out" | grep -c '"type":"update"')"
  check "$kind GET /sse" "$([ $rc = 0 ] && [ "$n" = 3 ]; echo $?)" "exit $rc, $n events"

  out="$("$runnel" --print --json '{"q":1}' "${url}sse" 2>"$tmp/err")"; rc=$?
  n="$(printf '%s\n' "$out" | grep -c '"type":"update"')"
  check "$kind POST /sse (--json)" "$([ $rc = 0 ] && [ "$n" = 3 ]; echo $?)" "exit $rc, $n events"

  "$runnel" --print --json '{}' "${url}cut" >/dev/null 2>"$tmp/err"; rc=$?
  curl -sN --json '{}' "${url}cut" >/dev/null; curl_rc=$?
  check "$kind POST /cut" "$([ $rc = 1 ] && [ $curl_rc = 18 ]; echo $?)" \
    "runnel exit $rc ($(tail -n 1 "$tmp/err")), curl exit $curl_rc"

  "$runnel" --print -d '{}' "${url}missing" >/dev/null 2>"$tmp/err"; rc=$?
  check "$kind POST /missing" "$([ $rc = 1 ]; echo $?)" "$(grep 'failed:' "$tmp/err")"
done

exit $status
