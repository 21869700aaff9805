#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# interop-chromium.sh: the demo server as the backend of a browser front end on another port
# (issue 14, item 13), in a real headless Chromium: a page served from a second origin opens
# `EventSource` on the demo's /counter and POSTs JSON to /chat with fetch () (a CORS preflight,
# because of its Content-Type and Authorization), reads the stream, and asks for /favicon.ico.
# The page writes what it saw into its body; Chromium prints the DOM at the end.
# usage: bench/interop-chromium.sh   (needs a built tree, python3, Debian's chromium)

set -uo pipefail

srcdir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runnel="${RUNNEL_BUILDDIR:-$srcdir/_build}/src/runnel"
[ -x "$runnel" ] || { echo "interop-chromium.sh: build first: $runnel is missing" >&2; exit 1; }
chromium="$(command -v chromium || true)"
[ -n "$chromium" ] || { echo "interop-chromium.sh: apt-get install chromium" >&2; exit 1; }

tmp="$(mktemp -d)"
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

"$runnel" --demo-server --port 0 >"$tmp/demo.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/demo.out" ] && break; sleep 0.1; done
demo="$(head -n 1 "$tmp/demo.out")"

mkdir "$tmp/www"
cat >"$tmp/www/index.html" <<HTML
<!doctype html><meta charset="utf-8"><title>front end</title><body><pre id="out"></pre>
<script>
const demo = '${demo%/}';
const out = document.getElementById('out');
const say = (line) => { out.textContent += line + '\n'; };
const done = { es: false, fetch: false, icon: false };
const finish = () => { if (done.es && done.fetch && done.icon) say('ALL DONE'); };

const es = new EventSource(demo + '/counter?interval=50&count=3');
let seen = [];
es.onmessage = (e) => {
  seen.push(e.lastEventId);
  if (seen.length === 3) { es.close(); say('ok EventSource: ids ' + seen.join(',')); done.es = true; finish(); }
};
es.onerror = () => { if (!done.es) { say('FAILED EventSource: error event'); es.close(); done.es = true; finish(); } };

fetch(demo + '/chat', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream',
             'Authorization': 'Bearer demo' },
  body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
}).then(async (response) => {
  const text = await response.text();
  const deltas = (text.match(/^data: \{/gm) || []).length;
  say((response.ok && text.includes('[DONE]') ? 'ok' : 'FAILED') + ' fetch POST /chat: HTTP ' +
      response.status + ', ' + deltas + ' JSON events, ' +
      (text.includes('[DONE]') ? 'then [DONE]' : 'no [DONE]'));
}).catch((e) => say('FAILED fetch POST /chat: ' + e)).finally(() => { done.fetch = true; finish(); });

fetch(demo + '/favicon.ico')
  .then((r) => say((r.ok ? 'ok' : 'FAILED') + ' /favicon.ico: HTTP ' + r.status + ', ' +
                   r.headers.get('Content-Type')))
  .catch((e) => say('FAILED /favicon.ico: ' + e))
  .finally(() => { done.icon = true; finish(); });
</script>
HTML
python3 -m http.server 0 --bind 127.0.0.1 --directory "$tmp/www" >"$tmp/www.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q 'port' "$tmp/www.out" && break; sleep 0.1; done
port="$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/www.out" | head -n 1)"

echo "$("$chromium" --version), page on http://127.0.0.1:$port/, demo on $demo"
"$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
  --virtual-time-budget=15000 --dump-dom "http://127.0.0.1:$port/index.html" \
  2>"$tmp/chromium.err" >"$tmp/dom.html"
# what the page wrote: the text of <pre id="out"> (the script below it holds the same words)
python3 -c 'import html, re, sys
text = re.search(r"<pre id=\"out\">(.*?)</pre>", open(sys.argv[1]).read(), re.S)
print(html.unescape(text.group(1)) if text else "", end="")' "$tmp/dom.html" >"$tmp/said.txt"
cat "$tmp/said.txt"
grep -q '^ALL DONE' "$tmp/said.txt" && ! grep -q '^FAILED' "$tmp/said.txt"
