"""The privacy corpus through the real stack: no trace of identity anywhere afterwards."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import yaml

from bot.paths import ROOT
from tests.integration.conftest import Client, PORTS, texts

CORPUS = ROOT / "tests" / "web" / "privacy_corpus.yml"


def _corpus():
    with CORPUS.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["messages"]


def _written_files(since: float, roots):
    """Files modified since the test started under the given folders."""
    for root in roots:
        root = Path(root)
        if not root.exists():
            continue
        for path in root.rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime >= since and path.stat().st_size < 50_000_000:
                    yield path
            except OSError:
                continue


def test_no_identity_reaches_logs_or_files(stack, log_dir):
    started = time.time() - 1
    corpus = _corpus()
    client = Client(f"http://127.0.0.1:{PORTS.web}")
    notices = 0
    for item in corpus:
        answer = client.say(item["text"])
        assert answer["messages"], item["text"]
        notices += "retiré" in texts(answer)
        client.session_id = None  # one visitor per message
    assert notices >= len(corpus) * 0.9  # the visitor is told what was removed

    secrets = sorted({s for item in corpus for s in item["secrets"] if len(s) >= 3}, key=len, reverse=True)
    # Everything the stack may have written: its logs, the project tree, /tmp.
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    candidates = list(_written_files(started, [log_dir, ROOT / "models", ROOT / "results", "/tmp"]))
    candidates += [ROOT / p for p in untracked if (ROOT / p).is_file()]
    leaks = []
    for path in candidates:
        if "pytest-of" in str(path) and log_dir not in path.parents:
            continue  # other tests' own temporary fixtures
        try:
            content = path.read_text(encoding="utf-8", errors="ignore")
        except OSError:
            continue
        for secret in secrets:
            if re.search(r"(?<!\w)" + re.escape(secret) + r"(?!\w)", content, flags=re.IGNORECASE):
                leaks.append((str(path), secret))
    assert leaks == [], leaks[:10]
    assert list(Path(log_dir).iterdir()), "the stack's logs were not captured"
