"""A server that stalls once, as a real one does in a GC pause or a lock-up: request number
STALL_AT starts a one-second stall, and every request in the server meanwhile waits for its end.
   stall_server.py PORT [STALL_AT]"""
import asyncio
import sys

from aiohttp import web

STALL_AT = int(sys.argv[2]) if len(sys.argv) > 2 else 500
state = {"seen": 0, "stall": None}


async def handle(request):
    state["seen"] += 1
    if state["seen"] == STALL_AT:
        state["stall"] = asyncio.get_running_loop().create_task(asyncio.sleep(1.0))
    if state["stall"] is not None and not state["stall"].done():
        await asyncio.shield(state["stall"])
    return web.Response(text="ok")


app = web.Application()
app.router.add_get("/", handle)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
