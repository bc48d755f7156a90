"""Independent WebSocket peer for Quiver's client tests (python3-websockets from Debian).

Usage: /usr/bin/python3 ws_server.py [--no-compression] [--cert FILE --key FILE]
Prints "PORT <n>" once it listens on 127.0.0.1, serves until stdin reaches end of file.
With --cert and --key it serves wss:// (TLS) instead of ws://.

Every message is echoed back as it came (text as text, binary as binary), except commands:
  "!fragments a,b,c"   answers with one text message sent as the fragments a, b and c
  "!close CODE REASON" closes the connection with that code and reason
  "!extensions"        answers with the extensions this server negotiated ("none" if none)
  "!subprotocol"       answers with the subprotocol this server chose ("none" if none)
The server knows the subprotocols "chat" and "superchat" and picks the first one the client
offers of those; a client that offers neither gets none.
"""

import asyncio
import ssl
import sys

import websockets


async def handle(ws, path=None):
    async for message in ws:
        if isinstance(message, str) and message.startswith("!fragments "):
            await ws.send(iter(message[len("!fragments "):].split(",")))
        elif isinstance(message, str) and message.startswith("!close "):
            _, code, *reason = message.split(" ", 2)
            await ws.close(int(code), reason[0] if reason else "")
            return
        elif message == "!extensions":
            names = [e.name for e in ws.extensions]
            await ws.send(",".join(names) if names else "none")
        elif message == "!subprotocol":
            await ws.send(ws.subprotocol or "none")
        else:
            await ws.send(message)


def pick_subprotocol(ws, offered, available):
    for name in offered:
        if name in available:
            return name
    return None


def option(name):
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else None


def make_ssl_context():
    if not option("--cert"):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(option("--cert"), option("--key"))
    return context


async def main():
    compression = None if "--no-compression" in sys.argv[1:] else "deflate"

    class Protocol(websockets.WebSocketServerProtocol):
        def select_subprotocol(self, client_subprotocols, server_subprotocols):
            return pick_subprotocol(self, client_subprotocols, server_subprotocols)

    async with websockets.serve(handle, "127.0.0.1", 0, compression=compression,
                                subprotocols=["chat", "superchat"], max_size=None,
                                create_protocol=Protocol, ssl=make_ssl_context()) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())
