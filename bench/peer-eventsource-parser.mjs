// SPDX-License-Identifier: GPL-3.0-or-later
// peer-eventsource-parser.mjs: the JavaScript peer of `runnel --print --summary -`: reads
// standard input in 128 KiB chunks, decodes UTF-8 as a stream, parses with eventsource-parser
// and counts events by type; prints the same summary object.
// usage: PEER_DIR=DIR node peer-eventsource-parser.mjs < capture
// (DIR is where `npm install eventsource-parser@4.1.3` ran)

import { createRequire } from 'node:module';
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';

const resolved = createRequire(process.env.PEER_DIR + '/').resolve('eventsource-parser');
const { createParser } = await import(pathToFileURL(resolved));

const start = process.hrtime.bigint();
let events = 0;
let bytes = 0;
const types = new Map();

const parser = createParser({
  onEvent(event) {
    events++;
    const type = event.event || 'message';
    types.set(type, (types.get(type) || 0) + 1);
  },
});

const decoder = new TextDecoder('utf-8');
const input = createReadStream(null, { fd: 0, highWaterMark: 128 * 1024 });

input.on('data', (chunk) => {
  bytes += chunk.length;
  parser.feed(decoder.decode(chunk, { stream: true }));
});
input.on('end', () => {
  parser.feed(decoder.decode());
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ events, bytes, types: Object.fromEntries(types), seconds }));
});
