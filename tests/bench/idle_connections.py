"""Opens N keep-alive connections to a server, sends one request on each, reads the answer,
then holds them idle and prints the server's resident memory before and after.
   idle_connections.py HOST PORT PATH N SERVER_PID"""
import asyncio
import sys


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def one(host: str, port: int, path: str):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return reader, writer


async def main(host: str, port: int, path: str, count: int, pid: int) -> None:
    before = rss_kib(pid)
    connections = []
    for start in range(0, count, 500):
        batch = await asyncio.gather(*(one(host, port, path) for _ in range(min(500, count - start))))
        connections.extend(batch)
    await asyncio.sleep(1.0)  # let the server settle its buffers
    after = rss_kib(pid)
    print(f"connections {len(connections)} rss_before_kib {before} rss_after_kib {after} "
          f"per_connection_bytes {(after - before) * 1024 / len(connections):.0f}")
    for _, writer in connections:
        writer.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
