// SPDX-License-Identifier: GPL-3.0-or-later
// gen-capture.mjs: writes an LLM-style text/event-stream capture of about SIZE bytes to FILE:
// JSON delta events of ~130 bytes with ids, some named types, keep-alive comments, 5% with
// non-ASCII text. Deterministic (fixed seed), so every run measures the same bytes.
// usage: node gen-capture.mjs FILE SIZE_BYTES

import { openSync, writeSync, closeSync } from 'node:fs';

const [file, sizeArg] = process.argv.slice(2);
const target = Number(sizeArg);
if (!file || !(target > 0)) {
  console.error('usage: node gen-capture.mjs FILE SIZE_BYTES');
  process.exit(2);
}

let seed = 42;
function random() {
  // xorshift32: the same capture on every machine
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}

const words = ['the', 'stream', 'of', 'tokens', 'arrives', 'one', 'delta', 'at', 'a', 'time',
  'server', 'sent', 'events', 'parser', 'model', 'reply', 'JSON', ' ', '\\n', '.', ',', '!',
  'quote\\"d'];
// about one event in 20 carries non-ASCII text, as replies in most languages but English would
const foreign = ['café', 'naïve', '数据', '流', 'événement', 'Grüße', '😀'];

const fd = openSync(file, 'w');
let chunk = '';
let written = 0;
let n = 0;

while (written < target) {
  n++;
  let text = '';
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++)
    text += (i > 0 ? ' ' : '') + words[Math.floor(random() * words.length)];
  if (random() < 0.05)
    text += ' ' + foreign[Math.floor(random() * foreign.length)];

  let event = `id: ${n}\n`;
  const r = random();
  if (r < 0.2)
    event += 'event: content_block_delta\n';
  else if (r < 0.25)
    event += 'event: ping\n';
  event += `data: {"id":"chatcmpl-7x${n % 1000}","object":"chat.completion.chunk",` +
    `"choices":[{"index":0,"delta":{"content":"${text}"}}]}\n\n`;
  if (n % 50 === 0)
    event += ': keep-alive\n\n';

  chunk += event;
  if (chunk.length > (1 << 20)) {
    const bytes = Buffer.from(chunk, 'utf8');
    writeSync(fd, bytes);
    written += bytes.length;
    chunk = '';
  }
}
// the last event ends, so every generated event is counted
writeSync(fd, Buffer.from(chunk, 'utf8'));
closeSync(fd);
