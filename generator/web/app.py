"""The routes of ``coachcards serve``: one page, a search, and renders by the public API.

GET only reads (the page, search results, pictures already made); everything that renders or
converts is a POST with a JSON body, which the guard lets through only from the page itself.
Every exercise a request names is looked up in the library first, so no request can make the
server read a file the library does not list.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from generator.web import engine
from generator.web.guard import BodyTooLarge, Guard
from generator.web.pool import Busy, RenderPool, Stopped, Superseded
from generator.web.programs import FormError, to_yaml
from generator.web.site import Site

SCRIPTS = ("app.js", "dom.js", "library.js", "plan.js", "preview.js", "state.js")  # ES modules
STATIC = {"app.css": "text/css"} | dict.fromkeys(SCRIPTS, "text/javascript")


class Refused(Exception):
    def __init__(self, status: int, message: str, problems: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.status, self.message, self.problems = status, message, problems or []


class Lru(OrderedDict[Any, Any]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: Any, value: Any) -> Any:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value


def create_app(site: Site, pool: RenderPool) -> Any:
    """The ASGI app: the routes behind the guard. ``site.hosts`` says which Host is ours."""
    pdfs, pages, thumbs = Lru(8), Lru(300), Lru(600)
    making: dict[tuple[str, int], asyncio.Future[bytes]] = {}  # page images being drawn

    def start_page(token: str, number: int) -> None:
        """Draw a page image in a worker now; a request for it waits for this one drawing."""
        key = (token, number)
        if key in pages or key in making:
            return
        pdf, _ = pdfs[token]
        future = asyncio.ensure_future(pool.run(engine.page_image, pdf, number - 1))
        making[key] = future

        def done(finished: asyncio.Future[bytes]) -> None:
            making.pop(key, None)
            if not finished.cancelled() and finished.exception() is None:
                pages.keep(key, finished.result())

        future.add_done_callback(done)

    async def page(request: Request) -> Response:
        return HTMLResponse(site.page_html(), headers={"cache-control": "no-store"})

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            raise Refused(404, "not found")
        data = (Path(__file__).with_name("static") / name).read_bytes()
        return Response(data, media_type=STATIC[name], headers={"cache-control": "no-cache"})

    async def search(request: Request) -> Response:
        query = request.query_params.get("q", "")
        results, total = site.library.search(query)
        hint = site.library.hint(query) if not total and query.strip() else ""
        return JSONResponse({"results": results, "total": total, "hint": hint})

    async def thumbnail(request: Request) -> Response:
        """Kept by the drawing's bytes, so an edited drawing (or an exercise that now names
        another one) shows at once; the browser asks again each time (ETag, no-cache)."""
        slug = _known(site, request.path_params["slug"], 404)
        drawings = site.library.exercises[slug].image_paths
        if not drawings:
            raise Refused(404, "this exercise has no drawing")
        key = (slug, _version(drawings[0]))
        if key not in thumbs:
            data = await _render(pool, engine.thumbnail, slug, site.settings.content)
            thumbs.keep(key, data)
        if not thumbs[key]:
            raise Refused(404, "this drawing cannot be shown; `coachcards validate` says why")
        headers = {"cache-control": "no-cache", "etag": f'"{key[1]}"'}
        if request.headers.get("if-none-match") == headers["etag"]:
            return Response(status_code=304, headers=headers)
        return Response(thumbs[key], media_type="image/png", headers=headers)

    async def entry(request: Request) -> Response:
        body = await _json(request)
        slug = _known(site, str(body.get("exercise", "")), 422)
        return JSONResponse({"entry": site.new_entry(slug), "name": site.library.name(slug)})

    async def preview(request: Request) -> Response:
        body = await _json(request)
        form, text, settings = _program(site, body)
        try:
            outcome = await pool.run(
                engine.preview, text.text, site.filename(form), settings, 0, lane="preview"
            )
        except Superseded:
            return JSONResponse({"superseded": True}, status_code=409)
        except Busy:
            raise Refused(503, "busy: too many pages are being made; try again") from None
        except Stopped as stopped:
            raise Refused(422, str(stopped)) from None
        if outcome.problems:
            return JSONResponse({"problems": site.placed(outcome.problems, text, form)})
        token = hashlib.sha256(outcome.data).hexdigest()[:24]
        pdfs.keep(token, (outcome.data, outcome.pages))
        # the answer goes now; the pages the column shows first are drawn meanwhile, one per
        # worker at once, and the browser's requests for them wait for those drawings
        for number in range(1, min(engine.FIRST_PAGES, outcome.pages) + 1):
            start_page(token, number)
        return JSONResponse({"token": token, "pages": outcome.pages, "problems": []})

    async def page_image(request: Request) -> Response:
        token, number = request.path_params["token"], request.path_params["number"]
        if token not in pdfs:
            raise Refused(404, "this preview is gone; the page asks for a new one")
        key = (token, number)
        data = pages.get(key)
        if data is None:
            _, count = pdfs[token]
            if not 1 <= number <= min(count, engine.MAX_PREVIEW_PAGES):
                raise Refused(404, "no such page")
            start_page(token, number)
            # shielded: a browser that goes away leaves the drawing to finish for the next one
            data = pages[key] if key in pages else await _shielded(making[key])
        return Response(data, media_type="image/png", headers=_cached())

    async def packet(request: Request) -> Response:
        body = await _json(request)
        form, text, settings = _program(site, body)
        outcome = await _render(pool, engine.packet, text.text, site.filename(form), settings)
        if outcome.problems:
            raise Refused(422, "the packet has problems", site.placed(outcome.problems, text, form))
        return _download(outcome.data, site.filename(form, ".pdf"), "application/pdf")

    async def program(request: Request) -> Response:
        body = await _json(request)
        form, text, _ = _program(site, body)
        return _download(text.text.encode(), site.filename(form), "application/yaml")

    async def single(request: Request) -> Response:
        body = await _json(request)
        slug = _known(site, str(body.get("exercise", "")), 422)
        kind = body.get("kind")
        if kind not in ("card", "handout"):
            raise Refused(422, "kind is card or handout")
        settings = site.settings_for(body)
        profile = body.get("profile") or None
        if profile not in (None, "wall"):
            raise Refused(422, "profile is wall or none")
        landscape = bool(body.get("landscape"))
        outcome = await _render(pool, engine.single, kind, slug, settings, profile, landscape)
        if outcome.problems:
            problems = [{"field": "", "exercise": slug, "text": str(p)} for p in outcome.problems]
            raise Refused(422, f"the {kind} cannot be made", problems)
        size = settings.size or "default"
        return _download(outcome.data, f"{slug}-{kind}-{size}.pdf", "application/pdf")

    async def open_program(request: Request) -> Response:
        body = await _json(request)
        name, text = site.upload_name(body.get("name")), body.get("text")
        if not isinstance(text, str):
            raise Refused(422, "send the file's text")
        form, outcome = await _render(pool, engine.program_form, text, name, site.settings.content)
        if form is None:
            problems = [{"field": "", "exercise": "", "text": str(p)} for p in outcome.problems]
            raise Refused(422, f"{name} cannot be opened", problems)
        return JSONResponse({"program": site.with_settings(form, text)})

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/api/search", search, methods=["GET"]),
        Route("/thumb/{slug}.png", thumbnail, methods=["GET"]),
        Route("/preview/{token:str}/{number:int}.png", page_image, methods=["GET"]),
        Route("/api/entry", entry, methods=["POST"]),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/api/packet", packet, methods=["POST"]),
        Route("/api/program", program, methods=["POST"]),
        Route("/api/single", single, methods=["POST"]),
        Route("/api/open", open_program, methods=["POST"]),
    ]

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        content = {"error": exc.message, "problems": exc.problems}
        return JSONResponse(content, status_code=exc.status)

    async def too_large(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": "the request is too large"}, status_code=413)

    app = Starlette(routes=routes, exception_handlers={Refused: refused, BodyTooLarge: too_large})
    return Guard(app, lambda: site.hosts)


def _known(site: Site, slug: str, status: int) -> str:
    if slug not in site.library.exercises:
        raise Refused(status, site.unknown(slug))
    return slug


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "the request is not JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "the request is not a JSON object")
    return body


def _program(site: Site, body: dict[str, Any]) -> tuple[dict[str, Any], Any, engine.Settings]:
    form = body.get("program")
    if not isinstance(form, dict):
        raise Refused(400, "the request has no program")
    settings = site.settings_for(form)
    try:
        return form, to_yaml(form, site.header(form, settings)), settings
    except FormError as error:
        raise Refused(422, str(error)) from None


async def _shielded(future: asyncio.Future[bytes]) -> bytes:
    try:
        return await asyncio.shield(future)
    except Busy:
        raise Refused(503, "busy: too many pages are being made; try again") from None
    except Stopped as stopped:
        raise Refused(422, str(stopped)) from None


async def _render(pool: RenderPool, fn: Any, *args: Any) -> Any:
    try:
        return await pool.run(fn, *args)
    except Busy:
        raise Refused(503, "busy: too many pages are being made; try again") from None
    except Stopped as stopped:
        raise Refused(422, str(stopped)) from None


def _version(path: Path) -> str:
    """What a drawing is: its path and a hash of its bytes (mtime can stay put, size too)."""
    digest = hashlib.sha256(str(path).encode())
    try:
        digest.update(path.read_bytes())
    except OSError:  # gone or unreadable: the render reports it
        digest.update(b"unreadable")
    return digest.hexdigest()[:32]


def _download(data: bytes, filename: str, kind: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(data, media_type=kind, headers={"content-disposition": disposition})


def _cached() -> dict[str, str]:
    return {"cache-control": "private, max-age=3600"}
