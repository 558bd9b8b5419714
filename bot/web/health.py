"""Liveness and readiness of the web front.

- ``GET /livez``: 200 while this process serves requests (it checks nothing else), for a
  supervisor that restarts dead processes.
- ``GET /healthz`` (SPEC §5): readiness, 200 when Rasa and the action server answer (and Redis, when
  the front keeps its sessions there), 503 otherwise. With several Rasa servers, Rasa counts as up
  while one of them answers; ``rasa_instances`` gives how many do. A dependency that answers, but slower than ``health_busy_seconds``, is "busy", not
  down: the answer stays 200 with ``{"status": "busy", "busy": [...]}`` so that a load balancer does
  not remove an instance that is working hard. The result is reused for
  ``health_cache_seconds`` and only one probe runs at a time: callers arriving meanwhile share it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable, Optional

import aiohttp
from aiohttp import web

from .keys import HEALTH, SERVICES
from .settings import Settings

__all__ = ["HealthMonitor", "livez", "healthz"]

Verdict = tuple[int, dict[str, Any]]

_OK, _BUSY, _DOWN = "ok", "busy", "down"


class HealthMonitor:
    """Probes Rasa and the action server, at most one probe at a time, result cached briefly."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
        store_ping: Optional[Callable[[], Awaitable[bool]]] = None,
    ) -> None:
        self._settings = settings
        self._clock = clock
        #: PING of the shared session store (Redis), None when sessions are in memory
        self._store_ping = store_ping
        self._cached: Optional[tuple[float, Verdict]] = None
        self._probing: Optional[asyncio.Future] = None
        self.probes = 0  # number of probe rounds run (for tests and metrics)

    async def _probe(self, client: aiohttp.ClientSession, url: str) -> str:
        started = self._clock()
        try:
            async with client.get(url, timeout=aiohttp.ClientTimeout(total=self._settings.health_timeout)) as resp:
                if resp.status != 200:
                    return _DOWN
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return _DOWN
        return _BUSY if self._clock() - started > self._settings.health_busy_seconds else _OK

    async def _ping_store(self) -> str:
        assert self._store_ping is not None
        try:
            ok = await asyncio.wait_for(self._store_ping(), self._settings.health_timeout)
        except (asyncio.TimeoutError, OSError):
            return _DOWN
        return _OK if ok else _DOWN

    async def _run(self, client: Optional[aiohttp.ClientSession]) -> Verdict:
        self.probes += 1
        settings = self._settings
        urls = settings.rasa_urls
        names = ["rasa", "action_server"]
        if client is None:
            rasa_states, states = [_DOWN] * len(urls), [_DOWN, _DOWN]
        else:
            probes = [self._probe(client, f"{url}/webhooks/rest/") for url in urls]
            probes.append(self._probe(client, f"{settings.action_url}/health"))
            found = list(await asyncio.gather(*probes))
            rasa_states = found[:-1]
            # Rasa is ready while one of its servers answers
            best = _OK if _OK in rasa_states else _BUSY if _BUSY in rasa_states else _DOWN
            states = [best, found[-1]]
        if self._store_ping is not None:
            names.append("redis")
            states.append(await self._ping_store())
        failed = [name for name, state in zip(names, states) if state == _DOWN]
        busy = [name for name, state in zip(names, states) if state == _BUSY]
        extra: dict[str, Any] = {}
        if len(urls) > 1:
            extra["rasa_instances"] = {"up": sum(s != _DOWN for s in rasa_states), "total": len(urls)}
        if failed:
            return 503, {"status": "unavailable", "failed": failed, **extra}
        if busy:
            return 200, {"status": "busy", "busy": busy, **extra}
        return 200, {"status": "ok", **extra}

    async def check(self, client: Optional[aiohttp.ClientSession]) -> Verdict:
        """The readiness verdict ``(HTTP status, JSON body)``, from the cache or one shared probe."""
        now = self._clock()
        if self._cached is not None and now - self._cached[0] < self._settings.health_cache_seconds:
            return self._cached[1]
        if self._probing is None or self._probing.done():
            self._probing = asyncio.ensure_future(self._run(client))
            self._probing.add_done_callback(self._store)
        # shield: a caller that goes away does not cancel the probe the others wait for
        return await asyncio.shield(self._probing)

    def _store(self, future: asyncio.Future) -> None:
        if not future.cancelled() and future.exception() is None:
            self._cached = (self._clock(), future.result())


async def livez(request: web.Request) -> web.Response:
    """GET /livez — 200 while the front runs (no dependency is checked)."""
    return web.json_response({"status": "alive"}, headers={"Cache-Control": "no-store"})


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz — 200 (``ok`` or ``busy``) when Rasa, the action server (and Redis) answer, else 503."""
    monitor: HealthMonitor = request.app[HEALTH]  # type: ignore[assignment]
    status, body = await monitor.check(request.app[SERVICES].client)
    return web.json_response(body, status=status, headers={"Cache-Control": "no-store"})
