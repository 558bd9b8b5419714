"""Typed application keys shared by the web front's modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

import aiohttp
from aiohttp import web

from .sessions import AsyncSessions
from .settings import Settings

__all__ = ["Redactor", "Services", "SETTINGS", "SERVICES", "SESSIONS", "HEALTH", "RASA_POOL"]


class Redactor(Protocol):
    """What the web front needs from ``bot.web.privacy.PrivacyFilter``."""

    def redact(self, text: str) -> Any:  # returns an object with .text and .kinds
        ...


ReferralFn = Callable[[str, "str | None", int], dict]


@dataclass
class Services:
    """Resources opened at start-up (mutable holder, so the frozen app is never written to)."""

    privacy_filter: Redactor | None = None
    referral: ReferralFn | None = None
    client: aiohttp.ClientSession | None = None
    #: runs the privacy filter off the event loop (bot.web.privacy_runner)
    privacy_runner: Any = None


SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
#: sessions and button allow-lists (bot.web.sessions.MemorySessions or bot.web.redis_sessions.RedisSessions)
SESSIONS = web.AppKey("sessions", AsyncSessions)
#: the Rasa servers (bot.web.rasa_pool.RasaPool)
RASA_POOL = web.AppKey("rasa_pool", object)
#: the /healthz probe cache (bot.web.health.HealthMonitor)
HEALTH = web.AppKey("health", object)
