// SPDX-License-Identifier: GPL-3.0-or-later
// interop-clients.mjs: foreign SSE clients against Runnel's demo server, as a front end would
// use them: the `eventsource` npm client (EventSource for node) and
// `@microsoft/fetch-event-source` (POST). Prints one JSON line per check:
// {"peer":…,"check":…,"ok":true|false,"said":…}.
// usage: PEER_DIR=DIR node interop-clients.mjs DEMO_URL   (DIR: where the peers were installed;
// DEMO_URL ends with a slash, as `runnel --demo-server` prints it)

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(process.env.PEER_DIR + '/');
const load = async (name) => import(pathToFileURL(require.resolve(name)));
const version = (name) => {
  const path = require.resolve(name);
  const root = path.slice(0, path.lastIndexOf('/node_modules/' + name) + 14 + name.length);
  return require(root + '/package.json').version;
};

const base = process.argv[2];
const origin = 'http://127.0.0.1:5173';   // a front end's own dev server
const results = [];

function report (peer, check, ok, said) {
  results.push({ peer, check, ok, said });
  console.log(JSON.stringify({ peer, check, ok, said }));
}

function withDeadline (ms, body) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, said: `no answer in ${ms} ms` }), ms);
    body((value) => { clearTimeout(timer); resolve(value); });
  });
}

// EventSource: a clock; then a counter whose connections are cut in the middle of an event:
// it must resume after Last-Event-ID without losing or repeating an event
async function eventsource () {
  const { EventSource } = await load('eventsource');
  const peer = 'eventsource@' + version('eventsource');

  let result = await withDeadline(10000, (done) => {
    const source = new EventSource(base + 'clock?interval=100');
    const seen = [];
    source.onmessage = (event) => {
      seen.push(event.data);
      if (seen.length === 2) {
        source.close();
        done({ ok: true, said: seen.join(' | ') });
      }
    };
  });
  report(peer, 'GET /clock: two events', result.ok, result.said);

  result = await withDeadline(20000, (done) => {
    const source = new EventSource(base + 'counter?interval=20&count=6&drop=2');
    const ids = [];
    let errors = 0;
    source.onmessage = (event) => {
      ids.push(event.lastEventId);
      if (ids.length === 6) {
        source.close();
        done({ ok: ids.join(',') === '1,2,3,4,5,6',
               said: `ids ${ids.join(',')} over ${errors + 1} connections` });
      }
    };
    source.onerror = () => { errors++; };
  });
  report(peer, 'GET /counter cut every 2 events: resumes with Last-Event-ID', result.ok,
         result.said);
}

// fetch-event-source: the LLM-style POST a front end sends, with CORS as a browser would ask
async function fetchEventSource () {
  const { fetchEventSource } = await load('@microsoft/fetch-event-source');
  const peer = '@microsoft/fetch-event-source@' + version('@microsoft/fetch-event-source');

  // it expects a browser: a window and a document for its visibility handling
  globalThis.window ??= globalThis;
  globalThis.document ??= { hidden: false, addEventListener () {}, removeEventListener () {} };

  const result = await withDeadline(20000, (done) => {
    const controller = new AbortController();
    const deltas = [];
    fetchEventSource(base + 'chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
      openWhenHidden: true,
      async onopen (response) {
        if (response.headers.get('access-control-allow-origin') === null)
          throw new Error('no Access-Control-Allow-Origin');
      },
      onmessage (message) {
        if (message.data === '[DONE]') {
          controller.abort();
          done({ ok: deltas.length > 0, said: `${deltas.length} deltas, then [DONE]` });
          return;
        }
        deltas.push(message.data);
      },
      onerror (error) {
        controller.abort();
        done({ ok: false, said: String(error) });
        throw error;
      },
    }).catch(() => {});
  });
  report(peer, 'POST /chat (JSON body, CORS): deltas then [DONE]', result.ok, result.said);

  // the preflight a browser sends before that POST from another origin
  const preflight = await fetch(base + 'chat', {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,last-event-id,authorization',
    },
  });
  const allowed = (preflight.headers.get('access-control-allow-headers') || '').toLowerCase();
  report('node fetch ' + process.version, 'OPTIONS /chat preflight',
         preflight.status === 204 && ['content-type', 'last-event-id', 'authorization']
           .every((name) => allowed.includes(name)),
         `${preflight.status}, allows ${allowed}`);
}

await eventsource();
await fetchEventSource();
process.exit(results.every((r) => r.ok) ? 0 : 1);
