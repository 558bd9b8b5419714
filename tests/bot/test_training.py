"""The model cache key changes exactly when a training input changes."""

from pathlib import Path

from bot import training


def _project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "bot" / "rasa_plugins" / "nlu").mkdir(parents=True)
    (tmp_path / "config.yml").write_text("language: fr\n")
    (tmp_path / "domain.yml").write_text("intents: [greet]\n")
    (tmp_path / "data" / "nlu" / "basics.yml").write_text("nlu: []\n")
    (tmp_path / "bot" / "rasa_plugins" / "nlu" / "normaliser.py").write_text("x = 1\n")
    (tmp_path / "README.md").write_text("docs\n")
    return tmp_path


def test_fingerprint_follows_inputs_only(tmp_path):
    root = _project(tmp_path)
    before = training.fingerprint(root=root)
    (root / "README.md").write_text("other docs\n")
    assert training.fingerprint(root=root) == before
    (root / "data" / "nlu" / "basics.yml").write_text("nlu: [x]\n")
    changed = training.fingerprint(root=root)
    assert changed != before
    (root / "bot" / "rasa_plugins" / "nlu" / "normaliser.py").write_text("x = 2\n")
    assert training.fingerprint(root=root) != changed


def test_rasa_env_disables_telemetry_and_needs_no_pythonpath(monkeypatch):
    monkeypatch.delenv("PYTHONPATH", raising=False)
    env = training.rasa_env()
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert "PYTHONPATH" not in env


def test_rasa_runs_as_a_module_so_this_checkout_is_first_on_the_path():
    """No PYTHONPATH: ``python -m rasa`` in ROOT puts this checkout's ``bot`` before any installed one."""
    assert training.rasa_command("train")[1:] == ["-m", "rasa", "train"]
    assert training.rasa_command("train")[0] == str(training.RASA_VENV / "bin" / "python")


def test_fingerprint_follows_the_gazetteer_data_the_place_extractor_learns_from(tmp_path):
    """The place extractor stores vocabulary computed from the gazetteer and its text folding."""
    root = _project(tmp_path)
    (root / "knowledge" / "data").mkdir(parents=True)
    for name in ("knowledge/textnorm.py", "knowledge/gazetteer.py"):
        (root / name).write_text("x = 1\n")
    (root / "knowledge" / "data" / "gazetteer.json.gz").write_bytes(b"\x1f\x8b one")
    before = training.fingerprint(root=root)
    (root / "knowledge" / "data" / "gazetteer.json.gz").write_bytes(b"\x1f\x8b two")
    after_data = training.fingerprint(root=root)
    assert after_data != before
    (root / "knowledge" / "textnorm.py").write_text("x = 2\n")
    assert training.fingerprint(root=root) != after_data


def test_a_missing_environment_is_named_not_replaced(tmp_path):
    import pytest

    from bot.paths import RASA_VENV, MissingEnvironment, venv_bin

    assert venv_bin(RASA_VENV, "python") == RASA_VENV / "bin" / "python"
    with pytest.raises(MissingEnvironment, match="make setup"):
        venv_bin(tmp_path / ".venv-web", "python")


def test_the_model_key_covers_every_module_the_pipeline_runs():
    """Each knowledge/ module that bot/rasa_plugins/nlu imports, directly or not, is an input of the model hash."""
    import ast

    from bot.paths import ROOT
    from bot.training import MODEL_INPUTS

    def knowledge_imports(path):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            )
            for name in names:
                if name.startswith("knowledge."):
                    yield ROOT / (name.replace(".", "/") + ".py")

    todo = list((ROOT / "bot" / "rasa_plugins" / "nlu").glob("*.py"))
    seen = set()
    while todo:
        for module in knowledge_imports(todo.pop()):
            if module not in seen and module.exists():
                seen.add(module)
                todo.append(module)
    assert seen, "bot/rasa_plugins/nlu imports knowledge/ modules"
    missing = [str(m.relative_to(ROOT)) for m in seen if str(m.relative_to(ROOT)) not in MODEL_INPUTS]
    assert missing == []


def test_data_files_read_by_the_nlu_knowledge_modules_are_model_inputs():
    """A data file that a model-input module of knowledge/ names ("not_places.yml") is an input of the hash too."""
    import ast

    from bot.paths import ROOT
    from bot.training import MODEL_INPUTS

    modules = [ROOT / name for name in MODEL_INPUTS if name.startswith("knowledge/") and name.endswith(".py")]
    named = set()
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.endswith((".yml", ".yaml", ".json", ".json.gz")) and "/" not in node.value:
                    named.add(node.value)
    files = [p for p in (ROOT / "knowledge").rglob("*") if p.is_file() and p.name in named]
    assert any(p.name == "not_places.yml" for p in files)

    def covered(rel: str) -> bool:
        return any(rel == name or rel.startswith(name.rstrip("/") + "/") for name in MODEL_INPUTS)

    missing = sorted(str(p.relative_to(ROOT)) for p in files if not covered(str(p.relative_to(ROOT))))
    assert missing == []
