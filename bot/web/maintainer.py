"""The /mainteneur page: label the anonymous inbox from a browser (same work as `python -m bot inbox`).

Off unless ``MAINTAINER_TOKEN`` is set in the environment (then every /mainteneur URL answers 404).
The API wants ``Authorization: Bearer <token>`` (compared in constant time); the page keeps the
token in memory only (no cookie, no storage), so a cross-site form cannot act for a maintainer, and
POSTs must be same-origin JSON. Nothing about visitors is served except the filtered question texts.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from typing import Any, Callable

from aiohttp import web

from knowledge.inbox import Inbox, default_path

from .errors import ApiError, json_object

__all__ = ["setup_maintainer", "TOKEN"]

log = logging.getLogger("bot.web")

TOKEN = web.AppKey("maintainer_token", str)
_MIN_TOKEN_CHARS = 16
_MAX_BODY = 2048


def _page_or_404(request: web.Request) -> str:
    token = request.app.get(TOKEN) or ""
    if not token:
        raise web.HTTPNotFound()
    return token


def _authorise(request: web.Request) -> None:
    token = _page_or_404(request)
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    # header bytes that are not UTF-8 arrive as surrogate escapes: encode them back, never raise
    given_bytes = given.strip().encode("utf-8", "surrogateescape")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given_bytes, token.encode()):
        raise ApiError(403, "Jeton d'accès manquant ou incorrect.")
    origin = request.headers.get("Origin")
    if origin is not None and origin.split("://", 1)[-1] != request.host:
        raise ApiError(403, "Requête d'une autre origine refusée.")


def _inbox() -> Inbox:
    path = default_path()
    if path is None:
        raise ApiError(404, "La boîte des questions est désactivée (INBOX_PATH=off).")
    return Inbox(path)


async def _blocking(func: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)


async def _json_body(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise ApiError(415, "Envoyez la requête au format JSON (application/json).")
    raw = await request.read()  # bounded by the app's client_max_size (413 beyond)
    if len(raw) > _MAX_BODY:
        raise ApiError(413, "Requête trop longue.")
    return json_object(
        raw, "Le corps de la requête n'est pas du JSON valide.", "Le corps de la requête doit être un objet JSON."
    )


def _item_id(data: dict[str, Any]) -> int:
    value = data.get("id")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10**7:
        raise ApiError(400, "Identifiant de question invalide.")
    return value


def _no_store(data: Any, status: int = 200) -> web.Response:
    return web.json_response(
        data,
        status=status,
        dumps=lambda d: json.dumps(d, ensure_ascii=False),
        headers={"Cache-Control": "no-store"},
    )


async def page(request: web.Request) -> web.Response:
    """GET /mainteneur — the labelling page (404 when no token is configured)."""
    _page_or_404(request)
    from .views import page_response

    return page_response(request, "mainteneur.html", cache="no-store")


async def items(request: web.Request) -> web.Response:
    """GET /api/mainteneur/items — the questions and the intents a maintainer may choose."""
    from knowledge.maintainer import domain_intents

    _authorise(request)

    def read() -> dict[str, Any]:
        return {"items": [i.as_dict() for i in _inbox().items()], "intents": domain_intents()}

    return _no_store(await _blocking(read))


async def label(request: web.Request) -> web.Response:
    """POST /api/mainteneur/label {"id", "intent"} — labels one question."""
    from knowledge.maintainer import LabelError, UnknownItem
    from knowledge.maintainer import label as do_label

    _authorise(request)
    data = await _json_body(request)
    item_id, intent = _item_id(data), data.get("intent")
    if not isinstance(intent, str) or not intent or len(intent) > 80:
        raise ApiError(400, "Choisissez une intention.")
    try:
        item = await _blocking(lambda: do_label(_inbox(), item_id, intent))
    except LabelError as error:
        raise ApiError(404 if isinstance(error, UnknownItem) else 400, str(error)) from None
    return _no_store({"item": item.as_dict()})


async def discard(request: web.Request) -> web.Response:
    """POST /api/mainteneur/discard {"id"} — discards one question."""
    from knowledge.maintainer import LabelError
    from knowledge.maintainer import discard as do_discard

    _authorise(request)
    item_id = _item_id(await _json_body(request))
    try:
        await _blocking(lambda: do_discard(_inbox(), item_id))
    except LabelError as error:
        raise ApiError(404, str(error)) from None
    return _no_store({"discarded": item_id})


async def export(request: web.Request) -> web.Response:
    """POST /api/mainteneur/export — writes labelled questions into data/nlu/."""
    from knowledge.maintainer import export as do_export

    _authorise(request)
    await _json_body(request)
    result = await _blocking(lambda: do_export(_inbox()))
    return _no_store(
        {"written": result.written, "skipped": [list(s) for s in result.skipped], "summary": result.summary()}
    )


async def download(request: web.Request) -> web.Response:
    """GET /api/mainteneur/export.json — every item as a JSON file (as `inbox export --json`)."""
    _authorise(request)
    data = await _blocking(lambda: [i.as_dict() for i in _inbox().items()])
    response = _no_store(data)
    response.headers["Content-Disposition"] = 'attachment; filename="questions-non-comprises.json"'
    return response


def setup_maintainer(app: web.Application) -> None:
    """Registers /mainteneur and its API; the token is read from ``MAINTAINER_TOKEN`` now."""
    token = os.environ.get("MAINTAINER_TOKEN", "").strip()
    if token and len(token) < _MIN_TOKEN_CHARS:
        log.warning("MAINTAINER_TOKEN shorter than %d characters: /mainteneur stays off", _MIN_TOKEN_CHARS)
        token = ""
    app[TOKEN] = token
    app.router.add_get("/mainteneur", page, name="maintainer")
    app.router.add_get("/api/mainteneur/items", items)
    app.router.add_post("/api/mainteneur/label", label)
    app.router.add_post("/api/mainteneur/discard", discard)
    app.router.add_post("/api/mainteneur/export", export)
    app.router.add_get("/api/mainteneur/export.json", download)
