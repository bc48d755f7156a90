#!/usr/bin/python3
"""OAuth 2.0 authorization server and protected API for Quiver's tests, independent of Quiver.

Run with Debian's interpreter (python3-aiohttp): /usr/bin/python3 oauth_server.py
It listens on 127.0.0.1 on a free port, prints exactly one line "PORT <n>" to stdout when
ready, and serves until its stdin reaches end of file.

One registered client: id "quiver", secret "s3cret" (Basic auth, RFC 6749 §2.3.1, or in the
form); the public client "quiver-public" has no secret and must use PKCE.

Routes:
  GET  /authorize   RFC 6749 §4.1.1 with PKCE (RFC 7636): 302 to redirect_uri with code and
                    state; ?tamper_state=1 in the URL answers with another state, ?deny=1 with
                    error=access_denied
  POST /token       grant_type client_credentials, authorization_code (code_verifier checked
                    against the S256 challenge, redirect_uri and client checked), refresh_token;
                    errors as RFC 6749 §5.2 JSON (invalid_client, invalid_grant, ...);
                    access tokens expire in 3600 s
  GET  /protected   200 {"ok": true, "token": ...} with a valid "Authorization: Bearer", else
                    401 with WWW-Authenticate: Bearer error="invalid_token"
  GET  /stats       {"token_requests": n, "grants": {grant_type: n}, "authorize_requests": n}
"""

import asyncio
import base64
import hashlib
import json
import secrets
import socket
import sys
import urllib.parse

from aiohttp import web

CLIENTS = {"quiver": "s3cret", "quiver-public": None}
EXPIRES_IN = 3600


class State:
    def __init__(self):
        self.codes = {}  # code -> dict(client_id, redirect_uri, challenge, method)
        self.access = set()
        self.refresh = {}  # refresh token -> client id
        self.token_requests = 0
        self.grants = {}
        self.authorize_requests = 0


def oauth_error(status, error, description):
    return web.json_response({"error": error, "error_description": description}, status=status)


def client_of(request, form):
    """The authenticated client id, or None. Basic wins over the form (RFC 6749 §2.3.1)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
            user, _, password = decoded.partition(":")
            user, password = urllib.parse.unquote_plus(user), urllib.parse.unquote_plus(password)
        except Exception:
            return None
        return user if CLIENTS.get(user, False) == password and password else None
    client_id = form.get("client_id", "")
    if client_id not in CLIENTS:
        return None
    expected = CLIENTS[client_id]
    if expected is None:  # a public client: identified, not authenticated
        return client_id
    return client_id if form.get("client_secret") == expected else None


def issue(state, client_id):
    access = "at-" + secrets.token_urlsafe(16)
    refresh = "rt-" + secrets.token_urlsafe(16)
    state.access.add(access)
    state.refresh[refresh] = client_id
    return web.json_response({"access_token": access, "token_type": "bearer",
                              "expires_in": EXPIRES_IN, "refresh_token": refresh,
                              "scope": "read"})


async def authorize(request):
    state: State = request.app["state"]
    state.authorize_requests += 1
    q = request.query
    if q.get("response_type") != "code" or q.get("client_id") not in CLIENTS:
        return web.Response(status=400, text="bad authorization request\n")
    redirect_uri = q.get("redirect_uri", "")
    if not redirect_uri.startswith("http://127.0.0.1:"):
        return web.Response(status=400, text="redirect_uri must be a loopback address\n")
    if q.get("deny"):
        target = {"error": "access_denied", "error_description": "the user said no",
                  "state": q.get("state", "")}
    else:
        code = secrets.token_urlsafe(12)
        state.codes[code] = {"client_id": q["client_id"], "redirect_uri": redirect_uri,
                             "challenge": q.get("code_challenge"),
                             "method": q.get("code_challenge_method")}
        target = {"code": code, "state": "forged" if q.get("tamper_state") else q.get("state", "")}
    raise web.HTTPFound(redirect_uri + "?" + urllib.parse.urlencode(target))


def pkce_ok(entry, verifier):
    if entry["challenge"] is None:
        return verifier is None
    if entry["method"] != "S256" or verifier is None or not 43 <= len(verifier) <= 128:
        return False
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == entry["challenge"]


async def token(request):
    state: State = request.app["state"]
    state.token_requests += 1
    form = await request.post()
    grant = form.get("grant_type", "")
    state.grants[grant] = state.grants.get(grant, 0) + 1
    client_id = client_of(request, form)
    if client_id is None:
        return oauth_error(401, "invalid_client", "client authentication failed")
    if grant == "client_credentials":
        if CLIENTS[client_id] is None:
            return oauth_error(400, "unauthorized_client", "public clients cannot")
        return issue(state, client_id)
    if grant == "authorization_code":
        entry = state.codes.pop(form.get("code", ""), None)
        if entry is None or entry["client_id"] != client_id:
            return oauth_error(400, "invalid_grant", "unknown or used code")
        if entry["redirect_uri"] != form.get("redirect_uri"):
            return oauth_error(400, "invalid_grant", "redirect_uri differs")
        if not pkce_ok(entry, form.get("code_verifier")):
            return oauth_error(400, "invalid_grant", "PKCE verification failed")
        return issue(state, client_id)
    if grant == "refresh_token":
        owner = state.refresh.pop(form.get("refresh_token", ""), None)
        if owner != client_id:
            return oauth_error(400, "invalid_grant", "unknown refresh token")
        return issue(state, client_id)
    return oauth_error(400, "unsupported_grant_type", f"grant_type {grant!r}")


async def protected(request):
    state: State = request.app["state"]
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and header[7:] in state.access:
        return web.json_response({"ok": True, "token": header[7:]})
    return web.Response(status=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


async def stats(request):
    state: State = request.app["state"]
    return web.json_response({"token_requests": state.token_requests, "grants": state.grants,
                              "authorize_requests": state.authorize_requests})


def make_app():
    app = web.Application()
    app["state"] = State()
    app.router.add_get("/authorize", authorize)
    app.router.add_post("/token", token)
    app.router.add_get("/protected", protected)
    app.router.add_get("/stats", stats)
    return app


async def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    runner = web.AppRunner(make_app(), access_log=None, handle_signals=False)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    try:
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
