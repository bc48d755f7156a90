"""One python3-websockets client (compression off) against a WebSocket echo endpoint.
   ws_echo_client.py URL rtt N          median and p99 round trip over N sequential messages
   ws_echo_client.py URL pipelined SIZE SECONDS-WORTH-OF-MESSAGES
Prints one line of "key value" pairs."""
import asyncio
import statistics
import sys
import time

import websockets


async def rtt(url: str, count: int) -> None:
    async with websockets.connect(url, compression=None, max_size=None) as ws:
        message = "x" * 64
        for _ in range(100):  # warm up
            await ws.send(message)
            await ws.recv()
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            await ws.send(message)
            await ws.recv()
            samples.append((time.perf_counter() - start) * 1e6)
        samples.sort()
        print(f"median_us {statistics.median(samples):.1f} "
              f"p99_us {samples[int(len(samples) * 0.99) - 1]:.1f}")


async def pipelined(url: str, size: int, count: int) -> None:
    async with websockets.connect(url, compression=None, max_size=None,
                                  write_limit=1 << 20, max_queue=None) as ws:
        message = b"x" * size

        async def reader():
            for _ in range(count):
                await ws.recv()

        start = time.perf_counter()
        task = asyncio.create_task(reader())
        for _ in range(count):
            await ws.send(message)
        await task
        elapsed = time.perf_counter() - start
        print(f"messages_per_s {count / elapsed:.0f}")


if __name__ == "__main__":
    url, mode = sys.argv[1], sys.argv[2]
    if mode == "rtt":
        asyncio.run(rtt(url, int(sys.argv[3])))
    else:
        asyncio.run(pipelined(url, int(sys.argv[3]), int(sys.argv[4])))
