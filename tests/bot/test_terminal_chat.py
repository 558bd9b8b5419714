"""`python -m bot chat` writes its stack's logs to a fresh private folder, removed on exit."""

from __future__ import annotations

import stat
from pathlib import Path

import bot.terminal_chat as terminal_chat


def test_logs_go_to_a_private_temporary_folder_removed_on_exit(monkeypatch, tmp_path):
    seen = {}

    class FakeStack:
        def __init__(self, model, ports, log_dir):
            seen["log_dir"] = log_dir
            seen["mode"] = stat.S_IMODE(log_dir.stat().st_mode)

        def start(self):
            pass

        def wait_ready(self):
            pass

        def stop(self):
            seen["exists_at_stop"] = seen["log_dir"].exists()

    monkeypatch.setattr(terminal_chat, "Stack", FakeStack)
    monkeypatch.setattr(terminal_chat, "http_ok", lambda url: False)
    monkeypatch.setattr("builtins.input", lambda prompt="": (_ for _ in ()).throw(EOFError()))
    assert terminal_chat.chat(tmp_path / "model.tar.gz") == 0
    log_dir: Path = seen["log_dir"]
    assert log_dir != Path("/tmp/orientation-chat-logs")
    assert log_dir.name.startswith("orientation-chat-logs-")
    assert seen["mode"] == 0o700
    assert seen["exists_at_stop"] and not log_dir.exists()
