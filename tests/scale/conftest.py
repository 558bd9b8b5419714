"""The real stack with Redis: a redis-server on a spare port, 2 Rasa instances, one front (``make test-scale``).

Conversations and the front's sessions expire after ``SCALE_TTL`` seconds (short, so the TTL test
stays quick). Without redis-server the tests skip locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from bot.supervisor import Ports, Stack
from bot.training import ensure_model
from tests.integration.conftest import TEST_HARNESS_LIMITS
from tests.redis_server import RedisServer

#: seconds a conversation (Rasa's tracker, the front's session) lives in Redis in these tests
SCALE_TTL = 10

PORTS = Ports(
    host="127.0.0.1",
    web=int(os.environ.get("SCALE_WEB_PORT", 16080)),
    rasa=int(os.environ.get("SCALE_RASA_PORT", 16005)),  # and the next port for the second instance
    actions=int(os.environ.get("SCALE_ACTION_PORT", 16055)),
)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A throw-away redis-server (no persistence) on a port of 16300-16399."""
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scale-logs")


@pytest.fixture(scope="session")
def stack(redis_server: RedisServer, log_dir: Path) -> Iterator[Stack]:
    """Action server, 2 Rasa instances with Redis stores, the front with Redis sessions."""
    env = {
        **TEST_HARNESS_LIMITS,
        "REDIS_URL": redis_server.url,
        "TRACKER_TTL_SECONDS": str(SCALE_TTL),
        "BOT_SESSION_TTL": str(SCALE_TTL),
        "BOT_PRIVACY_WORKERS": "1",
        "INBOX_PATH": str(log_dir / "inbox.sqlite3"),
    }
    stack = Stack(model=ensure_model(), ports=PORTS, log_dir=log_dir, extra_env=env, instances=2)
    with stack.serving(timeout=300) as running:
        yield running
