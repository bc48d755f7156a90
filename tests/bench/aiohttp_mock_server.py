"""The aiohttp anchor of the mock benchmark: GET /hello behind the same three middlewares the
Quiver mock runs in the benchmark (request id, CORS, security headers), one process."""
import sys
import uuid

from aiohttp import web


@web.middleware
async def request_id(request, handler):
    rid = request.headers.get("X-Request-ID") or str(uuid.uuid4())
    response = await handler(request)
    response.headers["X-Request-ID"] = rid
    return response


@web.middleware
async def cors(request, handler):
    origin = request.headers.get("Origin")
    response = await handler(request)
    if origin:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@web.middleware
async def security_headers(request, handler):
    response = await handler(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


async def hello(request):
    return web.Response(text="Hello, World!")


if __name__ == "__main__":
    app = web.Application(middlewares=[request_id, cors, security_headers])
    app.router.add_get("/hello", hello)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
