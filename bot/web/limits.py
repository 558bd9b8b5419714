"""Rate limits of the web front: per client (middleware) and per session (token buckets).

A client is the TCP peer address, or, when that peer is a trusted reverse proxy
(``Settings.trusted_proxies``), the right-most address of ``X-Forwarded-For`` that is not a trusted
proxy itself. IPv6 clients are grouped by /64 (one household or host rotates inside its /64).
The address is never stored nor logged: the limiter keeps a keyed hash (a random key drawn at
start-up, never written anywhere) with the bucket, and forgets a bucket once it is full again
(``cachetools.TTLCache`` whose time to live is the time an empty bucket takes to refill).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import math
import secrets
import time
from dataclasses import dataclass
from typing import Awaitable, Callable

from aiohttp import web
from cachetools import TTLCache

from .settings import Settings

__all__ = [
    "MSG_RATE_LIMITED",
    "MSG_BUSY",
    "TokenBucket",
    "ClientLimiter",
    "Refused",
    "client_address",
    "charge_request",
    "make_rate_limit_middleware",
]

MSG_RATE_LIMITED = (
    "Vous envoyez beaucoup de messages en peu de temps. Patientez quelques secondes, puis renvoyez votre question."
)
MSG_BUSY = (
    "Le service accueille beaucoup de visiteurs en ce moment. Réessayez dans quelques minutes, "
    "ou contactez un conseiller : France Travail au 39 49, ou https://mon-cep.org."
)

#: API routes the per-client limit applies to (pages and static files are cheap and cached).
LIMITED_PATHS = ("/api/",)
#: Routes whose handler charges the client itself (only for new conversations).
CHARGED_IN_HANDLER = ("/api/chat",)
#: Most client buckets held at once; past it the least recently used bucket is forgotten
#: (which only gives that client a fresh budget).
MAX_CLIENTS = 50_000

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Refused(Exception):
    """A request refused before any work: answered ``status`` with a French message and Retry-After."""

    def __init__(self, status: int, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = max(1, math.ceil(retry_after))

    def response(self) -> web.Response:
        """The JSON answer (``{"error": ...}``) with its ``Retry-After`` header."""
        return web.json_response(
            {"error": self.message},
            status=self.status,
            dumps=lambda data: json.dumps(data, ensure_ascii=False),
            headers={"Cache-Control": "no-store", "Retry-After": str(self.retry_after)},
        )


@dataclass
class TokenBucket:
    """``burst`` tokens, refilled at ``per_minute / 60`` a second."""

    per_minute: float
    burst: int
    tokens: float = -1.0
    updated: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = float(self.burst)

    def _refill(self, now: float) -> None:
        rate = self.per_minute / 60.0
        self.tokens = min(float(self.burst), self.tokens + max(0.0, now - self.updated) * rate)
        self.updated = now

    def take(self, now: float, tokens: float = 1.0) -> float:
        """Spend ``tokens``; return 0 if allowed, else the seconds until they are available.

        A request dearer than the whole burst is never allowed (``inf``).
        """
        self._refill(now)
        if tokens > self.burst:
            return math.inf
        if self.tokens >= tokens:
            self.tokens -= tokens
            return 0.0
        return (tokens - self.tokens) / (self.per_minute / 60.0)


def _client_key(address: str) -> str:
    """IPv4 address, or the /64 of an IPv6 address; the text as is when it is not an address."""
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address.strip()
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def client_address(request: web.Request, trusted_proxies: tuple[str, ...]) -> str:
    """The client's address: the TCP peer, or behind a trusted proxy the address it forwarded."""
    peer = request.remote or ""
    if not trusted_proxies or peer not in trusted_proxies:
        return peer
    forwarded = ",".join(request.headers.getall("X-Forwarded-For", []))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop
    return peer


class ClientLimiter:
    """Token bucket and in-flight count per client, keyed by a keyed hash of the client's address."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        max_in_flight: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self._per_minute = per_minute
        self._burst = burst
        self._max_in_flight = max_in_flight
        self._clock = clock
        self._secret = secrets.token_bytes(32)  # per process, in memory only
        # A bucket left alone this long is full again: it carries no information and is forgotten.
        # Past ``max_clients`` the least recently used one goes (that client gets a fresh budget).
        refill = burst * 60.0 / per_minute if per_minute > 0 else math.inf
        self._buckets: "TTLCache[bytes, TokenBucket]" = TTLCache(max_clients, refill, timer=clock)
        self._in_flight: dict[bytes, int] = {}

    @property
    def tracked(self) -> int:
        """How many clients hold a bucket (not ``__len__``: an empty limiter must stay truthy)."""
        self._buckets.expire()
        return len(self._buckets)

    def key(self, address: str) -> bytes:
        """Keyed hash of the client's address (the address itself is not kept)."""
        return hmac.new(self._secret, _client_key(address).encode("utf-8", "surrogateescape"), hashlib.sha256).digest()[
            :16
        ]

    def _bucket(self, key: bytes, now: float) -> TokenBucket:
        """The bucket of ``key`` (a fresh, full one if it was forgotten)."""
        bucket = self._buckets.get(key)
        return bucket if bucket is not None else TokenBucket(self._per_minute, self._burst, updated=now)

    def acquire(self, key: bytes, charge: bool = True) -> None:
        """Count one request of ``key`` in flight, spending a token if ``charge``; raise
        :class:`Refused` (429) when over a limit."""
        now = self._clock()
        if self._in_flight.get(key, 0) >= self._max_in_flight:
            raise Refused(429, MSG_RATE_LIMITED, 1)
        bucket = self._bucket(key, now)
        wait = bucket.take(now) if charge else 0.0
        self._buckets[key] = bucket  # stored again: most recently used, its time to live restarts
        if wait > 0:
            raise Refused(429, MSG_RATE_LIMITED, wait)
        self._in_flight[key] = self._in_flight.get(key, 0) + 1

    def charge(self, key: bytes, tokens: float) -> float:
        """Spend ``tokens`` more for a request of ``key`` already admitted: 0 if allowed, else
        the seconds to wait (nothing is spent then)."""
        now = self._clock()
        bucket = self._bucket(key, now)
        if tokens < 0:  # tokens given back (a request refused after this charge)
            bucket.tokens = min(float(bucket.burst), bucket.tokens - tokens)
        elif tokens > 0:
            wait = bucket.take(now, tokens)
            self._buckets[key] = bucket
            return wait
        return 0.0

    def release(self, key: bytes) -> None:
        """The request of ``key`` is done."""
        left = self._in_flight.get(key, 0) - 1
        if left > 0:
            self._in_flight[key] = left
        else:
            self._in_flight.pop(key, None)


_REQUEST_SLOT = "bot.web.limits"


def charge_request(request: web.Request, tokens: float, long_text: float = 0.0) -> None:
    """Charge the request's client ``tokens`` of its request budget and ``long_text`` of its
    long-text budget (a long message costs the privacy filter and Rasa more); 429 if over.

    The two budgets are apart so that a client sending long texts runs out of its long-text budget
    only: the short first message of a visitor behind the same address still passes. Nothing is
    spent when the request is refused.
    """
    slot = request.get(_REQUEST_SLOT)
    if slot is None:
        return
    limiter, text_limiter, key = slot
    if long_text > 0:
        wait = text_limiter.charge(key, long_text)
        if wait > 0:
            raise Refused(429, MSG_RATE_LIMITED, min(wait, 3600))
    wait = limiter.charge(key, tokens)
    if wait > 0:
        if long_text > 0:
            text_limiter.charge(key, -long_text)  # give the long-text tokens back
        raise Refused(429, MSG_RATE_LIMITED, min(wait, 3600))


def make_rate_limit_middleware(
    settings: Settings, limiter: ClientLimiter, text_limiter: "ClientLimiter | None" = None
) -> Callable:
    """Middleware applying the per-client limit to the API and answering :class:`Refused`."""

    @web.middleware
    async def rate_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        limited = request.path.startswith(LIMITED_PATHS)
        key = limiter.key(client_address(request, settings.trusted_proxies)) if limited else None
        try:
            if key is not None:
                # a chat message is charged in the handler: to its session when it has one
                limiter.acquire(key, charge=request.path not in CHARGED_IN_HANDLER)
                request[_REQUEST_SLOT] = (limiter, limiter if text_limiter is None else text_limiter, key)
            try:
                return await handler(request)
            finally:
                if key is not None:
                    limiter.release(key)
        except Refused as refused:
            return refused.response()

    return rate_limit_middleware
