"""Keeps conversation text out of the Rasa and action-server logs.

Some Rasa failure paths log the user's message at ERROR (for example the REST
channel's "exception while handling user message '<text>'"). Rasa also adds
its own coloured console handler, so a handler filter alone would be bypassed.
This module therefore installs a log-record factory: every record of the
``rasa``, ``rasa_sdk``, ``sanic`` and ``bot`` loggers is rewritten at creation,
with quoted passages masked and exception messages reduced to their type.

It is activated by ``bot/logging.yml`` (``--logging-config-file``), whose filter
entry instantiates :class:`ConversationTextFilter`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

MASK = "<masqué>"
WATCHED_PREFIXES = ("rasa", "sanic", "bot", "actions", "root")
# Greedy on purpose: the quoted text itself may hold apostrophes ("m'appelle").
_QUOTED = re.compile(r"'.*'|\".*\"|«.*»", re.DOTALL)
_installed = False


def mask_text(message: str) -> str:
    """Masks every quoted passage of a log message."""
    return _QUOTED.sub(MASK, message)


def _watched(name: str) -> bool:
    return name == "root" or any(
        name == p or name.startswith(p + ".") or name.startswith(p + "_") for p in WATCHED_PREFIXES
    )


def sanitise(record: logging.LogRecord) -> logging.LogRecord:
    """Rewrites one record in place: no quoted text, no exception message."""
    if not _watched(record.name):
        return record
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string must not break logging
        message = str(record.msg)
    if record.exc_info and record.exc_info[0] is not None:
        message = f"{message} [{record.exc_info[0].__name__}]"
        record.exc_info = None
        record.exc_text = None
    record.msg = mask_text(message)
    record.args = ()
    return record


def install() -> None:
    """Installs the sanitising record factory once per process."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return sanitise(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True


class ConversationTextFilter(logging.Filter):
    """Handler filter that also installs the record factory when configured."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        install()

    def filter(self, record: logging.LogRecord) -> bool:
        sanitise(record)
        return True
