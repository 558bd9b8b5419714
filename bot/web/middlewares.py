"""Middlewares: security headers on every answer, and errors turned into JSON (never an HTML 500).

Also the access logger, which logs the route pattern only: no query string, no body, no address.
"""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from aiohttp import web, web_protocol, web_response
from aiohttp.abc import AbstractAccessLogger, BaseRequest, StreamResponse

from .errors import ApiError, http_error_for
from .logs import ROUTE_ONLY
from .views import json_response

__all__ = ["setup_middlewares", "RouteAccessLogger", "SECURITY_HEADERS", "SERVER_HEADER"]

log = logging.getLogger("bot.web")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

#: Value of the ``Server`` header: no product or version for a scanner to match.
SERVER_HEADER = "orientation"

_HTTP_MESSAGES = {
    400: "Requête invalide.",
    403: "Accès refusé.",
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    413: "Votre message est trop long.",
    408: "La requête est arrivée trop lentement.",
    415: "Type de contenu non accepté.",
}
_UNAVAILABLE = "Le service est momentanément indisponible. Réessayez dans quelques minutes."


def _is_api(request: web.Request) -> bool:
    return request.path.startswith("/api/")


def _error(request: web.Request, status: int, message: str, body: dict | None = None) -> web.Response:
    if _is_api(request) or request.path == "/healthz":
        return json_response(body or {"error": message}, status)
    return web.Response(status=status, text=message, content_type="text/plain", charset="utf-8")


@web.middleware
async def security_headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the CSP and the other security headers to every answer."""
    response = await handler(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Map every exception to a French answer: JSON under /api/, 4xx or 503, never a 500."""
    try:
        return await handler(request)
    except ApiError as exc:
        response = _error(request, exc.status, exc.message, exc.body())
        if exc.status == 408:  # the rest of a trickled body is not worth waiting for
            response.force_close()
        return response
    except web.HTTPException as exc:
        if exc.status < 400:  # redirects and the like pass through
            raise
        status = exc.status if exc.status < 500 else 503
        message = _HTTP_MESSAGES.get(status, _UNAVAILABLE if status >= 500 else "Requête invalide.")
        response = _error(request, status, message)
        if status == 405 and "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except Exception as exc:  # noqa: BLE001 - the boundary: nothing escapes as a 500
        mapped = http_error_for(exc)
        if mapped is not None:
            return _error(request, mapped.status, mapped.message, mapped.body())
        # the type only: messages may quote the visitor's text
        log.error("unhandled %s on %s", type(exc).__name__, _route_of(request))
        return _error(request, 503, _UNAVAILABLE)


def _route_of(request: BaseRequest) -> str:
    """The matched route pattern (e.g. ``/api/chat``), never the raw URL."""
    try:
        match_info = request.match_info  # type: ignore[attr-defined]
    except (AttributeError, AssertionError):  # a request aiohttp could not parse has none
        return "<unmatched>"
    route = getattr(match_info, "route", None)
    resource = getattr(route, "resource", None)
    canonical = getattr(resource, "canonical", None)
    return canonical if isinstance(canonical, str) else "<unmatched>"


class RouteAccessLogger(AbstractAccessLogger):
    """Access log with method, route pattern, status and time: no query string, body or address."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %.3fs",
            request.method,
            _route_of(request),
            response.status,
            time,
            extra={ROUTE_ONLY: True},
        )


async def _neutral_server_header(request: web.Request, response: StreamResponse) -> None:
    response.headers["Server"] = SERVER_HEADER


def _neutral_server_header_for_parser_errors() -> None:
    """aiohttp answers requests it cannot parse itself, before any app hook runs, with its module
    default ``Server: Python/x aiohttp/y``: make that default neutral as well."""
    web_response.SERVER_SOFTWARE = SERVER_HEADER  # type: ignore[attr-defined]


_AIOHTTP_HANDLE_ERROR = web_protocol.RequestHandler.handle_error


def _french_parser_error(
    self: web_protocol.RequestHandler,
    request: BaseRequest,
    status: int = 500,
    exc: BaseException | None = None,
    message: str | None = None,
) -> StreamResponse:
    """What aiohttp answers to a request it cannot parse (a header over 8 KiB, too many headers, a
    bad request line), before any route or middleware: its own answer is English plain text that
    quotes up to 100 bytes of the offending line back. Keep its logging (filtered by
    ``bot.web.logs``) and status, answer the French JSON ``{"error": ...}`` of the API instead,
    with the security headers, and close the connection. A 5xx becomes a 503."""
    _AIOHTTP_HANDLE_ERROR(self, request, status, exc, message)  # logs; raises if an answer was already sent
    status = status if status < 500 else 503
    text = _HTTP_MESSAGES.get(status, _UNAVAILABLE if status >= 500 else "Requête invalide.")
    response = json_response({"error": text}, status)
    response.headers.update(SECURITY_HEADERS)
    response.force_close()
    return response


def _french_answers_for_parser_errors() -> None:
    """Install :func:`_french_parser_error` as aiohttp's answer to unparsable requests (once)."""
    web_protocol.RequestHandler.handle_error = _french_parser_error  # type: ignore[method-assign]


def setup_middlewares(app: web.Application) -> None:
    """Install the middlewares (security headers outermost, so error answers get them too),
    replace aiohttp's ``Server: Python/x aiohttp/y`` header on every answer of the app, and answer
    unparsable requests in French JSON too."""
    _neutral_server_header_for_parser_errors()
    _french_answers_for_parser_errors()
    app.middlewares.append(security_headers_middleware)
    app.middlewares.append(error_middleware)
    app.on_response_prepare.append(_neutral_server_header)
