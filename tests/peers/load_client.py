"""Keeps C python3-aiohttp clients asking one URL over keep-alive until stdin closes.
Prints "FIRST <body>" the first time a body is seen, then, at the end, one JSON line:
{"bodies": {body: count}, "failures": [text...], "statuses": {status: count}}.
   load_client.py URL CONCURRENCY"""
import asyncio
import collections
import json
import sys

import aiohttp


async def main(url: str, concurrency: int) -> None:
    bodies, statuses, failures = collections.Counter(), collections.Counter(), []
    stop = asyncio.Event()

    async def worker(session):
        while not stop.is_set():
            try:
                async with session.get(url) as response:
                    body = (await response.read()).decode(errors="replace")
                    statuses[str(response.status)] += 1
            except Exception as error:  # every failure is reported, none retried
                failures.append(repr(error))
                continue
            if body not in bodies:
                print("FIRST", body, flush=True)
            bodies[body] += 1

    async def watch_stdin():
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)
        stop.set()

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(watch_stdin(), *(worker(session) for _ in range(concurrency)))
    print(json.dumps({"bodies": bodies, "failures": failures[:20], "statuses": statuses}),
          flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
