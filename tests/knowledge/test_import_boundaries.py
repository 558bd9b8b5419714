"""Each runtime imports only what its interpreter has (docs/architecture.md, "Who may import whom").

Read from the source with ``ast`` (nothing is imported), so one run checks every runtime:
- ``knowledge/``: the shared core, read by the Rasa side, the action server and the web front;
- ``bot/web/`` and ``bot/privacy/``: the web front (Python 3.11, aiohttp, Presidio);
- ``bot/nlu/``, the tracker stores, ``bot/inbox_feed.py``, ``bot/log_privacy.py``: plugins
  loaded by Rasa (Python 3.10);
- ``actions/``: the action server (rasa-sdk only, not Rasa itself).
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]

RASA_SIDE = {"rasa", "tensorflow", "bot.nlu", "bot.ttl_tracker_store", "bot.redis_tracker_store", "bot.inbox_feed",
             "bot.log_privacy"}
WEB_SIDE = {"aiohttp", "presidio_analyzer", "presidio_anonymizer", "bot.web", "bot.privacy"}
ACTIONS = {"actions", "rasa_sdk"}
GLUE = {"bot.cli", "bot.supervisor", "bot.training", "bot.evaluate", "bot.evaluation_report",
        "bot.evaluation_render", "bot.terminal_chat", "bot.inbox_cli"}

#: folder or module -> import prefixes it must never use
FORBIDDEN: Dict[str, Set[str]] = {
    "knowledge": RASA_SIDE | WEB_SIDE | ACTIONS | GLUE | {"bot"},
    "bot/web": RASA_SIDE | ACTIONS | GLUE | {"sklearn"},
    "bot/privacy": RASA_SIDE | ACTIONS | GLUE | {"bot.web"},
    "bot/nlu": WEB_SIDE | ACTIONS | GLUE,
    "bot/ttl_tracker_store.py": WEB_SIDE | ACTIONS | GLUE,
    "bot/redis_tracker_store.py": WEB_SIDE | ACTIONS | GLUE,
    "bot/inbox_feed.py": WEB_SIDE | ACTIONS | GLUE,
    "bot/log_privacy.py": WEB_SIDE | ACTIONS | GLUE,
    "actions": (RASA_SIDE - {"bot.nlu"}) | WEB_SIDE | GLUE | {"bot"},
}


def imported(path: Path) -> Iterator[Tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield node.lineno, ".".join(base + ([node.module] if node.module else []))
            elif node.module:
                yield node.lineno, node.module


def violations(where: str) -> List[str]:
    target = ROOT / where
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    found = []
    for path in files:
        for line, module in imported(path):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[where]):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("where", sorted(FORBIDDEN))
def test_no_import_across_runtimes(where):
    assert (ROOT / where).exists()
    assert violations(where) == []


def test_the_check_sees_a_crossing(tmp_path, monkeypatch):
    """The rule itself works: a web module importing Rasa is reported, relative imports resolved."""
    web = tmp_path / "bot" / "web"
    web.mkdir(parents=True)
    (web / "bad.py").write_text("from ..nlu import linear_classifier\nimport rasa.core\nimport json\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert violations("bot/web") == ["bot/web/bad.py:1 imports bot.nlu", "bot/web/bad.py:2 imports rasa.core"]
