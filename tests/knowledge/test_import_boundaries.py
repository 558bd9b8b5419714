"""Each runtime imports only what its interpreter has (docs/architecture.md, "Who may import whom").

Read from the source with ``ast`` (nothing is imported), so one run checks every runtime:
- ``knowledge/``: the shared core, read by the Rasa side, the action server and the web front;
- ``bot/web/`` (its privacy filter in ``bot/web/privacy/``): the web front (Python 3.11, aiohttp, Presidio);
- ``bot/rasa_plugins/``: the pipeline components, tracker stores, inbox feed and log filter that Rasa
  loads by dotted name (Python 3.10);
- ``actions/``: the action server (rasa-sdk only, not Rasa itself);
- the modules at ``bot/`` top: the command line, the supervisor, training and evaluation (Rasa venv).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]

RASA_SIDE = {"rasa", "tensorflow", "bot.rasa_plugins"}
WEB_SIDE = {"aiohttp", "presidio_analyzer", "presidio_anonymizer", "bot.web"}
ACTIONS = {"actions", "rasa_sdk"}
#: the modules at bot/ top: command line, supervisor, training, evaluation, and what they share
GLUE = {
    "bot.cli",
    "bot.supervisor",
    "bot.training",
    "bot.evaluate",
    "bot.evaluation_report",
    "bot.evaluation_render",
    "bot.terminal_chat",
    "bot.inbox_cli",
    "bot.stores",
    "bot.paths",
}

#: folder or module -> import prefixes it must never use
FORBIDDEN: Dict[str, Set[str]] = {
    "knowledge": RASA_SIDE | WEB_SIDE | ACTIONS | GLUE | {"bot"},
    "bot/web": RASA_SIDE | ACTIONS | GLUE | {"sklearn"},
    "bot/web/privacy": RASA_SIDE | ACTIONS | GLUE | {"bot.web.app", "bot.web.views", "bot.web.sessions"},
    # aiohttp is also Rasa's own HTTP client (rasa.utils.endpoints, pinned in rasa.lock), whose session the
    # speed-ups keep alive: the web front's other libraries stay out.
    "bot/rasa_plugins": (WEB_SIDE - {"aiohttp"}) | ACTIONS | GLUE,
    "actions": RASA_SIDE | WEB_SIDE | GLUE | {"bot"},
    **{f"bot/{name.split('.')[1]}.py": WEB_SIDE | ACTIONS for name in GLUE},
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
    (web / "bad.py").write_text("from ..rasa_plugins.nlu import linear_classifier\nimport rasa.core\nimport json\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert violations("bot/web") == [
        "bot/web/bad.py:1 imports bot.rasa_plugins.nlu",
        "bot/web/bad.py:2 imports rasa.core",
    ]


def test_every_module_at_bot_top_is_glue():
    """Run-time code lives in its runtime's sub-package: bot/ top holds only the command line and its helpers."""
    top = {f"bot.{path.stem}" for path in (ROOT / "bot").glob("*.py")} - {"bot.__init__", "bot.__main__"}
    assert top == GLUE
