#!/usr/bin/python3
"""HTTP test peer for Quiver's tests, independent of Quiver's own code.

Run with Debian's interpreter (python3-aiohttp): /usr/bin/python3 aiohttp_server.py
    [--cert FILE --key FILE [--client-ca FILE]]
With --cert/--key it serves HTTPS; --client-ca also requires a client certificate signed by
that CA (mutual TLS). It listens on 127.0.0.1 on a free port, prints exactly one line "PORT <n>" to stdout
when ready, and serves until its stdin reaches end of file (the harness closes it).

Routes:
  /echo                      any method: the request as JSON (see echo())
  /gzip, /deflate            KNOWN_TEXT, compressed, with Content-Encoding (deflate?raw=1: raw)
  /redirect/{n}              302 to /redirect/{n-1} ... /redirect/1 -> /echo (?absolute=1)
  /redirect-status/{code}    a redirect with that status to /echo
  /set-cookie?name=value     sets each pair as a cookie with Path=/
  /cookies                   the Cookie header as JSON
  /slow?ms=N                 answers after N ms
  /drip?chunks=N&ms=M        N chunks, M ms apart (chunked transfer encoding)
  /close-mid-response        Content-Length: 1000, then 10 bytes, then the connection closes
  /status/{code}             an empty-bodied (or tiny JSON) response with that status
  /bytes/{n}                 n deterministic bytes: byte i is (i * 31 + 7) mod 256
  /big-json?mb=N             a streamed JSON array of about N MiB
  /events?count=N            server-sent events: "retry: 20", then N events numbered after
                             the Last-Event-ID header (0 when absent), with event type "tick"
                             and two data lines ("n=<id>", "last=<Last-Event-ID or none>"),
                             written in odd-sized pieces with CRLF line ends; then it closes
"""

import argparse
import asyncio
import base64
import gzip
import hashlib
import json
import socket
import ssl
import sys
import zlib

from aiohttp import MultipartReader, hdrs, web
from aiohttp.streams import StreamReader

KNOWN_TEXT = ("Quiver test peer: the quick brown fox jumps over the lazy dog.\n" * 16).encode()
MAX_BODY = 512 * 1024 * 1024
MAX_BYTES = 1024 * 1024 * 1024


def pairs(multidict):
    return [[k, v] for k, v in multidict.items()]


def int_param(request, name, default, low, high):
    raw = request.query.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise web.HTTPBadRequest(text=f"{name} must be an integer, got {raw!r}\n")
    if not low <= value <= high:
        raise web.HTTPBadRequest(text=f"{name} must be in [{low}, {high}], got {value}\n")
    return value


def int_match(request, name, low, high):
    raw = request.match_info[name]
    try:
        value = int(raw)
    except ValueError:
        raise web.HTTPBadRequest(text=f"{name} must be an integer, got {raw!r}\n")
    if not low <= value <= high:
        raise web.HTTPBadRequest(text=f"{name} must be in [{low}, {high}], got {value}\n")
    return value


class _NoFlowControl:
    """Protocol stand-in for a StreamReader fed from memory."""

    _reading_paused = False

    def pause_reading(self):
        pass

    def resume_reading(self):
        pass


async def parse_multipart(headers, body):
    # The body was already read for "body"/"body_base64"; replay it through aiohttp's reader.
    stream = StreamReader(_NoFlowControl(), 2**16, loop=asyncio.get_running_loop())
    stream.feed_data(body, len(body))
    stream.feed_eof()
    parts = []
    reader = MultipartReader(headers, stream)
    while True:
        part = await reader.next()
        if part is None:
            break
        data = await part.read(decode=False)
        parts.append({
            "name": part.name,
            "filename": part.filename,
            "content_type": part.headers.get(hdrs.CONTENT_TYPE),
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        })
    return parts


async def echo(request):
    body = await request.read()
    result = {
        "method": request.method,
        "path": request.path,
        "query": pairs(request.query),
        "headers": pairs(request.headers),
        "body": body.decode("utf-8", errors="replace"),
        "body_base64": base64.b64encode(body).decode("ascii"),
        "form": None,
        "multipart": None,
    }
    if request.content_type == "application/x-www-form-urlencoded":
        result["form"] = pairs(await request.post())
    elif request.content_type.startswith("multipart/"):
        try:
            result["multipart"] = await parse_multipart(request.headers, body)
        except Exception as error:  # a malformed upload is reported, not a server crash
            result["multipart_error"] = f"{type(error).__name__}: {error}"
    return web.json_response(result)


async def gzip_route(request):
    return web.Response(body=gzip.compress(KNOWN_TEXT, mtime=0),
                        headers={hdrs.CONTENT_ENCODING: "gzip",
                                 hdrs.CONTENT_TYPE: "text/plain; charset=utf-8"})


async def deflate_route(request):
    # HTTP "deflate" is the zlib format (RFC 1950); ?raw=1 sends the bare deflate stream that
    # some servers send instead.
    if request.query.get("raw") == "1":
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        data = compressor.compress(KNOWN_TEXT) + compressor.flush()
    else:
        data = zlib.compress(KNOWN_TEXT)
    return web.Response(body=data, headers={hdrs.CONTENT_ENCODING: "deflate",
                                            hdrs.CONTENT_TYPE: "text/plain; charset=utf-8"})


def location(request, path):
    if request.query.get("absolute") == "1":
        return str(request.url.with_path(path).with_query(request.query))
    return str(request.rel_url.with_path(path).with_query(request.query))


async def redirect(request):
    n = int_match(request, "n", 0, 1000)
    if n == 0:
        return await echo(request)
    target = "/echo" if n == 1 else f"/redirect/{n - 1}"
    return web.Response(status=302, headers={hdrs.LOCATION: location(request, target)})


async def redirect_status(request):
    code = int_match(request, "code", 300, 399)
    return web.Response(status=code, headers={hdrs.LOCATION: location(request, "/echo")})


async def set_cookie(request):
    response = web.json_response({"set": pairs(request.query)})
    for name, value in request.query.items():
        response.set_cookie(name, value, path="/")
    return response


async def cookies(request):
    return web.json_response({"cookie": request.headers.get(hdrs.COOKIE),
                              "cookies": [[k, v] for k, v in request.cookies.items()]})


async def slow(request):
    ms = int_param(request, "ms", 1000, 0, 600_000)
    await asyncio.sleep(ms / 1000)
    return web.json_response({"slept_ms": ms})


async def drip(request):
    chunks = int_param(request, "chunks", 5, 0, 100_000)
    ms = int_param(request, "ms", 100, 0, 60_000)
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "text/plain"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    for i in range(chunks):
        if i:
            await asyncio.sleep(ms / 1000)
        await response.write(f"chunk {i}\n".encode())
    await response.write_eof()
    return response


async def close_mid_response(request):
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "application/octet-stream"})
    response.content_length = 1000
    await response.prepare(request)
    await response.write(b"0123456789")
    request.transport.close()
    # Leave the handler without finishing the message; aiohttp sees the closed transport.
    raise asyncio.CancelledError()


async def status(request):
    code = int_match(request, "code", 200, 599)
    if code in (204, 304):
        return web.Response(status=code)
    return web.json_response({"status": code}, status=code)


def deterministic_bytes(start, count):
    return bytes((i * 31 + 7) & 0xFF for i in range(start, start + count))


async def bytes_route(request):
    n = int_match(request, "n", 0, MAX_BYTES)
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "application/octet-stream"})
    response.content_length = n
    await response.prepare(request)
    if request.method == hdrs.METH_HEAD:
        # aiohttp 3.8 writes a StreamResponse's body even for HEAD: send the head only.
        await response.write_eof()
        return response
    block = 64 * 1024
    pattern = deterministic_bytes(0, block)  # the pattern repeats every 256 bytes
    sent = 0
    while sent < n:
        count = min(block, n - sent)
        await response.write(pattern[:count])
        sent += count
    await response.write_eof()
    return response


async def big_json(request):
    mb = int_param(request, "mb", 1, 0, 4096)
    target = mb * 1024 * 1024
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "application/json"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    await response.write(b"[")
    written, index, batch = 1, 0, []
    filler = "x" * 64
    while written < target:
        item = json.dumps({"id": index, "name": f"item-{index}", "filler": filler}, separators=(",", ":"))
        piece = ("," if index else "") + item
        batch.append(piece)
        written += len(piece)
        index += 1
        if len(batch) == 512:
            await response.write("".join(batch).encode())
            batch.clear()
    batch.append("]")
    await response.write("".join(batch).encode())
    await response.write_eof()
    return response


async def events(request):
    count = int_param(request, "count", 3, 0, 10_000)
    last = request.headers.get("Last-Event-ID")
    start = int(last) if last and last.isdigit() else 0
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "text/event-stream",
                                           hdrs.CACHE_CONTROL: "no-cache"})
    await response.prepare(request)
    text = ": keep-alive comment\r\nretry: 20\r\n\r\n"
    for n in range(start + 1, start + count + 1):
        text += f"id: {n}\r\nevent: tick\r\ndata: n={n}\r\ndata: last={last or 'none'}\r\n\r\n"
    data = text.encode()
    # Pieces of 7 bytes split CRLF pairs and field names, as a slow network would.
    for i in range(0, len(data), 7):
        await response.write(data[i:i + 7])
    return response


def make_app():
    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/gzip", gzip_route)
    app.router.add_get("/deflate", deflate_route)
    app.router.add_route("*", "/redirect/{n}", redirect)
    app.router.add_route("*", "/redirect-status/{code}", redirect_status)
    app.router.add_get("/set-cookie", set_cookie)
    app.router.add_get("/cookies", cookies)
    app.router.add_route("*", "/slow", slow)
    app.router.add_get("/drip", drip)
    app.router.add_get("/close-mid-response", close_mid_response)
    app.router.add_route("*", "/status/{code}", status)
    app.router.add_get("/bytes/{n}", bytes_route)
    app.router.add_get("/big-json", big_json)
    app.router.add_get("/events", events)
    return app


async def wait_for_stdin_eof():
    loop = asyncio.get_running_loop()
    # A blocking read in a worker thread works for pipes, files and terminals alike.
    await loop.run_in_executor(None, sys.stdin.buffer.read)


def make_ssl_context(args):
    if not args.cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        context.load_verify_locations(args.client_ca)
        context.verify_mode = ssl.CERT_REQUIRED
    return context


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cert", metavar="FILE", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--key", metavar="FILE", help="the certificate's private key (PEM)")
    parser.add_argument("--client-ca", metavar="FILE", help="require client certificates from this CA")
    args = parser.parse_args()
    if bool(args.cert) != bool(args.key) or (args.client_ca and not args.cert):
        parser.error("--cert and --key go together; --client-ca needs them")
    ssl_context = make_ssl_context(args)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    runner = web.AppRunner(make_app(), access_log=None, handle_signals=False)
    await runner.setup()
    await web.SockSite(runner, sock, ssl_context=ssl_context).start()
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    try:
        await wait_for_stdin_eof()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
