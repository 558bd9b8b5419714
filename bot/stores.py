"""Rasa's stores: the embedded default (in memory) or Rasa's own Redis stores when ``REDIS_URL`` is set.

``endpoints.yml`` describes the embedded default: conversations in memory, forgotten after the
privacy TTL (``tracker_store.ttl_seconds``, by default knowledge/retention.py's). With ``REDIS_URL`` (``redis://[:password@]host:port/db``)
the stack starts Rasa with a generated copy of it where

- ``tracker_store`` is Rasa's ``RedisTrackerStore`` with ``record_exp`` = that same privacy TTL, so a
  conversation expires in Redis as it does in memory;
- ``lock_store`` is Rasa's ``RedisLockStore``, so several Rasa instances serialise the turns of one
  conversation.

Rasa 3.6 can substitute ``${VAR}`` in endpoints.yml, but an unset variable stops Rasa at start-up,
so the file is generated instead and endpoints.yml keeps working without Redis.
``TRACKER_TTL_SECONDS`` overrides the privacy TTL (tests use a short one).
"""

from __future__ import annotations

import os
import re
from typing import Any, Dict, Mapping, Optional
from urllib.parse import unquote, urlsplit

from bot.paths import ROOT
from knowledge.retention import CONVERSATION_TTL_SECONDS

__all__ = ["ENDPOINTS", "parse_redis_url", "privacy_ttl", "render_endpoints", "with_stores"]

#: the project's endpoints file: the embedded default
ENDPOINTS = ROOT / "endpoints.yml"

DEFAULT_TTL_SECONDS = float(CONVERSATION_TTL_SECONDS)


def parse_redis_url(url: str) -> Dict[str, Any]:
    """``redis://[user:password@]host[:port][/db]`` (or ``rediss://``) as Rasa's store arguments."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError("REDIS_URL must start with redis:// or rediss://")
    if not parts.hostname:
        raise ValueError("REDIS_URL has no host")
    db_text = parts.path.lstrip("/") or "0"
    if not db_text.isdigit():
        raise ValueError("REDIS_URL: the database must be a number, e.g. redis://127.0.0.1:6379/0")
    args: Dict[str, Any] = {"url": parts.hostname, "port": parts.port or 6379, "db": int(db_text)}
    if parts.username:
        args["username"] = unquote(parts.username)
    if parts.password:
        args["password"] = unquote(parts.password)
    if parts.scheme == "rediss":
        args["use_ssl"] = True
    return args


def privacy_ttl(config: Mapping[str, Any], env: Optional[Mapping[str, str]] = None) -> float:
    """Seconds a conversation is kept: ``TRACKER_TTL_SECONDS``, else endpoints.yml's ``ttl_seconds``."""
    env = os.environ if env is None else env
    raw = (env.get("TRACKER_TTL_SECONDS") or "").strip()
    if raw:
        value = float(raw)
        if value <= 0:
            raise ValueError("TRACKER_TTL_SECONDS must be positive")
        return value
    store = config.get("tracker_store") or {}
    return float(store.get("ttl_seconds", DEFAULT_TTL_SECONDS))


#: Rasa's RedisTrackerStore, feeding the inbox doors (bot/rasa_plugins/redis_tracker_store.py)
REDIS_TRACKER_STORE = "bot.rasa_plugins.redis_tracker_store.InboxRedisTrackerStore"


def with_stores(
    config: Mapping[str, Any], redis_url: Optional[str], env: Optional[Mapping[str, str]] = None
) -> Dict[str, Any]:
    """A copy of the endpoints ``config`` using Redis for trackers and locks when ``redis_url`` is set.

    Without ``redis_url`` only the TTL override (if any) is applied: the in-memory default stays.
    """
    result: Dict[str, Any] = {key: value for key, value in config.items()}
    ttl = privacy_ttl(config, env)
    if not redis_url:
        store = dict(result.get("tracker_store") or {})
        if store:
            store["ttl_seconds"] = ttl
            result["tracker_store"] = store
        return result
    connection = parse_redis_url(redis_url)
    # whole seconds: Redis's EX takes an integer
    result["tracker_store"] = {
        "type": REDIS_TRACKER_STORE,
        **connection,
        "record_exp": max(1, int(round(ttl))),
    }
    result["lock_store"] = {"type": "redis", **connection}
    return result


def render_endpoints(
    action_url: Optional[str] = None, redis_url: Optional[str] = None, env: Optional[Mapping[str, str]] = None
) -> str:
    """The text of endpoints.yml for a Rasa server: the action server at ``action_url`` (default
    ``http://127.0.0.1:$BOT_ACTION_PORT/webhook``), Redis stores when ``redis_url`` (default
    ``REDIS_URL``) is set, the ``TRACKER_TTL_SECONDS`` override. Unchanged text when nothing differs."""
    env = os.environ if env is None else env
    redis_url = redis_url if redis_url is not None else (env.get("REDIS_URL") or None)
    if action_url is None:
        action_url = f"http://127.0.0.1:{int(env.get('BOT_ACTION_PORT') or 5055)}/webhook"
    text = ENDPOINTS.read_text(encoding="utf-8")
    changed = re.sub(r"http://127\.0\.0\.1:\d+/webhook", action_url, text)
    if redis_url or env.get("TRACKER_TTL_SECONDS"):
        import yaml

        config = with_stores(yaml.safe_load(changed), redis_url, env)
        changed = "# generated from endpoints.yml by bot.stores\n" + yaml.safe_dump(config, sort_keys=False)
    return changed
