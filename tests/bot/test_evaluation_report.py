"""The evaluation report of `python -m bot evaluate`: figures, files, and the baseline gate that fails
on a degraded model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, List

import pytest

from bot.evaluate import evaluate
from bot.evaluation_render import confusion_markdown
from bot.evaluation_report import (
    BASELINE,
    MAX_DROP,
    build_document,
    compare,
    confusion,
    cross_validate,
    finish,
    intent_section,
    worst_confusions,
)
from bot.rasa_plugins.nlu.linear_classifier import build_pipeline

GOLD = ["greet"] * 4 + ["ask_cpf"] * 4 + ["ask_vae"] * 4
TEXTS = [f"phrase {i}" for i in range(len(GOLD))]

TRAIN = {
    "greet": ["bonjour", "salut", "bonsoir", "coucou", "hello", "bonjour a vous", "salut le robot", "bjr"],
    "ask_cpf": [
        "mon cpf",
        "compte personnel de formation",
        "utiliser mon cpf",
        "solde cpf",
        "droits cpf",
        "financer avec le cpf",
        "cpf formation",
        "combien sur mon cpf",
    ],
    "ask_vae": [
        "la vae",
        "validation des acquis",
        "faire une vae",
        "vae diplome",
        "valider mon experience",
        "acquis de l experience",
        "vae comment",
        "demarche vae",
    ],
}
HOLDOUT_YAML = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - bonjour madame
    - salut a toi
    - coucou le bot
- intent: ask_cpf
  examples: |
    - c'est quoi le cpf
    - mon compte cpf
    - payer avec mon cpf
- intent: ask_vae
  examples: |
    - je veux faire une vae
    - la validation des acquis c'est quoi
    - vae pour un cap
"""


def _report(gold: List[str], predicted: List[str], name: str = "nlu_holdout.yml") -> dict:
    section = intent_section(TEXTS[: len(gold)], gold, predicted)
    return {
        "file": name,
        "examples": len(gold),
        "intent_macro_f1": section["macro_f1"],
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(gold),
        "fallback_rate": 0.0,
        "intents": section,
    }


def test_confusion_matrix_and_worst_confusions():
    predicted = ["greet"] * 4 + ["ask_cpf", "ask_cpf", "ask_vae", "ask_vae"] + ["ask_vae"] * 3 + ["greet"]
    labels, matrix = confusion(GOLD, predicted)
    assert labels == ["ask_cpf", "ask_vae", "greet"]
    assert matrix == [[2, 2, 0], [0, 3, 1], [0, 0, 4]]
    [worst, second] = worst_confusions(TEXTS, GOLD, predicted)
    assert (worst["expected"], worst["predicted"], worst["count"]) == ("ask_cpf", "ask_vae", 2)
    assert worst["examples"] == ["phrase 6", "phrase 7"]
    assert (second["expected"], second["predicted"], second["count"]) == ("ask_vae", "greet", 1)
    table = confusion_markdown(labels, matrix)
    assert "| 1. `ask_cpf` | **2** | 2 | · |" in table


def test_compare_fails_only_on_a_drop_of_more_than_one_point():
    baseline = {"holdout": {"a.yml": {"intent_macro_f1": 0.95}, "b.yml": {"intent_macro_f1": 0.90}}}
    rows = compare({"a.yml": 0.95 - MAX_DROP, "b.yml": 0.889, "c.yml": 0.5}, baseline)
    assert [(r["file"], r["regression"]) for r in rows] == [("a.yml", False), ("b.yml", True), ("c.yml", False)]
    assert rows[2]["baseline"] is None  # a file without a baseline is not judged
    assert not any(r["regression"] for r in compare({"a.yml": 0.99}, baseline))


def test_degraded_predictions_fail_against_the_baseline(tmp_path: Path):
    baseline_path = tmp_path / "baseline.json"
    good = _report(GOLD, list(GOLD))
    assert finish([good], baseline_path=baseline_path, out_dir=tmp_path / "out", write_baseline=True)
    assert json.loads(baseline_path.read_text())["holdout"]["nlu_holdout.yml"]["intent_macro_f1"] == 1.0

    same = finish([good], baseline_path=baseline_path, out_dir=tmp_path / "out")
    degraded = list(GOLD)
    degraded[0] = "ask_cpf"  # one error in twelve: macro-F1 1.0 -> about 0.92
    worse = finish([_report(GOLD, degraded)], baseline_path=baseline_path, out_dir=tmp_path / "out")
    assert same and not worse
    document = json.loads((tmp_path / "out" / "report.json").read_text())
    assert document["regression"] and document["comparison"][0]["delta"] < -MAX_DROP
    assert "**REGRESSION**" in (tmp_path / "out" / "report.md").read_text()
    assert (tmp_path / "out" / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _parser(model) -> Callable[[List[str]], List[dict]]:
    """Rasa-like parse results from an sklearn pipeline (the intent only)."""

    def parse(texts: List[str]) -> List[dict]:
        return [
            {"intent": {"name": name, "confidence": 0.9}, "intent_ranking": [], "entities": []}
            for name in model.predict(texts)
        ]

    return parse


def test_a_deliberately_bad_model_fails_the_evaluation(tmp_path: Path):
    holdout = tmp_path / "nlu_holdout.yml"
    holdout.write_text(HOLDOUT_YAML, encoding="utf-8")
    texts = [t for examples in TRAIN.values() for t in examples]
    labels = [name for name, examples in TRAIN.items() for _ in examples]
    good_model = build_pipeline().fit(texts, labels)
    # the degraded model: half of the training labels shifted to the next intent
    names = list(TRAIN)
    bad_labels = [names[(names.index(line) + 1) % 3] if i % 2 else line for i, line in enumerate(labels)]
    bad_model = build_pipeline().fit(texts, bad_labels)

    baseline_path, out = tmp_path / "baseline.json", tmp_path / "evaluation"
    good = evaluate(Path("unused"), holdout, out_dir=tmp_path, faq_holdout=None, parse=_parser(good_model))
    assert good["intent_macro_f1"] >= 0.8 and good["intents"]["labels"] == ["ask_cpf", "ask_vae", "greet"]
    assert finish([good], baseline_path=baseline_path, out_dir=out, write_baseline=True)

    bad = evaluate(Path("unused"), holdout, out_dir=tmp_path, faq_holdout=None, parse=_parser(bad_model))
    assert bad["intent_macro_f1"] < good["intent_macro_f1"] - MAX_DROP
    assert not finish([bad], baseline_path=baseline_path, out_dir=out)
    assert (out / "confusion.png").exists() and "## Comparison with the baseline" in (out / "report.md").read_text()


def test_cross_validation_uses_five_folds_of_the_linear_core():
    texts = [t for examples in TRAIN.values() for t in examples]
    labels = [name for name, examples in TRAIN.items() for _ in examples]
    cv = cross_validate(texts, labels)
    assert cv["folds"] == 5 and len(cv["fold_macro_f1"]) == 5 and cv["examples"] == len(texts)
    assert 0.0 <= cv["macro_f1_mean"] <= 1.0 and set(cv["per_intent"]) == set(TRAIN)


def test_the_committed_baseline_covers_both_held_out_files():
    if not BASELINE.exists():
        pytest.fail(f"{BASELINE} is missing: run `python -m bot evaluate --write-baseline` and commit it")
    baseline = json.loads(BASELINE.read_text())
    assert {"nlu_holdout.yml", "nlu_holdout_real.yml"} <= set(baseline["holdout"])
    assert all(0 < v["intent_macro_f1"] <= 1 for v in baseline["holdout"].values())


def test_build_document_without_baseline_judges_nothing():
    document = build_document([_report(GOLD, ["greet"] * 12)], None, None)
    assert not document["regression"] and document["comparison"][0]["baseline"] is None


def test_the_command_exits_non_zero_on_a_degraded_model(tmp_path: Path, monkeypatch, capsys):
    """`python -m bot evaluate` as `make evaluate` runs it, with the model replaced by a tiny good one, then
    a tiny bad one: only the baseline comparison can fail the second run (the file's own gates are off)."""
    import bot.evaluate as evaluation
    from bot.cli import main

    holdout = tmp_path / "nlu_holdout.yml"
    holdout.write_text(HOLDOUT_YAML, encoding="utf-8")
    texts = [t for examples in TRAIN.values() for t in examples]
    labels = [name for name, examples in TRAIN.items() for _ in examples]
    real_evaluate = evaluation.evaluate
    monkeypatch.setattr(evaluation, "passes", lambda report: True)
    args = [
        "evaluate",
        "--model",
        "unused",
        "--holdout",
        str(holdout),
        "--no-cv",
        "--baseline",
        str(tmp_path / "baseline.json"),
        "--out-dir",
        str(tmp_path / "out"),
    ]

    def with_model(training_labels: List[str]):
        model = build_pipeline().fit(texts, training_labels)
        monkeypatch.setattr(
            evaluation,
            "evaluate",
            lambda m, h, faq_holdout=None: real_evaluate(
                m, h, out_dir=tmp_path, faq_holdout=None, parse=_parser(model)
            ),
        )

    with_model(labels)
    assert main(args + ["--write-baseline"]) == 0
    assert main(args) == 0
    names = list(TRAIN)
    with_model([names[(names.index(line) + 1) % 3] if i % 2 else line for i, line in enumerate(labels)])
    assert main(args) == 1
    assert "dropped by more than 1 point" in capsys.readouterr().out


def test_cross_validation_uses_the_classifier_settings_of_config_yml(tmp_path):
    from bot.evaluation_report import classifier_settings

    assert classifier_settings()["sentence_weight"] > 0  # as config.yml trains it
    config = tmp_path / "config.yml"
    config.write_text(
        "pipeline:\n  - name: bot.rasa_plugins.nlu.linear_classifier.LinearIntentClassifier\n    C: 0.5\n"
    )
    assert classifier_settings(config) == {"C": 0.5, "sentence_weight": 0.0, "unfolded_text": 0.0}


def test_cross_validation_reads_the_text_as_the_classifier_does(tmp_path):
    from bot.evaluation_report import classifier_settings, training_examples

    data = tmp_path / "nlu.yml"
    data.write_text('version: "3.1"\nnlu:\n- intent: faq/ask_vae\n  examples: |\n    - c’est quoi la VAE à Sète\n')
    assert training_examples(data, unfolded=False) == (["c'est quoi la VAE a Sete"], ["faq"])
    assert training_examples(data, unfolded=True) == (["c’est quoi la VAE à Sète"], ["faq"])
    # by default, as config.yml's classifier reads it
    assert training_examples(data) == training_examples(data, unfolded=bool(classifier_settings()["unfolded_text"]))
