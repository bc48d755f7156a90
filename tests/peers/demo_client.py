"""An independent client for the demo mock server: python3-aiohttp asks every demo route and
prints one JSON object per check on stdout: {"check": name, "ok": bool, "detail": text}.
   demo_client.py BASE_URL"""
import asyncio
import json
import sys

import aiohttp


def report(check: str, ok: bool, detail="") -> None:
    print(json.dumps({"check": check, "ok": bool(ok), "detail": str(detail)}), flush=True)


async def hello(s, base):
    async with s.get(base + "/hello") as r:
        text = await r.text()
        report("hello", r.status == 200 and text == "Hello, World!", f"{r.status} {text!r}")
        report("request id", len(r.headers.get("X-Request-ID", "")) > 0, dict(r.headers))


async def user(s, base):
    async with s.get(base + "/users/42") as r:
        body = await r.json()
        report("user", r.status == 200 and body.get("id") == "42" and body.get("name"), body)


async def echo(s, base):
    sent = {"hello": "mock", "n": [1, 2]}
    async with s.post(base + "/echo", json=sent) as r:
        body = await r.read()
        ok = r.status == 200 and json.loads(body) == sent and \
            r.headers.get("Content-Type", "").startswith("application/json")
        report("echo", ok, f"{r.status} {r.headers.get('Content-Type')} {body!r}")


async def private(s, base):
    async with s.get(base + "/private") as r:
        report("private refused", r.status == 401 and
               r.headers.get("WWW-Authenticate", "").lower().startswith("bearer"),
               f"{r.status} {dict(r.headers)}")
    async with s.get(base + "/private", headers={"Authorization": "Bearer wrong"}) as r:
        report("private wrong token", r.status == 401, r.status)
    async with s.get(base + "/private", headers={"Authorization": "Bearer demo-token"}) as r:
        report("private allowed", r.status == 200 and "secret" in await r.text(), r.status)


async def slow(s, base):
    async with s.get(base + "/slow") as r:
        report("slow", r.status == 200 and await r.text() == "That took a while.", r.status)


async def flaky(base):
    ok = failed = 0
    for _ in range(24):  # a fresh connection each time: a reset must not poison the next
        try:
            async with aiohttp.ClientSession() as s, s.get(base + "/flaky") as r:
                await r.read()
                ok += r.status == 200
        except aiohttp.ClientError:
            failed += 1
    report("flaky", ok > 0 and failed > 0 and ok + failed == 24, f"{ok} answered, {failed} failed")


async def limited(s, base):
    statuses, retry = [], None
    for _ in range(30):
        async with s.get(base + "/limited") as r:
            await r.read()
            statuses.append(r.status)
            if r.status == 429:
                retry = r.headers.get("Retry-After")
    report("limited", statuses[:5] == [200] * 5 and 429 in statuses and retry is not None,
           f"{statuses} Retry-After={retry}")


async def files(s, base):
    async with s.get(base + "/files/readme.txt") as r:
        full = await r.read()
        report("file", r.status == 200 and full.startswith(b"Files served") and
               r.headers.get("Content-Type", "").startswith("text/plain") and
               r.headers.get("Accept-Ranges") == "bytes" and "ETag" in r.headers,
               f"{r.status} {dict(r.headers)}")
        etag = r.headers.get("ETag", "")
    async with s.get(base + "/files/readme.txt", headers={"Range": "bytes=0-4"}) as r:
        part = await r.read()
        report("file range", r.status == 206 and part == full[:5] and
               r.headers.get("Content-Range") == f"bytes 0-4/{len(full)}",
               f"{r.status} {part!r} {r.headers.get('Content-Range')}")
    async with s.get(base + "/files/readme.txt", headers={"If-None-Match": etag}) as r:
        report("file not modified", r.status == 304, r.status)
    async with s.get(base + "/files/docs/sample.json") as r:
        body = await r.json()
        report("file in folder", r.status == 200 and body.get("kind") == "sample",
               r.headers.get("Content-Type"))
    async with s.get(base + "/files/%2e%2e/quiver.json") as r:
        report("file escape refused", r.status in (403, 404), r.status)


async def events(s, base):
    received = []
    async with s.get(base + "/events", timeout=aiohttp.ClientTimeout(total=30)) as r:
        kind = r.headers.get("Content-Type", "")
        async for line in r.content:
            line = line.decode().rstrip("\r\n")
            if line.startswith("data:"):
                received.append(line[5:].strip())
    report("events", kind.startswith("text/event-stream") and
           received == ["one", "two", "three", "four", "five"], f"{kind} {received}")


async def stream(s, base):
    chunks = []
    async with s.get(base + "/stream", timeout=aiohttp.ClientTimeout(total=30)) as r:
        chunked = r.headers.get("Transfer-Encoding", "").lower() == "chunked"
        async for data, end_of_chunk in r.content.iter_chunks():
            if data:
                chunks.append(data)
    text = b"".join(chunks).decode()
    report("stream", chunked and text.count("chunk") == 5, f"chunked={chunked} {text!r}")


async def cors(s, base):
    headers = {"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "Content-Type"}
    async with s.options(base + "/echo", headers=headers) as r:
        allow = r.headers.get("Access-Control-Allow-Origin")
        report("cors preflight", r.status in (200, 204) and allow in ("*", "http://localhost:3000") and
               "POST" in r.headers.get("Access-Control-Allow-Methods", ""), f"{r.status} {dict(r.headers)}")
    async with s.get(base + "/hello", headers={"Origin": "http://localhost:3000"}) as r:
        report("cors simple", r.headers.get("Access-Control-Allow-Origin") is not None, dict(r.headers))


async def misses(s, base):
    async with s.get(base + "/nowhere", headers={"Origin": "http://localhost:3000"}) as r:
        report("not found runs the chain", r.status == 404 and
               "Access-Control-Allow-Origin" in r.headers and "X-Request-ID" in r.headers, dict(r.headers))
    async with s.delete(base + "/hello") as r:
        report("method not allowed", r.status == 405 and "GET" in r.headers.get("Allow", ""),
               r.headers.get("Allow"))


async def ws_echo(s, base):
    async with s.ws_connect(base + "/ws/echo") as ws:
        await ws.send_str("hello ws")
        text = await ws.receive_str(timeout=10)
        await ws.send_bytes(b"\x00\x01")
        data = await ws.receive_bytes(timeout=10)
        report("ws echo", text == "hello ws" and data == b"\x00\x01", f"{text!r} {data!r}")


async def ws_chat(s, base):
    async with s.ws_connect(base + "/ws/chat") as a, s.ws_connect(base + "/ws/chat") as b:
        await a.send_str("hi from a")
        got = await b.receive_str(timeout=10)
        report("ws chat", got == "hi from a", repr(got))


async def ws_ticker(s, base):
    async with s.ws_connect(base + "/ws/ticker") as ws:
        hello = json.loads(await ws.receive_str(timeout=10))
        ticks = [json.loads(await ws.receive_str(timeout=10)) for _ in range(2)]
        ok = hello == {"hello": "ticker"} and all(
            isinstance(t.get("tick"), int) and "T" in t.get("time", "") for t in ticks) and \
            ticks[1]["tick"] > ticks[0]["tick"]
        report("ws ticker", ok, f"{hello} {ticks}")


async def main(base: str) -> None:
    async with aiohttp.ClientSession() as s:
        # The slow and streaming routes take seconds each: run them beside the quick ones.
        await asyncio.gather(slow(s, base), events(s, base), stream(s, base),
                             sequential(s, base))
    await flaky(base)


async def sequential(s, base):
    for check in (hello, user, echo, private, limited, files, cors, misses, ws_echo, ws_chat,
                  ws_ticker):
        try:
            await check(s, base)
        except Exception as error:  # a crash of one check is that check failing
            report(check.__name__, False, repr(error))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
