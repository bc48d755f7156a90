"""An independent WebSocket client for the mock server's ws endpoints, on Debian's
python3-websockets. Runs one check and prints its findings as one JSON object on stdout.
   ws_client.py MODE URL [ARGS...]
Modes:
   fragmented URL              a text message sent in 3 fragments comes back whole (echo)
   deflate URL on|off          negotiated extensions, and a 64 KB compressible echo
   subprotocol URL P1,P2       the negotiated subprotocol
   broadcast URL N             N clients; client 0 sends, the others each receive it once;
                               client 1 then sends, and client 0's first message is that one
                               when the route excludes the sender
   scripted URL PUSHES         onConnect, rule replies, then PUSHES push messages counted
   auth URL TOKEN              the status without a token, then an echo with it"""
import asyncio
import json
import sys

import websockets


def out(result: dict) -> None:
    print(json.dumps(result), flush=True)


async def fragmented(url):
    async with websockets.connect(url, compression=None) as ws:
        await ws.send(["frag-one|", "frag-two|", "frag-three"])
        whole = await asyncio.wait_for(ws.recv(), 10)
        await ws.send([b"\x01\x02", b"\x03"])
        binary = await asyncio.wait_for(ws.recv(), 10)
        out({"text": whole, "binary": binary.hex()})


async def deflate(url, mode):
    compression = "deflate" if mode == "on" else None
    async with websockets.connect(url, compression=compression) as ws:
        message = "abcdefgh" * 8192
        await ws.send(message)
        back = await asyncio.wait_for(ws.recv(), 10)
        out({"extensions": [e.name for e in ws.extensions],
             "header": ws.response_headers.get("Sec-WebSocket-Extensions", ""),
             "echoed": back == message})


async def subprotocol(url, offered):
    async with websockets.connect(url, subprotocols=offered.split(",")) as ws:
        await ws.send("x")
        await asyncio.wait_for(ws.recv(), 10)
        out({"subprotocol": ws.subprotocol})


async def broadcast(url, count):
    clients = []
    try:
        for _ in range(count):
            clients.append(await websockets.connect(url, compression=None))
        await clients[0].send("first")
        got = await asyncio.gather(*(asyncio.wait_for(c.recv(), 20) for c in clients[1:]))
        await clients[1].send("second")
        # Every other client sees "second" next (so nothing else was delivered in between).
        seconds = await asyncio.gather(*(asyncio.wait_for(c.recv(), 20) for c in clients[2:]))
        sender_first = await asyncio.wait_for(clients[0].recv(), 20)
        out({"received_first": sum(1 for g in got if g == "first"),
             "received_second": sum(1 for g in seconds if g == "second"),
             "sender_first": sender_first})
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


async def scripted(url, pushes):
    async with websockets.connect(url + "?user=ann", compression=None) as ws:
        hello = await asyncio.wait_for(ws.recv(), 10)
        replies = {}
        await ws.send("ping")
        await ws.send(json.dumps({"type": "join", "who": "bob"}))
        seen_pushes = 0
        others = []
        while len(replies) < 2 or seen_pushes < pushes:
            message = await asyncio.wait_for(ws.recv(), 10)
            if message.startswith("tick"):
                seen_pushes += 1
            elif message == "pong":
                replies["ping"] = message
            elif message.startswith("welcome"):
                replies["join"] = message
            else:
                others.append(message)
        out({"hello": hello, "replies": replies, "pushes": seen_pushes, "others": others})


async def auth(url, token):
    status = None
    try:
        async with websockets.connect(url) as ws:
            status = 101
    except websockets.exceptions.InvalidStatusCode as error:
        status = error.status_code
    async with websockets.connect(url, extra_headers={"Authorization": "Bearer " + token}) as ws:
        await ws.send("let me in")
        back = await asyncio.wait_for(ws.recv(), 10)
        request_id = ws.response_headers.get("X-Request-ID", "")
    out({"without": status, "with": back, "requestId": request_id})


async def main(argv):
    mode, url = argv[1], argv[2]
    if mode == "fragmented":
        await fragmented(url)
    elif mode == "deflate":
        await deflate(url, argv[3])
    elif mode == "subprotocol":
        await subprotocol(url, argv[3])
    elif mode == "broadcast":
        await broadcast(url, int(argv[3]))
    elif mode == "scripted":
        await scripted(url, int(argv[3]))
    elif mode == "auth":
        await auth(url, argv[3])
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    asyncio.run(main(sys.argv))
