"""`python -m bot chat`: a terminal conversation through the web front (privacy filter included)."""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

from bot.supervisor import Ports, Stack, http_ok


def send(web_url: str, message: str, session_id: Optional[str]) -> dict:
    """One POST /api/chat."""
    body = {"message": message}
    if session_id:
        body["session_id"] = session_id
    request = urllib.request.Request(
        f"{web_url}/api/chat", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}") | {"messages": []}


def chat(model: Path) -> int:
    """Starts the stack if it is not running, then reads lines until 'quit' or end of input."""
    ports = Ports.from_env()
    web = f"http://127.0.0.1:{ports.web}"
    stack = None
    log_dir: Optional[Path] = None
    if not http_ok(f"{web}/healthz"):
        # a fresh private folder (mode 0700, unpredictable name), removed on exit: a fixed /tmp
        # path could be a symlink planted by another user
        log_dir = Path(tempfile.mkdtemp(prefix="orientation-chat-logs-"))
        stack = Stack(model=model, ports=ports, log_dir=log_dir)
        print("Démarrage de l'assistant (30 à 60 s)…", flush=True)
        stack.start()
        stack.wait_ready()
    session_id = None
    print("Écrivez votre message (« quit » pour sortir).")
    try:
        while True:
            try:
                text = input("vous> ")
            except EOFError:
                break
            if text.strip().lower() in {"quit", "exit"}:
                break
            answer = send(web, text, session_id)
            session_id = answer.get("session_id", session_id)
            if "error" in answer:
                print(f"bot> {answer['error']}")
            for message in answer.get("messages", []):
                print(f"bot> {message.get('text', '')}")
                for button in message.get("buttons") or []:
                    print(f"     [{button['title']}]")
    finally:
        if stack:
            stack.stop()
        if log_dir is not None:
            shutil.rmtree(log_dir, ignore_errors=True)
    return 0
