"""The server's door: only its own page may talk to it, and only in small requests.

A page on any web site can make the coach's browser send requests to 127.0.0.1, and a DNS name
that rebinds to 127.0.0.1 can even read the answers. So every request must name this server in
its Host header, a request that says where it comes from (Origin) must come from this server's
own page, and a request that changes or renders something (POST) must say so. Bodies are capped
before they are read, so no request can make the server hold more than it should.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from starlette.types import ASGIApp as App
from starlette.types import Message, Receive, Scope, Send

MAX_BODY = 512 * 1024  # a program of 100 exercises with long notes is about 60 KiB

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
        b"connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> set[str]:
    """The Host header values that name this server: its address and loopback names, with port."""
    names = {host, "127.0.0.1", "localhost", *extra}
    if host in ("::1", "::"):
        names |= {"[::1]"}
    return {f"{name}:{port}" for name in names if name not in ("0.0.0.0", "::")}


class Guard:
    def __init__(self, app: App, hosts: Callable[[], set[str]], max_body: int = MAX_BODY) -> None:
        self.app, self.hosts, self.max_body = app, hosts, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope["method"], headers)
        if refusal is not None:
            status, message = refusal
            await _answer(send, status, message)
            return
        size = headers.get("content-length", "0")
        if not size.isdigit() or int(size) > self.max_body:
            await _answer(send, 413, f"requests are limited to {self.max_body // 1024} KiB")
            return
        await self.app(scope, self._capped(receive), _with_headers(send))

    def _refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        hosts = self.hosts()
        if headers.get("host", "") not in hosts:
            return 421, "this server answers only to its own address"
        origin = headers.get("origin")
        if origin is not None and origin not in {f"http://{h}" for h in hosts}:
            return 403, "requests from other sites are refused"
        if method not in ("GET", "HEAD"):
            if origin is None:
                return 403, "a change must come from the page itself (no Origin header)"
            kind = headers.get("content-type", "").split(";")[0].strip()
            if kind != "application/json":  # never a form a foreign page could post
                return 415, "send JSON"
        return None

    def _capped(self, receive: Receive) -> Receive:
        """Counts the body as it arrives: a client that lies about its length is cut off."""
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        return capped


class BodyTooLarge(Exception):
    """Raised inside a handler's body read; the app turns it into a 413."""


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = dict(message)
            message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
        await send(message)

    return sending


async def _answer(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
