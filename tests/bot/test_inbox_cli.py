"""`python -m bot inbox`: list, label, discard, export into a copy of data/nlu that Rasa still reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from knowledge import maintainer
from bot.cli import main
from knowledge.inbox import Inbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def nlu_copy(tmp_path, monkeypatch):
    target = tmp_path / "nlu"
    # the NLU files only: notes beside them (PROVENANCE.md) are not training data, and rasa train skips them
    shutil.copytree(ROOT / "data" / "nlu", target, ignore=shutil.ignore_patterns("*.md"))
    monkeypatch.setattr(maintainer, "NLU_DIR", target)
    return target


@pytest.fixture
def box(tmp_path, monkeypatch):
    path = tmp_path / "inbox.sqlite3"
    monkeypatch.setenv("INBOX_PATH", str(path))
    inbox = Inbox(path)
    ids = {
        "cpf": inbox.add("zorglub mon compte formation ça marche comment", "ask_cpf", 0.32),
        "oos": inbox.add("quelle est la recette de la tarte tatin (vraiment)", "ask_training", 0.2),
        "junk": inbox.add("qsdkfjh", "greet", 0.1),
    }
    inbox.add("Zorglub mon compte formation ça marche comment ?", "ask_cpf", 0.35)
    return inbox, ids


def test_list_shows_counts_and_guesses(box, capsys):
    assert main(["inbox", "list"]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert "×2" in first and "ask_cpf 0.35" in first and "zorglub" in first.lower()


def test_label_rejects_unknown_intent_and_id(box, capsys):
    inbox, ids = box
    assert main(["inbox", "label", str(ids["cpf"]), "ask_nothing"]) == 2
    assert main(["inbox", "label", "1", "ask_cpf"]) == 2
    assert "Aucune question" in capsys.readouterr().err


def test_label_discard_export_writes_valid_rasa_examples(box, nlu_copy, capsys):
    inbox, ids = box
    assert main(["inbox", "label", str(ids["cpf"]), "ask_cpf"]) == 0
    assert main(["inbox", "label", str(ids["oos"]), "out_of_scope"]) == 0
    assert main(["inbox", "discard", str(ids["junk"])]) == 0
    capsys.readouterr()
    assert main(["inbox", "export"]) == 0
    out = capsys.readouterr().out
    assert "1 exemple(s)" in out
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu_copy))
    intents = {m.get("text"): m.get("intent") for m in data.intent_examples}
    assert intents["Zorglub mon compte formation ça marche comment ?"] == "ask_cpf"
    assert intents["quelle est la recette de la tarte tatin vraiment"] == "out_of_scope"
    assert "qsdkfjh" not in intents
    statuses = {i.id: i.status for i in inbox.items()}
    assert statuses == {ids["cpf"]: "exported", ids["oos"]: "exported", ids["junk"]: "discarded"}
    # a second export writes nothing more
    assert main(["inbox", "export"]) == 0
    assert "Aucune question" in capsys.readouterr().out


def test_export_json_prints_items(box, capsys):
    assert main(["inbox", "export", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert {"text", "intent", "confidence", "count", "first_day", "last_day"} <= set(items[0])
    assert items[0]["count"] == 2


def test_intent_files_maps_each_intent_to_its_topic_file():
    files = maintainer.intent_files()
    assert files["ask_cpf"].name == "training.yml"
    assert files["out_of_scope"].name == "out_of_scope.yml"
    assert set(maintainer.domain_intents()) <= set(files)


def test_rasa_data_validate_passes_after_export(box, nlu_copy, tmp_path):
    """The exported data still passes `rasa data validate` with the real domain, rules and stories."""
    import subprocess
    import sys

    inbox, ids = box
    assert main(["inbox", "label", str(ids["cpf"]), "ask_cpf"]) == 0
    assert main(["inbox", "label", str(ids["oos"]), "out_of_scope"]) == 0
    assert main(["inbox", "export"]) == 0
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("nlu"))
    shutil.copytree(nlu_copy, data / "nlu")
    assert "tarte tatin" in (data / "nlu" / "out_of_scope.yml").read_text(encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "data",
            "validate",
            "--data",
            str(data),
            "--domain",
            str(ROOT / "domain.yml"),
            "--config",
            str(ROOT / "config.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
