"""Settings of the web front, read once from the environment at start-up.

Environment variables (all optional):

| variable | default | meaning |
|---|---|---|
| ``BOT_WEB_HOST`` | ``127.0.0.1`` | address the web front binds to |
| ``BOT_WEB_PORT`` | ``8080`` | port of the web front |
| ``BOT_RASA_URL`` | ``http://127.0.0.1:5005`` | Rasa server (REST channel) |
| ``BOT_RASA_URLS`` | (``BOT_RASA_URL``) | comma-separated Rasa servers sharing Redis stores: each conversation goes to one of them (stable by session id), to the next healthy one when it is down |
| ``REDIS_URL`` | (empty) | ``redis://host:port/db``: sessions and button allow-lists live in Redis (several fronts, no sticky sessions); empty: in memory |
| ``BOT_ACTION_URL`` | ``http://127.0.0.1:5055`` | rasa-sdk action server |
| ``BOT_RASA_TIMEOUT`` | ``12`` | total seconds allowed for one Rasa call |
| ``BOT_PRIVACY_TIMEOUT`` | ``2.5`` | seconds allowed to the privacy filter per message |
| ``BOT_SESSION_TTL`` | ``1800`` | seconds a chat session (and its button payloads) stays known |
| ``BOT_BODY_TIMEOUT`` | ``10`` | seconds allowed to receive a request body (then 408) |
| ``BOT_MAX_SESSIONS`` | ``10000`` | sessions kept in memory; when full, newcomers get a 503 (no active session is evicted) |
| ``BOT_MAX_TURNS`` | ``60`` | messages per session; the next one starts a new session (the visitor is told) |
| ``BOT_PRIVACY_WORKERS`` | ``2`` | processes running the privacy filter (``0``: a thread of the front, for small set-ups) |
| ``BOT_RATE_CLIENT_PER_MINUTE`` | ``300`` | new conversations and other API requests a client may start per minute, on average (then 429); messages of a live conversation count per session |
| ``BOT_RATE_CLIENT_BURST`` | ``60`` | requests a client may send at once before the rate applies |
| ``BOT_CHARS_PER_TOKEN`` | ``200`` | a chat message costs its client one request more per this many characters |
| ``BOT_CLIENT_MAX_IN_FLIGHT`` | ``32`` | requests of one client handled at the same time (then 429) |
| ``BOT_RATE_LONG_TEXT_PER_MINUTE`` | ``30`` | extra tokens (one per ``BOT_CHARS_PER_TOKEN`` characters) a client may spend per minute on long texts that open new conversations |
| ``BOT_RATE_LONG_TEXT_BURST`` | ``20`` | those extra tokens at once |
| ``BOT_RATE_SESSION_PER_MINUTE`` | ``30`` | chat messages per minute in one session, on average (then 429) |
| ``BOT_RATE_SESSION_BURST`` | ``10`` | chat messages one session may send at once |
| ``BOT_TRUSTED_PROXIES`` | (empty) | comma-separated addresses of reverse proxies whose ``X-Forwarded-For`` is believed |
| ``BOT_HEALTH_TIMEOUT`` | ``5`` | seconds ``/healthz`` waits for each dependency before calling it down |

A "client" is the TCP peer address (or, behind a trusted proxy, the last address the proxy
added): it is only ever held in memory as a keyed hash, for the few minutes its rate bucket
lives, and never logged. Many visitors may share one address (a library, a school): the
per-client figures are sized for that.

The budget ``rasa_timeout + privacy_timeout`` stays under 15 s so that a visitor always
gets an answer (possibly the degraded one) within 15 s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from knowledge.retention import CONVERSATION_TTL_SECONDS

__all__ = ["Settings", "ANSWER_BUDGET_SECONDS"]

#: A visitor gets an answer within this many seconds, whatever happens behind.
ANSWER_BUDGET_SECONDS = 15.0


def _env_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


def _env_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _env_list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = env.get(name) or ""
    return tuple(item.strip() for item in raw.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Configuration of the web front (immutable once built)."""

    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://127.0.0.1:5005"
    #: every Rasa server (empty: ``rasa_url`` alone); several need shared Redis stores
    rasa_urls: tuple[str, ...] = ()
    #: Redis holding sessions and allow-lists (None: in this process's memory)
    redis_url: str | None = None
    #: prefix of the front's keys in Redis
    redis_prefix: str = "web:"
    action_url: str = "http://127.0.0.1:5055"
    #: total time for one Rasa webhook call (connect + answer)
    rasa_timeout: float = 12.0
    #: time to open the TCP connection to Rasa
    rasa_connect_timeout: float = 3.0
    #: time allowed to the privacy filter for one message
    privacy_timeout: float = 2.5
    #: time allowed to each dependency in GET /healthz before it counts as down
    health_timeout: float = 5.0
    #: a dependency answering slower than this is reported "busy" (still ready)
    health_busy_seconds: float = 1.0
    #: seconds a /healthz result is reused (one probe at a time, shared by all callers)
    health_cache_seconds: float = 3.0
    #: longest chat message accepted, in characters, after normalisation
    max_message_chars: int = 1000
    #: largest request body accepted, in bytes
    max_body_bytes: int = 8 * 1024
    #: total seconds allowed to receive a request body (slow senders get a 408)
    body_timeout: float = 10.0
    #: seconds a session id (and the button payloads sent in it) stays valid
    session_ttl: float = float(CONVERSATION_TTL_SECONDS)
    #: most sessions kept in memory; only expired ones are dropped, newcomers are refused when full
    max_sessions: int = 10_000
    #: most button payloads remembered per session
    max_payloads_per_session: int = 30
    #: messages sent to Rasa in one session before the front starts a new one
    max_turns_per_session: int = 60
    #: processes running the privacy filter; 0 runs it in a thread of the front
    privacy_workers: int = 2
    #: new conversations and other API requests per minute (average) and burst allowed to one
    #: client; messages of a live conversation are counted per session instead
    rate_client_per_minute: float = 300.0
    rate_client_burst: int = 60
    #: a chat message costs one token more per this many characters (a long text costs Rasa more)
    chars_per_token: int = 200
    #: those extra tokens, when a new conversation opens with a long text, per client (apart from
    #: the request budget, so a client sending long texts does not spend its neighbours' budget)
    rate_long_text_per_minute: float = 30.0
    rate_long_text_burst: int = 20
    #: requests of one client handled at the same time
    client_max_in_flight: int = 32
    #: chat messages per minute (average) and burst allowed in one session
    rate_session_per_minute: float = 30.0
    rate_session_burst: int = 10
    #: reverse proxies whose X-Forwarded-For names the client (empty: the TCP peer is the client)
    trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.rasa_timeout + self.privacy_timeout >= ANSWER_BUDGET_SECONDS:
            raise ValueError(
                "rasa_timeout + privacy_timeout must stay under "
                f"{ANSWER_BUDGET_SECONDS:g} s so the visitor always gets an answer in time"
            )
        if not 0 < self.port < 65536:
            raise ValueError(f"port out of range: {self.port}")
        for name in (
            "max_sessions",
            "max_turns_per_session",
            "rate_client_burst",
            "client_max_in_flight",
            "rate_session_burst",
            "chars_per_token",
            "rate_long_text_burst",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.privacy_workers < 0:
            raise ValueError("privacy_workers must be 0 or more")
        object.__setattr__(self, "trusted_proxies", tuple(self.trusted_proxies))
        object.__setattr__(self, "rasa_url", self.rasa_url.rstrip("/"))
        urls = tuple(url.rstrip("/") for url in self.rasa_urls if url.strip()) or (self.rasa_url,)
        object.__setattr__(self, "rasa_urls", urls)
        object.__setattr__(self, "rasa_url", urls[0])
        object.__setattr__(self, "redis_url", (self.redis_url or "").strip() or None)
        object.__setattr__(self, "action_url", self.action_url.rstrip("/"))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from ``env`` (default: ``os.environ``), falling back to the defaults."""
        env = os.environ if env is None else env
        defaults = cls()
        return cls(
            host=env.get("BOT_WEB_HOST", defaults.host) or defaults.host,
            port=_env_int(env, "BOT_WEB_PORT", defaults.port),
            rasa_url=env.get("BOT_RASA_URL", defaults.rasa_url) or defaults.rasa_url,
            rasa_urls=_env_list(env, "BOT_RASA_URLS"),
            redis_url=env.get("REDIS_URL") or None,
            action_url=env.get("BOT_ACTION_URL", defaults.action_url) or defaults.action_url,
            rasa_timeout=_env_float(env, "BOT_RASA_TIMEOUT", defaults.rasa_timeout),
            privacy_timeout=_env_float(env, "BOT_PRIVACY_TIMEOUT", defaults.privacy_timeout),
            session_ttl=_env_float(env, "BOT_SESSION_TTL", defaults.session_ttl),
            body_timeout=_env_float(env, "BOT_BODY_TIMEOUT", defaults.body_timeout),
            max_sessions=_env_int(env, "BOT_MAX_SESSIONS", defaults.max_sessions),
            max_turns_per_session=_env_int(env, "BOT_MAX_TURNS", defaults.max_turns_per_session),
            privacy_workers=_env_int(env, "BOT_PRIVACY_WORKERS", defaults.privacy_workers),
            rate_client_per_minute=_env_float(env, "BOT_RATE_CLIENT_PER_MINUTE", defaults.rate_client_per_minute),
            rate_client_burst=_env_int(env, "BOT_RATE_CLIENT_BURST", defaults.rate_client_burst),
            client_max_in_flight=_env_int(env, "BOT_CLIENT_MAX_IN_FLIGHT", defaults.client_max_in_flight),
            chars_per_token=_env_int(env, "BOT_CHARS_PER_TOKEN", defaults.chars_per_token),
            rate_long_text_per_minute=_env_float(
                env, "BOT_RATE_LONG_TEXT_PER_MINUTE", defaults.rate_long_text_per_minute
            ),
            rate_long_text_burst=_env_int(env, "BOT_RATE_LONG_TEXT_BURST", defaults.rate_long_text_burst),
            rate_session_per_minute=_env_float(env, "BOT_RATE_SESSION_PER_MINUTE", defaults.rate_session_per_minute),
            rate_session_burst=_env_int(env, "BOT_RATE_SESSION_BURST", defaults.rate_session_burst),
            trusted_proxies=_env_list(env, "BOT_TRUSTED_PROXIES"),
            health_timeout=_env_float(env, "BOT_HEALTH_TIMEOUT", defaults.health_timeout),
        )
