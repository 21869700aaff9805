// SPDX-License-Identifier: GPL-3.0-or-later
// peer-eventsource.mjs: the JavaScript peer of `runnel --print --summary --no-reconnect URL`:
// the `eventsource` npm client (EventSource for node) reads URL and counts the events of the
// capture's types; at the end of the stream (its "error" event) it closes instead of
// reconnecting and prints the same summary object.
// usage: PEER_DIR=DIR node peer-eventsource.mjs URL   (DIR is where `npm install eventsource` ran)

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const resolved = createRequire(process.env.PEER_DIR + '/').resolve('eventsource');
const { EventSource } = await import(pathToFileURL(resolved));

const start = process.hrtime.bigint();
const types = new Map();
let events = 0;

const source = new EventSource(process.argv[2]);
// EventSource dispatches named events only to listeners of that name: the capture's types
for (const type of ['message', 'content_block_delta', 'ping']) {
  source.addEventListener(type, () => {
    events++;
    types.set(type, (types.get(type) || 0) + 1);
  });
}
source.addEventListener('error', () => {
  source.close();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ events, types: Object.fromEntries(types), seconds }));
});
