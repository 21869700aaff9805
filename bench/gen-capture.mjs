// SPDX-License-Identifier: GPL-3.0-or-later
// gen-capture.mjs: writes an LLM-style text/event-stream capture of about SIZE bytes to FILE:
// JSON delta events of ~130 bytes with ids, some named types, keep-alive comments. KIND says
// what text the deltas hold:
//   ascii    English words only, not one byte >= 0x80
//   mixed    English words with a few accented words and a symbol (€, →, °, —) in every event
//   cjk      Chinese text in every event, as a Chinese model's reply streams
//   sparse   English, with accents, CJK or an emoji in one event in twenty (the default)
// Deterministic (fixed seed), so every run measures the same bytes.
// usage: node gen-capture.mjs FILE SIZE_BYTES [KIND]

import { openSync, writeSync, closeSync } from 'node:fs';

const [file, sizeArg, kind = 'sparse'] = process.argv.slice(2);
const target = Number(sizeArg);
if (!file || !(target > 0) || !['ascii', 'mixed', 'cjk', 'sparse'].includes(kind)) {
  console.error('usage: node gen-capture.mjs FILE SIZE_BYTES [ascii|mixed|cjk|sparse]');
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
// sparse: about one event in 20 carries non-ASCII text
const foreign = ['café', 'naïve', '数据', '流', 'événement', 'Grüße', '😀'];
const accented = ['café', 'naïve', 'événement', 'Grüße', 'señor', 'crème', 'façade', 'Ångström',
  'œuvre', 'déjà', 'über', 'São', 'Kraków', 'niño'];
const symbols = ['€', '→', '°', '—', '±', '«»', '½'];
const chinese = ['数据', '流', '服务器', '发送', '事件', '模型', '回复', '解析器', '令牌', '逐个',
  '到达', '每次', '一个', '增量', '文本', '的', '是', '在', '我们', '，', '。', '、', '：', '“引号”'];

function pick(list) {
  return list[Math.floor(random() * list.length)];
}

function delta() {
  let text = '';

  if (kind === 'cjk') {
    const count = 2 + Math.floor(random() * 5);
    for (let i = 0; i < count; i++)
      text += pick(chinese);
    return text;
  }

  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++)
    text += (i > 0 ? ' ' : '') + pick(words);
  if (kind === 'mixed')
    text += ' ' + pick(accented) + ' ' + pick(symbols) + ' ' + pick(accented);
  else if (kind === 'sparse' && random() < 0.05)
    text += ' ' + pick(foreign);
  return text;
}

const fd = openSync(file, 'w');
let chunk = '';
let written = 0;
let n = 0;

while (written < target) {
  n++;
  const text = delta();

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
