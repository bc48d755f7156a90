"""Opens N WebSocket connections (compression off) to a server in batches, exchanges one
message on each, holds them idle and prints the server's resident memory before and after.
   ws_idle_connections.py URL N SERVER_PID"""
import asyncio
import sys

import websockets


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def one(url: str):
    ws = await websockets.connect(url, compression=None, open_timeout=60, ping_interval=None)
    await ws.send("hi")
    await ws.recv()
    return ws


async def main(url: str, count: int, pid: int) -> None:
    before = rss_kib(pid)
    connections = []
    for start in range(0, count, 500):
        batch = await asyncio.gather(*(one(url) for _ in range(min(500, count - start))))
        connections.extend(batch)
    await asyncio.sleep(1.0)  # let the server settle its buffers
    after = rss_kib(pid)
    print(f"connections {len(connections)} rss_before_kib {before} rss_after_kib {after} "
          f"per_connection_bytes {(after - before) * 1024 / len(connections):.0f}")
    for start in range(0, len(connections), 500):
        await asyncio.gather(*(ws.close() for ws in connections[start:start + 500]),
                             return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
