"""In-memory chat sessions: random ids issued by the server, and the button payloads sent in each.

Nothing here identifies a visitor: a session is a random UUID4 plus the payloads of the buttons the
bot recently showed in it, its turn count and its rate bucket. Sessions expire after ``ttl`` seconds
without use and the store holds at most ``max_sessions`` of them, so memory stays bounded
(``cachetools.TTLCache``). When the store is full of live sessions, a newcomer is refused
(:class:`SessionsFull`): the capacity is checked before an insert, so the cache's own eviction of the
least recently used entry never removes an active visitor's session to make room.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

from cachetools import TTLCache

from knowledge.kb import PROFILES
from knowledge.retention import CONVERSATION_TTL_SECONDS

from .limits import TokenBucket

__all__ = [
    "AsyncSessions",
    "MemorySessions",
    "SessionStore",
    "SessionsFull",
    "SessionStoreUnavailable",
    "is_uuid4",
    "is_fixed_payload",
]

_UUID4_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


#: Intents a button may trigger without entities (harmless conversation steps).
_BARE_INTENTS = (
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "ask_capabilities",
    "talk_to_human",
    "find_access_point",
    "ask_privacy",
)
#: Payloads the bot produces by construction; accepted even if this process did not send them
#: (e.g. after a restart of the web front). They carry no free text: a closed list of intents and
#: profiles, or five digits. A place name ("location") is free text: it is accepted only as the
#: exact payload of a button offered in the same session, so it never bypasses the privacy filter.
#: Matched whole (``fullmatch``: no final newline) and in ASCII (``[0-9]``, not ``\d``, which takes
#: any script's digits: the bot's buttons never carry those).
_FIXED_PAYLOAD_RES = (
    re.compile(r"/(?:%s)" % "|".join(_BARE_INTENTS)),
    re.compile(r"""/inform\{"postal_code":"[0-9]{5}"\}"""),
    re.compile(r"""/inform\{"profile":"(?:%s)"\}""" % "|".join(PROFILES)),
)


def is_uuid4(value: str) -> bool:
    """True if ``value`` is a canonical lower-case UUID4 string."""
    return bool(_UUID4_RE.match(value))


def is_fixed_payload(payload: str) -> bool:
    """True if ``payload`` matches one of the fixed patterns the bot's buttons use."""
    return any(rx.fullmatch(payload) for rx in _FIXED_PAYLOAD_RES)


class SessionsFull(Exception):
    """No room for a new session: every session in the store is still alive."""


class SessionStoreUnavailable(Exception):
    """The shared session store (Redis) does not answer: the visitor gets the degraded answer."""


@dataclass
class _Session:
    #: payloads of the buttons recently sent (at most ``max_payloads``, the oldest dropped first)
    payloads: "TTLCache[str, bool]"
    turns: int = 0
    bucket: "TokenBucket | None" = None


class SessionStore:
    """Server-issued session ids and the payloads of the buttons sent in each session."""

    def __init__(
        self,
        ttl: float = CONVERSATION_TTL_SECONDS,
        max_sessions: int = 10_000,
        max_payloads: int = 30,
        clock: Callable[[], float] = time.monotonic,
        rate_per_minute: float | None = None,
        rate_burst: int = 8,
    ) -> None:
        self._ttl = ttl
        self._max_sessions = max_sessions
        self._max_payloads = max_payloads
        self._clock = clock
        self._rate_per_minute = rate_per_minute
        self._rate_burst = rate_burst
        # a session's time to live restarts each time it is stored again (resolve)
        self._sessions: "TTLCache[str, _Session]" = TTLCache(max_sessions, ttl, timer=clock)

    def __len__(self) -> int:
        self._sessions.expire()
        return len(self._sessions)

    def known(self, candidate: str | None) -> bool:
        """True if ``candidate`` is a live session issued by this server (nothing is created)."""
        return candidate is not None and candidate in self._sessions

    def resolve(self, candidate: str | None) -> str:
        """Return ``candidate`` if this server issued it and it is still alive, else a new random id.

        Raises :class:`SessionsFull` when a new session is needed and the store holds
        ``max_sessions`` live ones.
        """
        session = self._sessions.get(candidate) if candidate is not None else None
        if candidate is not None and session is not None:
            self._sessions[candidate] = session  # stored again: its time to live restarts
            return candidate
        return self._create()

    def _create(self) -> str:
        self._sessions.expire()
        if len(self._sessions) >= self._max_sessions:
            raise SessionsFull()  # checked first: TTLCache would evict a live session to make room
        sid = str(uuid.uuid4())
        bucket = (
            TokenBucket(self._rate_per_minute, self._rate_burst, updated=self._clock())
            if self._rate_per_minute is not None
            else None
        )
        self._sessions[sid] = _Session(TTLCache(self._max_payloads, self._ttl, timer=self._clock), bucket=bucket)
        return sid

    def take_turn(self, session_id: str, tokens: float = 1.0) -> float:
        """Spend ``tokens`` of the session's rate budget: 0 if allowed, else seconds to wait."""
        session = self._sessions.get(session_id)
        if session is None or session.bucket is None:
            return 0.0
        return session.bucket.take(self._clock(), tokens)

    def turns(self, session_id: str) -> int:
        """Messages sent to Rasa in this session so far."""
        session = self._sessions.get(session_id)
        return session.turns if session is not None else 0

    def count_turn(self, session_id: str) -> None:
        """One more message of this session goes to Rasa."""
        session = self._sessions.get(session_id)
        if session is not None:
            session.turns += 1

    def renew(self, session_id: str) -> str:
        """Forget ``session_id`` and return a new session id (same rate budget: no free burst)."""
        old = self._sessions.pop(session_id, None)
        sid = self._create()
        if old is not None:
            self._sessions[sid].bucket = old.bucket
        return sid

    def remember_payloads(self, session_id: str, payloads: Iterable[str]) -> None:
        """Record the payloads of buttons just sent to ``session_id``."""
        session = self._sessions.get(session_id)
        if session is None:
            return
        for payload in payloads:
            session.payloads.pop(payload, None)  # sent again: now the newest
            session.payloads[payload] = True

    def allows(self, session_id: str, payload: str) -> bool:
        """True if ``payload`` was sent as a button in ``session_id`` recently, or is a fixed pattern."""
        session = self._sessions.get(session_id)
        if session is not None and payload in session.payloads:
            return True
        return is_fixed_payload(payload)


class AsyncSessions(Protocol):
    """What the web front's handlers need from a session store (memory or Redis).

    Same meaning as the methods of :class:`SessionStore`; every call may raise
    :class:`SessionStoreUnavailable` when the store is shared and down.
    """

    async def known(self, candidate: str | None) -> bool: ...
    async def resolve(self, candidate: str | None) -> str: ...
    async def take_turn(self, session_id: str, tokens: float = 1.0) -> float: ...
    async def turns(self, session_id: str) -> int: ...
    async def count_turn(self, session_id: str) -> None: ...
    async def renew(self, session_id: str) -> str: ...
    async def remember_payloads(self, session_id: str, payloads: Iterable[str]) -> None: ...
    async def allows(self, session_id: str, payload: str) -> bool: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


class MemorySessions:
    """:class:`SessionStore` behind the asynchronous interface (the embedded default, one process)."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store)

    async def known(self, candidate: str | None) -> bool:
        return self.store.known(candidate)

    async def resolve(self, candidate: str | None) -> str:
        return self.store.resolve(candidate)

    async def take_turn(self, session_id: str, tokens: float = 1.0) -> float:
        return self.store.take_turn(session_id, tokens)

    async def turns(self, session_id: str) -> int:
        return self.store.turns(session_id)

    async def count_turn(self, session_id: str) -> None:
        self.store.count_turn(session_id)

    async def renew(self, session_id: str) -> str:
        return self.store.renew(session_id)

    async def remember_payloads(self, session_id: str, payloads: Iterable[str]) -> None:
        self.store.remember_payloads(session_id, payloads)

    async def allows(self, session_id: str, payload: str) -> bool:
        return self.store.allows(session_id, payload)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None
