"""Application factory of the web front."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, AsyncIterator, Callable

import aiohttp
from aiohttp import web

from .health import HealthMonitor
from .keys import HEALTH, RASA_POOL, SERVICES, SESSIONS, SETTINGS, Redactor, Services
from .logs import install_log_filters
from .limits import ClientLimiter, make_rate_limit_middleware
from .middlewares import setup_middlewares
from .privacy_runner import PrivacyRunner, ProcessPoolRunner, ThreadRunner
from .routes import setup_routes
from .rasa_pool import RasaPool
from .sessions import AsyncSessions, MemorySessions, SessionStore
from .settings import Settings
from .sites import SITES, Site, load_sites
from .widget import drop_frame_options_when_framable

__all__ = ["create_app", "server_options"]

log = logging.getLogger("bot.web")


def _load_privacy_filter() -> Redactor:
    from bot.web.privacy import PrivacyFilter  # heavy (Presidio + spaCy): loaded once, at start-up

    return PrivacyFilter()


def _load_referral() -> Callable[[str, "str | None", int], dict]:
    from knowledge.referral import preload, referral

    preload()  # at start, not on the first visitor's request
    return referral


async def _client_session_ctx(app: web.Application) -> AsyncIterator[None]:
    """One HTTP client for Rasa and the action server, closed at shutdown."""
    settings = app[SETTINGS]
    timeout = aiohttp.ClientTimeout(total=settings.rasa_timeout, sock_connect=settings.rasa_connect_timeout)
    client = aiohttp.ClientSession(timeout=timeout, trust_env=False)
    app[SERVICES].client = client
    try:
        yield
    finally:
        app[SERVICES].client = None
        await client.close()


async def _privacy_filter_ctx(app: web.Application) -> AsyncIterator[None]:
    """Start the privacy filter's runner; the app refuses to start without a working filter.

    An injected filter runs in threads (tests); otherwise ``settings.privacy_workers`` processes
    each load their own filter (0: one filter loaded here, run in threads).
    """
    services = app[SERVICES]
    settings = app[SETTINGS]
    if services.privacy_runner is None:
        if services.privacy_filter is None and settings.privacy_workers > 0:
            services.privacy_runner = ProcessPoolRunner(_load_privacy_filter, settings.privacy_workers)
        else:
            if services.privacy_filter is None:
                loop = asyncio.get_running_loop()
                try:
                    services.privacy_filter = await loop.run_in_executor(None, _load_privacy_filter)
                except Exception as exc:
                    _refuse_to_start(exc)
                    raise
            services.privacy_runner = ThreadRunner(services.privacy_filter)
    try:
        await services.privacy_runner.start()
    except Exception as exc:
        _refuse_to_start(exc)
        raise
    log.info("privacy filter loaded")
    try:
        yield
    finally:
        await services.privacy_runner.close()


def _refuse_to_start(exc: BaseException) -> None:
    log.critical(
        "privacy filter unavailable (%s): refusing to start, unfiltered text must never reach Rasa",
        type(exc).__name__,
    )


async def _referral_ctx(app: web.Application) -> AsyncIterator[None]:
    """Import knowledge.referral if none was injected; without it /api/access-points answers 503."""
    services = app[SERVICES]
    if services.referral is None:
        try:
            services.referral = _load_referral()
        except ImportError as exc:
            log.warning("knowledge.referral unavailable (%s)", type(exc).__name__)
    yield


def _session_store(settings: Settings) -> AsyncSessions:
    """Sessions in Redis when ``REDIS_URL`` is set (several fronts), else in this process's memory."""
    if settings.redis_url:
        from .redis_sessions import RedisSessions

        return RedisSessions(
            settings.redis_url,
            ttl=settings.session_ttl,
            max_payloads=settings.max_payloads_per_session,
            rate_per_minute=settings.rate_session_per_minute,
            rate_burst=settings.rate_session_burst,
            prefix=settings.redis_prefix,
        )
    return MemorySessions(
        SessionStore(
            ttl=settings.session_ttl,
            max_sessions=settings.max_sessions,
            max_payloads=settings.max_payloads_per_session,
            rate_per_minute=settings.rate_session_per_minute,
            rate_burst=settings.rate_session_burst,
        )
    )


async def _sessions_ctx(app: web.Application) -> AsyncIterator[None]:
    """Close the session store's connections at shutdown."""
    try:
        yield
    finally:
        await app[SESSIONS].close()


def server_options() -> dict[str, Any]:
    """Keyword arguments for aiohttp's server (``web.run_app``, ``AppRunner``, ``TestServer``).

    ``lingering_time``: after an answer sent before the whole body arrived (413, 408), aiohttp
    keeps reading the rest of the body for this long before closing (default 10 s).
    """
    return {"lingering_time": 2.0}


def create_app(
    settings: Settings | None = None,
    *,
    privacy_filter: Redactor | None = None,
    referral: Callable[[str, "str | None", int], dict] | None = None,
    sites: dict[str, Site] | None = None,
    privacy_runner: PrivacyRunner | None = None,
) -> web.Application:
    """Build the web front.

    Args:
        settings: configuration (default: ``Settings.from_env()``).
        privacy_filter: object with ``redact(text) -> (.text, .kinds)``; default
            ``bot.web.privacy.PrivacyFilter()``, loaded at start-up.
        referral: ``referral(query, profile, limit) -> dict``; default ``knowledge.referral.referral``.
        sites: partner sites of the widget; default ``knowledge/sites.yml``, validated here
            (``SiteConfigError`` stops the start).
        privacy_runner: where the filter runs (default: a process pool, or threads for an
            injected ``privacy_filter``), see :mod:`bot.web.privacy_runner`.
    """
    settings = settings or Settings.from_env()
    install_log_filters()
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[SITES] = load_sites() if sites is None else sites
    app[SERVICES] = Services(privacy_filter=privacy_filter, referral=referral, privacy_runner=privacy_runner)
    sessions = _session_store(settings)
    app[SESSIONS] = sessions
    app[RASA_POOL] = RasaPool(settings.rasa_urls)
    app[HEALTH] = HealthMonitor(settings, store_ping=sessions.ping if settings.redis_url else None)
    app.cleanup_ctx.append(_client_session_ctx)
    app.cleanup_ctx.append(_sessions_ctx)
    app.cleanup_ctx.append(_privacy_filter_ctx)
    app.cleanup_ctx.append(_referral_ctx)
    setup_routes(app)
    setup_middlewares(app)
    app.on_response_prepare.append(drop_frame_options_when_framable)
    # innermost: refusals (429/503) are answered before any work, with their Retry-After
    limiter = ClientLimiter(settings.rate_client_per_minute, settings.rate_client_burst, settings.client_max_in_flight)
    # long texts of new conversations, per client, in units of chars_per_token characters
    text_limiter = ClientLimiter(
        settings.rate_long_text_per_minute, settings.rate_long_text_burst, settings.client_max_in_flight
    )
    app.middlewares.append(make_rate_limit_middleware(settings, limiter, text_limiter))
    return app
