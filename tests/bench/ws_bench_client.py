"""The python3-websockets client side of ws_client_bench.sh, measuring what
quiver-ws-client-bench measures. Usage: ws_bench_client.py URL rtt|pipelined SIZE COUNT"""
import asyncio
import sys
import time

import websockets


async def main(url, mode, size, count):
    payload = b"x" * size
    async with websockets.connect(url, compression=None, max_size=None) as ws:
        for _ in range(200):  # warm-up, as the C++ client
            await ws.send(payload)
            await ws.recv()
        if mode == "rtt":
            samples = []
            for _ in range(count):
                t0 = time.perf_counter()
                await ws.send(payload)
                await ws.recv()
                samples.append((time.perf_counter() - t0) * 1e6)
            samples.sort()
            print(f"{samples[len(samples) // 2]:.1f} {samples[len(samples) * 99 // 100]:.1f}")
        else:
            async def receive():
                for _ in range(count):
                    await ws.recv()

            t0 = time.perf_counter()
            reader = asyncio.create_task(receive())
            for _ in range(count):
                await ws.send(payload)
            await reader
            print(f"{count / (time.perf_counter() - t0):.0f}")


asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
