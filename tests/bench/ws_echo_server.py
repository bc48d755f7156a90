"""Plain echo server for ws_client_bench.sh: python3-websockets, no compression.
Prints "PORT <n>" and serves until killed."""
import asyncio

import websockets


async def echo(ws, path=None):
    async for message in ws:
        await ws.send(message)


async def main():
    async with websockets.serve(echo, "127.0.0.1", 0, compression=None, max_size=None) as server:
        print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.Future()


asyncio.run(main())
