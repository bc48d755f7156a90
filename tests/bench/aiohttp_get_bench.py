"""N GETs at concurrency C with python3-aiohttp's client, the anchor for the engine bench."""
import asyncio
import sys
import time

import aiohttp


async def main(url: str, total: int, concurrency: int) -> None:
    connector = aiohttp.TCPConnector(limit=concurrency)
    errors = 0
    remaining = total

    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                try:
                    async with session.get(url) as response:
                        await response.read()
                except aiohttp.ClientError:
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - start
    print(f"requests {total} errors {errors} seconds {seconds:.3f} rps {total / seconds:.0f}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
