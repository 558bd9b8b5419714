"""Action tests never write to the maintainer's real inbox."""

import pytest


@pytest.fixture(autouse=True)
def _private_inbox(tmp_path, monkeypatch):
    monkeypatch.setenv("INBOX_PATH", str(tmp_path / "inbox.sqlite3"))
    return tmp_path / "inbox.sqlite3"
