"""Chat sessions and button allow-lists in Redis, shared by several fronts (no sticky sessions).

Same behaviour as :class:`bot.web.sessions.SessionStore`, with two keys per session, both expiring
``ttl`` seconds after the session's last use:

- ``{prefix}s:{session id}``: a hash ``turns``, ``tokens``, ``updated`` (turn count and rate bucket);
- ``{prefix}p:{session id}``: a sorted set of the button payloads sent in the session, scored by
  their expiry (at most ``max_payloads``, the newest).

Nothing identifies a visitor: a random id, counters and the bot's own button payloads. The rate
bucket is updated by a Lua script, so concurrent requests of one session on several fronts are
counted once each. ``max_sessions`` is not enforced here: Redis's ``maxmemory`` bounds the store.
Any Redis failure raises :class:`SessionStoreUnavailable`: the visitor gets the degraded answer.
"""

from __future__ import annotations

import math
import time
import uuid
from typing import Any, Callable, Iterable

from knowledge.retention import CONVERSATION_TTL_SECONDS

from .sessions import SessionStoreUnavailable, is_fixed_payload

__all__ = ["RedisSessions"]

#: KEYS[1] session hash; ARGV now, tokens, rate per second, burst, ttl -> "0", seconds to wait, or "inf"
_TAKE = """
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return '0' end
local now, cost = tonumber(ARGV[1]), tonumber(ARGV[2])
local rate, burst, ttl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if rate <= 0 then return '0' end
local tokens = tonumber(redis.call('HGET', key, 'tokens') or ARGV[4])
local updated = tonumber(redis.call('HGET', key, 'updated') or ARGV[1])
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local answer = '0'
if cost > burst then
  answer = 'inf'
elseif tokens >= cost then
  tokens = tokens - cost
else
  answer = tostring((cost - tokens) / rate)
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', key, ttl)
return answer
"""


def _fail(exc: BaseException) -> SessionStoreUnavailable:
    return SessionStoreUnavailable(type(exc).__name__)


class RedisSessions:
    """Server-issued session ids and their button payloads, in Redis."""

    def __init__(
        self,
        url: str,
        ttl: float = CONVERSATION_TTL_SECONDS,
        max_payloads: int = 30,
        rate_per_minute: float | None = None,
        rate_burst: int = 8,
        prefix: str = "web:",
        clock: Callable[[], float] = time.time,
        socket_timeout: float = 2.0,
    ) -> None:
        import redis.asyncio as aioredis  # only needed with REDIS_URL
        from redis.exceptions import RedisError

        self._errors: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
        self._redis: Any = aioredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            health_check_interval=10,
        )
        self._ttl = max(1, int(math.ceil(ttl)))
        self._max_payloads = max_payloads
        self._rate = (rate_per_minute or 0.0) / 60.0
        self._burst = rate_burst
        self._prefix = prefix
        self._clock = clock
        self._take = self._redis.register_script(_TAKE)

    def _s(self, sid: str) -> str:
        return f"{self._prefix}s:{sid}"

    def _p(self, sid: str) -> str:
        return f"{self._prefix}p:{sid}"

    async def _call(self, coro: Any) -> Any:
        try:
            return await coro
        except self._errors as exc:
            raise _fail(exc) from None

    async def known(self, candidate: str | None) -> bool:
        """True if ``candidate`` is a live session (nothing is created)."""
        if not candidate:
            return False
        return bool(await self._call(self._redis.exists(self._s(candidate))))

    async def _create(self, bucket: tuple[str, str] | None = None) -> str:
        sid = str(uuid.uuid4())
        tokens, updated = bucket or (str(float(self._burst)), str(self._clock()))

        async def run() -> None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(self._s(sid), mapping={"turns": 0, "tokens": tokens, "updated": updated})
                pipe.expire(self._s(sid), self._ttl)
                await pipe.execute()

        await self._call(run())
        return sid

    async def resolve(self, candidate: str | None) -> str:
        """``candidate`` if it is a live session (its time to live restarts), else a new id."""
        if candidate:

            async def run() -> list[Any]:
                async with self._redis.pipeline(transaction=True) as pipe:
                    pipe.expire(self._s(candidate), self._ttl)
                    pipe.expire(self._p(candidate), self._ttl)
                    return await pipe.execute()

            alive, _ = await self._call(run())
            if alive:
                return candidate
        return await self._create()

    async def take_turn(self, session_id: str, tokens: float = 1.0) -> float:
        """Spend ``tokens`` of the session's rate budget: 0 if allowed, else seconds to wait."""
        answer = await self._call(
            self._take(
                keys=[self._s(session_id)],
                args=[repr(self._clock()), repr(float(tokens)), repr(self._rate), self._burst, self._ttl],
            )
        )
        return math.inf if answer == "inf" else float(answer)

    async def turns(self, session_id: str) -> int:
        """Messages sent to Rasa in this session so far."""
        value = await self._call(self._redis.hget(self._s(session_id), "turns"))
        return int(value or 0)

    async def count_turn(self, session_id: str) -> None:
        """One more message of this session goes to Rasa (only for a live session)."""

        async def run() -> None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.exists(self._s(session_id))
                pipe.hincrby(self._s(session_id), "turns", 1)
                pipe.expire(self._s(session_id), self._ttl)
                exists, _, _ = await pipe.execute()
            if not exists:  # expired in between: do not leave a key without a bucket behind
                await self._redis.delete(self._s(session_id))

        await self._call(run())

    async def renew(self, session_id: str) -> str:
        """Forget ``session_id`` and return a new id with the same rate budget."""
        bucket = await self._call(self._redis.hmget(self._s(session_id), "tokens", "updated"))
        await self._call(self._redis.delete(self._s(session_id), self._p(session_id)))
        kept = (bucket[0], bucket[1]) if bucket and bucket[0] is not None and bucket[1] is not None else None
        return await self._create(kept)

    async def remember_payloads(self, session_id: str, payloads: Iterable[str]) -> None:
        """Record the payloads of buttons just sent to ``session_id`` (a live session only)."""
        if not await self.known(session_id):
            return
        expiry = self._clock() + self._ttl
        # strictly increasing scores keep the sending order, as the in-memory store does
        mapping = {payload: expiry + i * 1e-6 for i, payload in enumerate(dict.fromkeys(payloads))}
        if not mapping:
            return

        async def run() -> None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(self._p(session_id), mapping)
                pipe.zremrangebyrank(self._p(session_id), 0, -(self._max_payloads + 1))
                pipe.expire(self._p(session_id), self._ttl)
                await pipe.execute()

        await self._call(run())

    async def allows(self, session_id: str, payload: str) -> bool:
        """True if ``payload`` was sent as a button in ``session_id`` recently, or is a fixed pattern."""
        if session_id:
            expiry = await self._call(self._redis.zscore(self._p(session_id), payload))
            if expiry is not None and float(expiry) > self._clock():
                return True
        return is_fixed_payload(payload)

    async def ping(self) -> bool:
        """True when Redis answers."""
        try:
            return bool(await self._redis.ping())
        except self._errors:
            return False

    async def close(self) -> None:
        """Close the connections."""
        try:
            await self._redis.aclose()
        except self._errors:
            pass
