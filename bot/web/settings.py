"""Settings of the web front, read once from the environment at start-up.

Environment variables (all optional):

| variable | default | meaning |
|---|---|---|
| ``BOT_WEB_HOST`` | ``127.0.0.1`` | address the web front binds to |
| ``BOT_WEB_PORT`` | ``8080`` | port of the web front |
| ``BOT_RASA_URL`` | ``http://127.0.0.1:5005`` | Rasa server (REST channel) |
| ``BOT_ACTION_URL`` | ``http://127.0.0.1:5055`` | rasa-sdk action server |
| ``BOT_RASA_TIMEOUT`` | ``12`` | total seconds allowed for one Rasa call |
| ``BOT_PRIVACY_TIMEOUT`` | ``2.5`` | seconds allowed to the privacy filter per message |
| ``BOT_SESSION_TTL`` | ``1800`` | seconds a chat session (and its button payloads) stays known |
| ``BOT_BODY_TIMEOUT`` | ``10`` | seconds allowed to receive a request body (then 408) |

The budget ``rasa_timeout + privacy_timeout`` stays under 15 s so that a visitor always
gets an answer (possibly the degraded one) within 15 s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

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


@dataclass(frozen=True)
class Settings:
    """Configuration of the web front (immutable once built)."""

    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://127.0.0.1:5005"
    action_url: str = "http://127.0.0.1:5055"
    #: total time for one Rasa webhook call (connect + answer)
    rasa_timeout: float = 12.0
    #: time to open the TCP connection to Rasa
    rasa_connect_timeout: float = 3.0
    #: time allowed to the privacy filter for one message
    privacy_timeout: float = 2.5
    #: time allowed to each dependency in GET /healthz
    health_timeout: float = 2.0
    #: longest chat message accepted, in characters, after normalisation
    max_message_chars: int = 1000
    #: largest request body accepted, in bytes
    max_body_bytes: int = 8 * 1024
    #: total seconds allowed to receive a request body (slow senders get a 408)
    body_timeout: float = 10.0
    #: seconds a session id (and the button payloads sent in it) stays valid
    session_ttl: float = 1800.0
    #: most sessions kept in memory (oldest evicted first)
    max_sessions: int = 10_000
    #: most button payloads remembered per session
    max_payloads_per_session: int = 30

    def __post_init__(self) -> None:
        if self.rasa_timeout + self.privacy_timeout >= ANSWER_BUDGET_SECONDS:
            raise ValueError(
                "rasa_timeout + privacy_timeout must stay under "
                f"{ANSWER_BUDGET_SECONDS:g} s so the visitor always gets an answer in time"
            )
        if not 0 < self.port < 65536:
            raise ValueError(f"port out of range: {self.port}")
        object.__setattr__(self, "rasa_url", self.rasa_url.rstrip("/"))
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
            action_url=env.get("BOT_ACTION_URL", defaults.action_url) or defaults.action_url,
            rasa_timeout=_env_float(env, "BOT_RASA_TIMEOUT", defaults.rasa_timeout),
            privacy_timeout=_env_float(env, "BOT_PRIVACY_TIMEOUT", defaults.privacy_timeout),
            session_ttl=_env_float(env, "BOT_SESSION_TTL", defaults.session_ttl),
            body_timeout=_env_float(env, "BOT_BODY_TIMEOUT", defaults.body_timeout),
        )
