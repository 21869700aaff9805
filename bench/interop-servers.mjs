// SPDX-License-Identifier: GPL-3.0-or-later
// interop-servers.mjs: SSE servers written as their READMEs and tutorials write them, for
// Runnel (and curl) to read. /sse (GET or POST): three events with ids 1 to 3, then the end;
// /cut: one event, then the connection is destroyed in the middle of the response; any other
// path: the framework's own 404. Prints its URL (http://127.0.0.1:PORT/) on the first line.
// usage: PEER_DIR=DIR node interop-servers.mjs KIND
//   KIND: node-http, express, better-sse, hono, fastify (fastify-sse-v2), sse-channel,
//   express-sse

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import http from 'node:http';

const require = createRequire(process.env.PEER_DIR + '/');
const load = async (name) => import(pathToFileURL(require.resolve(name)));
const kind = process.argv[2];
const events = [1, 2, 3].map((n) => ({ id: String(n), event: 'update', data: `{"n":${n}}` }));

function listen (server) {
  server.listen(0, '127.0.0.1', () => {
    console.log(`http://127.0.0.1:${server.address().port}/`);
  });
}

// the classic tutorial's handler, for express and plain node:http alike
function tutorial (req, res, cut) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders?.();
  const list = cut ? events.slice(0, 1) : events;
  for (const e of list)
    res.write(`id: ${e.id}\nevent: ${e.event}\ndata: ${e.data}\n\n`);
  if (cut)
    setTimeout(() => res.socket.destroy(), 50);
  else
    res.end();
}

if (kind === 'node-http') {
  listen(http.createServer((req, res) => {
    if (req.url === '/sse' || req.url === '/cut')
      return tutorial(req, res, req.url === '/cut');
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not Found\n');
  }));
} else if (kind === 'express') {
  const express = (await load('express')).default;
  const app = express();
  app.all('/sse', (req, res) => tutorial(req, res, false));
  app.all('/cut', (req, res) => tutorial(req, res, true));
  listen(http.createServer(app));
} else if (kind === 'better-sse') {
  const { createSession } = await load('better-sse');
  listen(http.createServer(async (req, res) => {
    if (req.url !== '/sse' && req.url !== '/cut') {
      res.writeHead(404);
      return res.end();
    }
    const session = await createSession(req, res);
    const list = req.url === '/cut' ? events.slice(0, 1) : events;
    for (const e of list)
      session.push(e.data, e.event, e.id);
    if (req.url === '/cut')
      setTimeout(() => res.socket.destroy(), 50);
    else
      res.end();
  }));
} else if (kind === 'hono') {
  const { Hono } = await load('hono');
  const { streamSSE } = await load('hono/streaming');
  const { serve } = await load('@hono/node-server');
  const app = new Hono();
  const handler = (cut) => (c) => streamSSE(c, async (stream) => {
    for (const e of cut ? events.slice(0, 1) : events)
      await stream.writeSSE({ id: e.id, event: e.event, data: e.data });
    if (cut) {
      await stream.sleep(50);
      c.env.incoming.socket.destroy();
    }
  });
  app.all('/sse', handler(false));
  app.all('/cut', handler(true));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    console.log(`http://127.0.0.1:${info.port}/`);
  });
  void server;
} else if (kind === 'fastify') {
  const Fastify = (await load('fastify')).default;
  const { FastifySSEPlugin } = await load('fastify-sse-v2');
  const app = Fastify();
  await app.register(FastifySSEPlugin);
  app.all('/sse', (req, reply) => {
    reply.sse((async function* () { yield* events; })());
  });
  app.all('/cut', (req, reply) => {
    reply.sse(events[0]);
    setTimeout(() => req.raw.socket.destroy(), 50);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`http://127.0.0.1:${app.server.address().port}/`);
} else if (kind === 'sse-channel') {
  // a broadcast channel: each request gets its events privately, then the end (or the cut)
  const SseChannel = (await load('sse-channel')).default;
  const channel = new SseChannel({ pingInterval: 60000 });
  listen(http.createServer((req, res) => {
    if (req.url !== '/sse' && req.url !== '/cut') {
      res.writeHead(404);
      return res.end();
    }
    channel.addClient(req, res, () => {
      const cut = req.url === '/cut';
      for (const e of cut ? events.slice(0, 1) : events)
        channel.send({ id: e.id, event: e.event, data: e.data }, [res]);
      if (cut)
        setTimeout(() => res.socket.destroy(), 50);
      else
        res.end();
    });
  }));
} else if (kind === 'express-sse') {
  // one SSE object per request, so that its events reach that request only
  const SSE = (await load('express-sse')).default;
  const express = (await load('express')).default;
  const app = express();
  const handler = (cut) => (req, res) => {
    const sse = new SSE();
    sse.init(req, res);
    for (const e of cut ? events.slice(0, 1) : events)
      sse.send(JSON.parse(e.data), e.event, e.id);
    if (cut)
      setTimeout(() => res.socket.destroy(), 50);
    else
      res.end();
  };
  app.all('/sse', handler(false));
  app.all('/cut', handler(true));
  listen(http.createServer(app));
} else {
  console.error('usage: interop-servers.mjs ' +
                'node-http|express|better-sse|hono|fastify|sse-channel|express-sse');
  process.exit(2);
}
