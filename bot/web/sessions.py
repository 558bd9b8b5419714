"""In-memory chat sessions: random ids issued by the server, and the button payloads sent in each.

Nothing here identifies a visitor: a session is a random UUID4 plus the payloads of the buttons the
bot recently showed in it. Sessions expire after ``ttl`` seconds without use and the store holds at
most ``max_sessions`` of them (oldest dropped first), so memory stays bounded.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Iterable

__all__ = ["SessionStore", "is_uuid4", "is_fixed_payload"]

_UUID4_RE = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)

PROFILES = ("jeune", "demandeur_emploi", "salarie", "cadre", "handicap", "createur", "etudiant", "autre")

#: Intents a button may trigger without entities (harmless conversation steps).
_BARE_INTENTS = (
    "greet", "goodbye", "thank", "affirm", "deny", "ask_capabilities", "talk_to_human",
    "find_access_point", "ask_privacy",
)
#: Payloads the bot produces by construction; accepted even if this process did not send them
#: (e.g. after a restart of the web front). They carry no free text: a closed list of intents and
#: profiles, or five digits. A place name ("location") is free text: it is accepted only as the
#: exact payload of a button offered in the same session, so it never bypasses the privacy filter.
_FIXED_PAYLOAD_RES = (
    re.compile(r"^/(?:%s)$" % "|".join(_BARE_INTENTS)),
    re.compile(r"""^/inform\{"postal_code":"\d{5}"\}$"""),
    re.compile(r"""^/inform\{"profile":"(?:%s)"\}$""" % "|".join(PROFILES)),
)


def is_uuid4(value: str) -> bool:
    """True if ``value`` is a canonical lower-case UUID4 string."""
    return bool(_UUID4_RE.match(value))


def is_fixed_payload(payload: str) -> bool:
    """True if ``payload`` matches one of the fixed patterns the bot's buttons use."""
    return any(rx.match(payload) for rx in _FIXED_PAYLOAD_RES)


@dataclass
class _Session:
    expires_at: float
    payloads: "OrderedDict[str, float]" = field(default_factory=OrderedDict)


class SessionStore:
    """Server-issued session ids and the payloads of the buttons sent in each session."""

    def __init__(
        self,
        ttl: float = 1800.0,
        max_sessions: int = 10_000,
        max_payloads: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max_sessions = max_sessions
        self._max_payloads = max_payloads
        self._clock = clock
        self._sessions: "OrderedDict[str, _Session]" = OrderedDict()

    def __len__(self) -> int:
        return len(self._sessions)

    def _purge(self, now: float) -> None:
        # sessions are kept in last-use order: expired ones are at the front
        while self._sessions:
            sid, session = next(iter(self._sessions.items()))
            if session.expires_at > now and len(self._sessions) <= self._max_sessions:
                break
            del self._sessions[sid]

    def resolve(self, candidate: str | None) -> str:
        """Return ``candidate`` if this server issued it and it is still alive, else a new random id."""
        now = self._clock()
        self._purge(now)
        if candidate is not None and candidate in self._sessions:
            session = self._sessions[candidate]
            session.expires_at = now + self._ttl
            self._sessions.move_to_end(candidate)
            return candidate
        sid = str(uuid.uuid4())
        self._sessions[sid] = _Session(expires_at=now + self._ttl)
        self._purge(now)
        return sid

    def remember_payloads(self, session_id: str, payloads: Iterable[str]) -> None:
        """Record the payloads of buttons just sent to ``session_id``."""
        session = self._sessions.get(session_id)
        if session is None:
            return
        expiry = self._clock() + self._ttl
        for payload in payloads:
            session.payloads[payload] = expiry
            session.payloads.move_to_end(payload)
        while len(session.payloads) > self._max_payloads:
            session.payloads.popitem(last=False)

    def allows(self, session_id: str, payload: str) -> bool:
        """True if ``payload`` was sent as a button in ``session_id`` recently, or is a fixed pattern."""
        session = self._sessions.get(session_id)
        if session is not None:
            expiry = session.payloads.get(payload)
            if expiry is not None and expiry > self._clock():
                return True
        return is_fixed_payload(payload)
