#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# interop-aiohttp.py: the servers of interop-servers.mjs, written with Python's aiohttp as its
# documentation writes a stream (web.StreamResponse). /sse (GET or POST): three events with ids
# 1 to 3, then the end; /cut: one event, then the connection is closed in the middle of the
# chunked response; any other path: aiohttp's own 404. Prints its URL on the first line.
# usage: /usr/bin/python3 interop-aiohttp.py   (Debian's python3-aiohttp)

import asyncio
import sys

from aiohttp import web

EVENTS = [(str(n), "update", '{"n":%d}' % n) for n in (1, 2, 3)]


async def stream(request, cut):
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache"})
    await response.prepare(request)
    for event_id, event, data in EVENTS[:1] if cut else EVENTS:
        await response.write(f"id: {event_id}\nevent: {event}\ndata: {data}\n\n".encode())
    if cut:
        await asyncio.sleep(0.05)
        request.transport.close()
    else:
        await response.write_eof()
    return response


async def main():
    app = web.Application()
    app.router.add_route("*", "/sse", lambda request: stream(request, False))
    app.router.add_route("*", "/cut", lambda request: stream(request, True))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(f"http://127.0.0.1:{port}/", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
