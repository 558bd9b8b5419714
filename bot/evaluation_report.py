"""Figures of the evaluation report written by ``python -m bot evaluate`` for every change.

* per-intent precision, recall, F1 and the confusion matrix of a held-out file (:func:`intent_section`);
* the worst confusions, with examples (:func:`worst_confusions`);
* 5-fold cross-validation on the training data (:func:`cross_validate`), with the sklearn core of the
  project's own intent classifier (``bot.rasa_plugins.nlu.linear_classifier.build_pipeline``: tf-idf + LinearSVC),
  so it takes seconds instead of five Rasa trainings; it scores the classifier's best intent, without
  the known-words scaling and the FallbackClassifier of the full pipeline;
* the comparison with the committed baseline (:func:`compare`): the build fails when the intent
  macro-F1 of a held-out file drops by more than ``MAX_DROP`` (1 point).

Rendering (markdown, PNG) lives in ``bot.evaluation_render``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from bot.paths import ROOT

BASELINE = ROOT / "bench" / "evaluation_baseline.json"
RESULTS_DIR = ROOT / "results" / "evaluation"
TRAINING_DATA = ROOT / "data" / "nlu"
#: largest accepted drop of intent macro-F1 on a held-out file, versus the baseline (1 point)
MAX_DROP = 0.01
CV_FOLDS = 5


def per_intent(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> Dict[str, dict]:
    """Precision, recall, F1 and support of each gold intent."""
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=list(labels), zero_division=0)
    return {
        name: {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "support": int(s[i]),
        }
        for i, name in enumerate(labels)
    }


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> Tuple[List[str], List[List[int]]]:
    """Labels (gold and predicted, sorted) and the matrix: row = expected, column = predicted."""
    labels = sorted(set(gold) | set(predicted))
    index = {name: i for i, name in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted):
        matrix[index[g]][index[p]] += 1
    return labels, matrix


def worst_confusions(
    texts: Sequence[str], gold: Sequence[str], predicted: Sequence[str], limit: int = 10, examples: int = 3
) -> List[dict]:
    """The most frequent (expected, predicted) mistakes, most frequent first, with a few example texts."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [
        {
            "expected": g,
            "predicted": p,
            "count": n,
            "examples": [t for t, gg, pp in zip(texts, gold, predicted) if (gg, pp) == (g, p)][:examples],
        }
        for (g, p), n in ranked
    ]


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 over the gold intents (every intent counts the same)."""
    from sklearn.metrics import f1_score

    return round(float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0)), 4)


def intent_section(texts: Sequence[str], gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Per-intent figures, confusion matrix and worst confusions of one set of predictions."""
    labels, matrix = confusion(gold, predicted)
    return {
        "macro_f1": macro_f1(gold, predicted),
        "per_intent": per_intent(gold, predicted, sorted(set(gold))),
        "labels": labels,
        "matrix": matrix,
        "worst_confusions": worst_confusions(texts, gold, predicted),
    }


def training_examples(path: Path = TRAINING_DATA, unfolded: Optional[bool] = None) -> Tuple[List[str], List[str]]:
    """(text, intent) of every training example, as the intent classifier sees them: the text folded like
    ``TextNormaliser``, or as written when the classifier reads it so (``unfolded_text`` in config.yml,
    the default of ``unfolded``); retrieval intents by their topic; not the ``detector_only`` examples, whose
    intent a rule component sets."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.rasa_plugins.nlu.linear_classifier import base_intent, detector_only
    from bot.rasa_plugins.nlu.normaliser import fold_text

    if unfolded is None:
        unfolded = bool(classifier_settings()["unfolded_text"])
    texts: List[str] = []
    labels: List[str] = []
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml"))
    for file in files:
        for message in load_data(str(file)).intent_examples:
            if message.get("text") and message.get("intent") and not detector_only(message):
                text = message.get("text")
                texts.append(text if unfolded else fold_text(text))
                labels.append(base_intent(message.get("intent")))
    return texts, labels


def classifier_settings(config: Path = ROOT / "config.yml") -> Dict[str, float]:
    """C, sentence_weight and unfolded_text (1.0 or 0.0) of the LinearIntentClassifier in config.yml
    (its defaults otherwise)."""
    import yaml

    from bot.rasa_plugins.nlu.linear_classifier import LinearIntentClassifier

    settings = dict(LinearIntentClassifier.get_default_config())
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8")).get("pipeline") or []
    for component in pipeline:
        if str(component.get("name", "")).endswith("linear_classifier.LinearIntentClassifier"):
            settings.update(component)
    return {
        "C": float(settings["C"]),
        "sentence_weight": float(settings["sentence_weight"]),
        "unfolded_text": float(bool(settings["unfolded_text"])),
    }


def cross_validate(texts: Sequence[str], labels: Sequence[str], folds: int = CV_FOLDS, seed: int = 0) -> dict:
    """Stratified k-fold cross-validation of the linear intent classifier's sklearn core.

    Returns the macro-F1 of each fold, their mean, and the out-of-fold figures (per intent, worst
    confusions) of every example.
    """
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from bot.rasa_plugins.nlu.linear_classifier import build_pipeline
    from bot.rasa_plugins.nlu.sentence_features import training_cache

    settings = classifier_settings()
    x = np.array(texts, dtype=object)
    y = np.array(labels, dtype=object)
    predicted = np.empty(len(y), dtype=object)
    fold_f1: List[float] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with training_cache():
        for train_idx, test_idx in splitter.split(x, y):
            model = build_pipeline(settings["C"], settings["sentence_weight"])
            model.fit(list(x[train_idx]), list(y[train_idx]))
            predicted[test_idx] = model.predict(list(x[test_idx]))
            fold_f1.append(macro_f1(list(y[test_idx]), list(predicted[test_idx])))
    section = intent_section(list(x), list(y), list(predicted))
    return {
        "folds": folds,
        "examples": len(y),
        "fold_macro_f1": fold_f1,
        "macro_f1_mean": round(float(np.mean(fold_f1)), 4),
        "macro_f1_std": round(float(np.std(fold_f1)), 4),
        "per_intent": section["per_intent"],
        "worst_confusions": section["worst_confusions"][:5],
    }


# ---------------------------------------------------------------------------------------- baseline


def baseline_of(document: dict) -> dict:
    """What the baseline keeps of a report: macro-F1, accuracy and per-intent F1 of each held-out file."""
    return {
        "date": document.get("date"),
        "model": document.get("model"),
        "max_drop": MAX_DROP,
        "holdout": {
            name: {
                "intent_macro_f1": r["intent_macro_f1"],
                "intent_accuracy": r.get("intent_accuracy"),
                "per_intent_f1": {k: v["f1"] for k, v in r.get("per_intent", {}).items()},
            }
            for name, r in document["holdout"].items()
        },
        "cross_validation_macro_f1": (document.get("cross_validation") or {}).get("macro_f1_mean"),
    }


def load_baseline(path: Path = BASELINE) -> Optional[dict]:
    """The committed baseline, or ``None`` when there is none."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def compare(current: Dict[str, float], baseline: Optional[dict], max_drop: float = MAX_DROP) -> List[dict]:
    """One row per held-out file: baseline and current intent macro-F1, their difference and whether
    it is a regression (a drop of more than ``max_drop``). Files without a baseline are not judged."""
    rows = []
    known = (baseline or {}).get("holdout", {})
    for name, raw in current.items():
        value = float(raw)
        before = known.get(name, {}).get("intent_macro_f1")
        delta = None if before is None else round(value - before, 4)
        rows.append(
            {
                "file": name,
                "baseline": before,
                "current": value,
                "delta": delta,
                "regression": bool(delta is not None and -delta > max_drop + 1e-9),
            }
        )
    return rows


def intent_drops(document: dict, baseline: Optional[dict], limit: int = 5) -> Dict[str, List[dict]]:
    """Per held-out file, the intents whose F1 fell the most versus the baseline (for the report)."""
    out: Dict[str, List[dict]] = {}
    for name, report in document["holdout"].items():
        before = ((baseline or {}).get("holdout", {}).get(name) or {}).get("per_intent_f1") or {}
        drops = [
            {"intent": k, "baseline": before[k], "current": v["f1"], "delta": round(v["f1"] - before[k], 4)}
            for k, v in report.get("per_intent", {}).items()
            if k in before and v["f1"] < before[k]
        ]
        out[name] = sorted(drops, key=lambda d: d["delta"])[:limit]
    return out


def build_document(reports: List[dict], cv: Optional[dict], baseline: Optional[dict], model: str = "") -> dict:
    """The whole report (``report.json``) from the held-out reports of ``bot.evaluate.evaluate``."""
    holdout = {}
    for r in reports:
        section = r.get("intents") or {}
        holdout[r["file"]] = {
            "examples": r["examples"],
            "intent_macro_f1": r["intent_macro_f1"],
            "intent_accuracy": r["intent_accuracy"],
            "fallback_rate": r["fallback_rate"],
            "per_intent": section.get("per_intent", {}),
            "labels": section.get("labels", []),
            "matrix": section.get("matrix", []),
            "worst_confusions": section.get("worst_confusions", []),
        }
    document = {
        "date": _dt.date.today().isoformat(),
        "model": model,
        "holdout": holdout,
        "cross_validation": cv,
        "baseline": {"date": (baseline or {}).get("date"), "model": (baseline or {}).get("model")}
        if baseline
        else None,
        "max_drop": MAX_DROP,
    }
    document["comparison"] = compare({k: v["intent_macro_f1"] for k, v in holdout.items()}, baseline)
    document["intent_drops"] = intent_drops(document, baseline)
    document["regression"] = any(row["regression"] for row in document["comparison"])
    return document


def print_summary(document: dict, written: Dict[str, Path]) -> None:
    """Short terminal summary of the comparison and cross-validation; the rest is in the files."""
    cv = document.get("cross_validation")
    if cv:
        print(
            f"== cross-validation ({cv['folds']} folds, {cv['examples']} training examples, linear core): "
            f"intent macro-F1 {cv['macro_f1_mean']:.3f} ± {cv['macro_f1_std']:.3f}"
        )
    for row in document["comparison"]:
        if row["baseline"] is None:
            print(f"== {row['file']}: no baseline to compare with")
        else:
            verdict = "REGRESSION" if row["regression"] else "ok"
            print(
                f"== {row['file']}: intent macro-F1 {row['current']:.3f} vs baseline {row['baseline']:.3f} "
                f"({row['delta']:+.3f}, max drop {MAX_DROP:.2f}): {verdict}"
            )
    shown = ", ".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in written.values())
    print(f"report: {shown}")


def finish(
    reports: List[dict],
    *,
    model: str = "",
    baseline_path: Path = BASELINE,
    out_dir: Path = RESULTS_DIR,
    cv: Optional[dict] = None,
    write_baseline: bool = False,
) -> bool:
    """Builds and writes the report, compares with the baseline; ``False`` on a regression.

    With ``write_baseline`` the report becomes the new baseline (nothing is judged)."""
    from bot.evaluation_render import write_report

    baseline = None if write_baseline else load_baseline(baseline_path)
    document = build_document(reports, cv, baseline, model)
    written = write_report(document, out_dir)
    print_summary(document, written)
    if write_baseline:
        baseline_path.parent.mkdir(parents=True, exist_ok=True)
        baseline_path.write_text(
            json.dumps(baseline_of(document), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"baseline written: {baseline_path}")
        return True
    return not document["regression"]
