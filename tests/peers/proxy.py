#!/usr/bin/python3
"""HTTP forward proxy for Quiver's tests, independent of Quiver's own code.

Run with Debian's interpreter (python3-aiohttp): /usr/bin/python3 proxy.py [--auth user:pass]
It listens on 127.0.0.1 on a free port, prints exactly one line "PORT <n>" to stdout when
ready, and serves until its stdin reaches end of file (the harness closes it).

  * absolute-form requests (GET http://host:port/path HTTP/1.1) are forwarded with an
    aiohttp client; the answer is streamed back unchanged (no decompression, no redirects);
  * CONNECT host:port opens a TCP tunnel (asyncio streams) after "200 Connection established";
  * with --auth, a request without the matching Proxy-Authorization (Basic) gets
    407 with Proxy-Authenticate;
  * every request seen is reported on stderr as "SEEN <method> <target>", before the
    authorization check, so tests can count what reached the proxy.
"""

import argparse
import asyncio
import base64
import socket
import sys

import aiohttp
from multidict import CIMultiDict
from yarl import URL

MAX_HEAD = 64 * 1024
# Hop-by-hop headers (RFC 9110, 7.6.1) and the proxy's own: never forwarded.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
              "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}


class BadRequest(Exception):
    pass


async def read_head(reader):
    """Reads a request head; returns (method, target, version, [(name, value)]) or None at EOF."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial.strip():
            return None
        raise BadRequest("connection closed inside the request head")
    except asyncio.LimitOverrunError:
        raise BadRequest("request head too large")
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(f"bad request line {lines[0]!r}")
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest(f"bad header line {line!r}")
        headers.append((name, value.strip()))
    return parts[0], parts[1], parts[2], headers


def header(headers, name):
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


async def send_simple(writer, status, reason, extra=(), body=b""):
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in extra]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()


async def pipe(reader, writer):
    try:
        while data := await reader.read(64 * 1024):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (OSError, RuntimeError):
            pass


async def tunnel(target, client_reader, client_writer):
    host, sep, port = target.rpartition(":")
    if not sep or not port.isdigit():
        await send_simple(client_writer, 400, "Bad Request", body=b"CONNECT needs host:port\n")
        return
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection(host.strip("[]"), int(port))
    except OSError as error:
        await send_simple(client_writer, 502, "Bad Gateway", body=f"{error}\n".encode())
        return
    client_writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
    await client_writer.drain()
    try:
        await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
    finally:
        upstream_writer.close()


class Proxy:
    def __init__(self, auth):
        self.expected_auth = None
        if auth:
            self.expected_auth = "Basic " + base64.b64encode(auth.encode()).decode("ascii")
        self.session = None

    async def forward(self, method, target, headers, body, client_writer):
        """Forwards one absolute-form request; returns False when the connection must close."""
        if not target.startswith("http://"):
            await send_simple(client_writer, 400, "Bad Request", body=b"absolute-form http:// URI required\n")
            return False
        outgoing = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP and k.lower() != "host"]
        try:
            async with self.session.request(method, URL(target, encoded=True), headers=CIMultiDict(outgoing),
                                            data=body or None, allow_redirects=False,
                                            skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept",
                                                               "Content-Type")) as response:
                head = [f"HTTP/1.1 {response.status} {response.reason}"]
                for raw_name, raw_value in response.raw_headers:
                    name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
                    if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                        head.append(f"{name}: {value}")
                bodiless = method == "HEAD" or response.status in (204, 304) or response.status < 200
                length = response.headers.get("Content-Length")
                if bodiless:
                    if length is not None:
                        head.append(f"Content-Length: {length}")
                elif length is not None:
                    head.append(f"Content-Length: {length}")
                else:
                    head.append("Transfer-Encoding: chunked")
                client_writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
                if not bodiless:
                    async for chunk in response.content.iter_any():
                        client_writer.write(chunk if length is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        await client_writer.drain()
                    if length is None:
                        client_writer.write(b"0\r\n\r\n")
                await client_writer.drain()
                return True
        except aiohttp.ClientPayloadError:
            return False  # upstream cut its answer short: cut ours short as well
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as error:
            await send_simple(client_writer, 502, "Bad Gateway", body=f"{type(error).__name__}: {error}\n".encode())
            return False

    async def handle(self, reader, writer):
        try:
            while True:
                try:
                    head = await read_head(reader)
                except BadRequest as error:
                    await send_simple(writer, 400, "Bad Request", body=f"{error}\n".encode())
                    return
                if head is None:
                    return
                method, target, version, headers = head
                print(f"SEEN {method} {target}", file=sys.stderr, flush=True)

                body = b""
                if header(headers, "transfer-encoding") is not None:
                    await send_simple(writer, 501, "Not Implemented", body=b"chunked request bodies are not supported\n")
                    return
                length = header(headers, "content-length")
                if length is not None:
                    if not length.isdigit():
                        await send_simple(writer, 400, "Bad Request", body=b"bad Content-Length\n")
                        return
                    body = await reader.readexactly(int(length))

                if self.expected_auth and header(headers, "proxy-authorization") != self.expected_auth:
                    await send_simple(writer, 407, "Proxy Authentication Required",
                                      [("Proxy-Authenticate", 'Basic realm="quiver-test-proxy"')],
                                      b"proxy authentication required\n")
                    if method == "CONNECT":
                        return
                    continue

                if method == "CONNECT":
                    await tunnel(target, reader, writer)
                    return
                keep_alive = await self.forward(method, target, headers, body, writer)
                closing = (header(headers, "connection") or "").lower() == "close" or version == "HTTP/1.0"
                if not keep_alive or closing:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def wait_for_stdin_eof():
    # A blocking read in a worker thread works for pipes, files and terminals alike.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--auth", metavar="USER:PASS", help="require this Basic Proxy-Authorization")
    args = parser.parse_args()

    proxy = Proxy(args.auth)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    async with aiohttp.ClientSession(auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(),
                                     timeout=aiohttp.ClientTimeout(total=None)) as session:
        proxy.session = session
        server = await asyncio.start_server(proxy.handle, sock=sock, limit=MAX_HEAD)
        print(f"PORT {sock.getsockname()[1]}", flush=True)
        async with server:
            await wait_for_stdin_eof()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
