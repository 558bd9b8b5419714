"""Logging of the web front: nothing a visitor sent, and no client address, reaches a log.

aiohttp's own loggers quote the request: a malformed request is logged at ERROR as
"Error handling request from <address>" with a traceback whose message holds the raw request
line (``GET /api/access-points?q=<a name> HTTP/1.1``). :func:`install_log_filters` puts a filter
on each of aiohttp's loggers that keeps the level, the logger and the exception type, and drops
the message arguments, the exception message and the traceback. The access log keeps only the
records written by :class:`bot.web.middlewares.RouteAccessLogger` (route pattern, no query).
"""

from __future__ import annotations

import logging
import re

__all__ = ["install_log_filters", "ROUTE_ONLY", "REDACTED_LOGGERS", "ACCESS_LOGGER"]

#: Attribute set (through ``extra``) on the access records that carry no request text.
ROUTE_ONLY = "route_only"

#: Third-party loggers whose records may quote a request, its peer address or a body.
REDACTED_LOGGERS = (
    "aiohttp.server",
    "aiohttp.web",
    "aiohttp.client",
    "aiohttp.internal",
    "aiohttp.websocket",
    "asyncio",
)
ACCESS_LOGGER = "aiohttp.access"


class RedactRequestDetails(logging.Filter):
    """Rewrite a record to "<logger>: <what> (<exception type>)": no arguments, no traceback.

    Only the leading plain words of the message are kept (e.g. "Error handling request from"
    out of "Error handling request from %s"; "Task exception was never retrieved" out of
    asyncio's pre-formatted text); an exception contributes its type only, never its message.
    """

    _PLAIN_HEAD = re.compile(r"[A-Za-z][A-Za-z ,.\-]*")

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        if getattr(record, "_redacted", False):
            return True
        exc_type = record.exc_info[0] if record.exc_info else None
        template = record.msg if isinstance(record.msg, str) else ""
        plain = self._PLAIN_HEAD.match(template)
        head = plain.group().strip() if plain else "event"
        detail = f" ({exc_type.__name__})" if exc_type is not None else ""
        record.msg = f"{head}{detail} [request details withheld]"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record._redacted = True
        return True


class RouteOnlyAccess(logging.Filter):
    """Let through only access records marked :data:`ROUTE_ONLY` (written without request text)."""

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        return bool(getattr(record, ROUTE_ONLY, False))


def install_log_filters(third_party_level: int = logging.WARNING) -> None:
    """Install the filters (idempotent) and keep aiohttp's loggers at ``third_party_level``."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < third_party_level:
            logger.setLevel(third_party_level)
        if not any(isinstance(f, RedactRequestDetails) for f in logger.filters):
            logger.addFilter(RedactRequestDetails())
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RouteOnlyAccess) for f in access.filters):
        access.addFilter(RouteOnlyAccess())
