"""The real stack (action server, Rasa, web front) on spare loopback ports, started once."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

import pytest

from bot.supervisor import Ports, Stack
from bot.training import ensure_model

PORTS = Ports(
    host="127.0.0.1",
    web=int(os.environ.get("IT_WEB_PORT", 18080)),
    rasa=int(os.environ.get("IT_RASA_PORT", 15005)),
    actions=int(os.environ.get("IT_ACTION_PORT", 15055)),
)


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory) -> Path:
    """Where the three processes' output goes (searched by the privacy tests)."""
    return tmp_path_factory.mktemp("stack-logs")


#: The tests drive the shared stack faster than any person (a whole corpus from one address, long
#: sessions back to back): its web front gets wide rate limits. The limits themselves are tested in
#: tests/web/test_abuse.py and, with their defaults, in tests/integration/test_abuse_stack.py.
TEST_HARNESS_LIMITS = {
    "BOT_RATE_CLIENT_PER_MINUTE": "100000",
    "BOT_RATE_CLIENT_BURST": "100000",
    "BOT_CLIENT_MAX_IN_FLIGHT": "1000",
    "BOT_RATE_SESSION_PER_MINUTE": "100000",
    "BOT_RATE_SESSION_BURST": "100000",
}


@pytest.fixture(scope="session")
def inbox_path(log_dir) -> Path:
    """The anonymous inbox the stack's action server writes to (among the files the privacy tests search)."""
    path = log_dir / "inbox.sqlite3"
    os.environ["INBOX_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def stack(log_dir, inbox_path):
    """The running stack; stopped at the end of the session."""
    stack = Stack(model=ensure_model(), ports=PORTS, log_dir=log_dir, extra_env=dict(TEST_HARNESS_LIMITS))
    with stack.serving(timeout=300) as running:
        yield running


class Client:
    """Minimal HTTP client for the web front (standard library, like a visitor's browser)."""

    def __init__(self, base: str, forwarded_for: Optional[str] = None) -> None:
        self.base = base
        self.session_id: Optional[str] = None
        #: address a (trusted) reverse proxy would forward for this visitor
        self.forwarded_for = forwarded_for

    def request(self, method: str, path: str, body: Optional[bytes] = None, headers=None, timeout=30):
        headers = dict(headers or {})
        if self.forwarded_for:
            headers.setdefault("X-Forwarded-For", self.forwarded_for)
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback
                return resp.status, resp.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def say(self, text: str, **extra) -> dict:
        """Sends one chat message in this client's session and returns the JSON answer."""
        payload = {"message": text, **extra}
        if self.session_id:
            payload["session_id"] = self.session_id
        status, raw = self.request(
            "POST", "/api/chat", json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        assert status == 200, (status, raw[:300])
        answer = json.loads(raw)
        self.session_id = answer["session_id"]
        return answer

    def click(self, payload: str) -> dict:
        """Presses a button the bot sent."""
        body = {"payload": payload, "session_id": self.session_id}
        status, raw = self.request("POST", "/api/chat", json.dumps(body).encode(), {"Content-Type": "application/json"})
        assert status == 200, (status, raw[:300])
        return json.loads(raw)


@pytest.fixture
def client(stack) -> Client:
    """A new visitor."""
    return Client(f"http://127.0.0.1:{PORTS.web}")


def texts(answer: dict) -> str:
    """All the bot's text of one answer, joined."""
    return "\n".join(m.get("text") or "" for m in answer["messages"])


def buttons(answer: dict) -> list:
    """All the buttons of one answer."""
    return [b for m in answer["messages"] for b in (m.get("buttons") or [])]
