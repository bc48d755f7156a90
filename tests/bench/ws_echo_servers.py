"""WebSocket echo servers to measure the mock server against, on Debian's Python packages.
   ws_echo_servers.py aiohttp|websockets PORT
Both echo every message, text or binary, with compression off."""
import asyncio
import sys


async def aiohttp_server(port: int) -> None:
    from aiohttp import web, WSMsgType

    async def echo(request):
        ws = web.WebSocketResponse(compress=False, max_msg_size=0)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                await ws.send_str(msg.data)
            elif msg.type == WSMsgType.BINARY:
                await ws.send_bytes(msg.data)
        return ws

    app = web.Application()
    app.router.add_get("/ws/echo", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Future()


async def websockets_server(port: int) -> None:
    import websockets

    async def echo(ws, path=None):
        async for message in ws:
            await ws.send(message)

    async with websockets.serve(echo, "127.0.0.1", port, compression=None, max_size=None):
        await asyncio.Future()


if __name__ == "__main__":
    kind, port = sys.argv[1], int(sys.argv[2])
    asyncio.run(aiohttp_server(port) if kind == "aiohttp" else websockets_server(port))
