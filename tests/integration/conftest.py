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


@pytest.fixture(scope="session")
def inbox_path(log_dir) -> Path:
    """The anonymous inbox the stack's action server writes to (among the files the privacy tests search)."""
    path = log_dir / "inbox.sqlite3"
    os.environ["INBOX_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def stack(log_dir, inbox_path):
    """The running stack; stopped at the end of the session."""
    running = Stack(model=ensure_model(), ports=PORTS, log_dir=log_dir)
    running.start()
    try:
        running.wait_ready(timeout=300)
        yield running
    finally:
        running.stop()


class Client:
    """Minimal HTTP client for the web front (standard library, like a visitor's browser)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session_id: Optional[str] = None

    def request(self, method: str, path: str, body: Optional[bytes] = None, headers=None, timeout=30):
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
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
