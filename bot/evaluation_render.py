"""Writes the evaluation report: ``report.json``, ``report.md`` and one confusion-matrix PNG per
held-out file (``confusion.png`` for ``tests/nlu_holdout.yml``, ``confusion_<stem>.png`` for the others)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional

MAIN_HOLDOUT = "nlu_holdout.yml"


def png_name(holdout_file: str) -> str:
    """File name of a held-out file's confusion matrix picture."""
    return "confusion.png" if holdout_file == MAIN_HOLDOUT else f"confusion_{Path(holdout_file).stem}.png"


def plot_confusion(labels: List[str], matrix: List[List[int]], path: Path, title: str) -> Path:
    """Confusion matrix as a PNG (rows: expected, columns: predicted; colour = share of the row)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    counts = np.array(matrix, dtype=float)
    rows = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    size = max(6.0, 0.32 * len(labels) + 3)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)))
    ax.set_yticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=90, fontsize=7)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    ax.set_title(title)
    for i, row in enumerate(matrix):
        for j, n in enumerate(row):
            if n:
                ax.text(
                    j,
                    i,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if shares[i, j] > 0.5 else ("black" if i == j else "red"),
                )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def confusion_markdown(labels: List[str], matrix: List[List[int]]) -> str:
    """Confusion matrix as a markdown table; columns are numbered like the rows, zeros shown as "·"."""
    head = "| expected \\ predicted | " + " | ".join(str(i + 1) for i in range(len(labels))) + " |"
    sep = "|---|" + "---:|" * len(labels)
    lines = [head, sep]
    for i, (name, row) in enumerate(zip(labels, matrix)):
        cells = [(f"**{n}**" if i == j else str(n)) if n else "·" for j, n in enumerate(row)]
        lines.append(f"| {i + 1}. `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _f(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.3f}"


def _per_intent_table(per_intent: Dict[str, dict]) -> List[str]:
    lines = ["| intent | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for name, s in sorted(per_intent.items(), key=lambda kv: (kv[1]["f1"], kv[0])):
        lines.append(f"| `{name}` | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
    return lines


def _confusions(rows: List[dict]) -> List[str]:
    if not rows:
        return ["No confusion."]
    lines = []
    for c in rows:
        examples = " ; ".join(f"« {t} »" for t in c["examples"])
        lines.append(f"- `{c['expected']}` → `{c['predicted']}` ×{c['count']}: {examples}")
    return lines


def render_markdown(document: dict) -> str:
    """The human-readable report (``report.md``)."""
    out = [f"# NLU evaluation report — {document['date']}", ""]
    if document.get("model"):
        out += [f"Model: `{document['model']}`", ""]
    base = document.get("baseline")
    out += ["## Comparison with the baseline", ""]
    if base:
        out += [
            f"Baseline: `bench/evaluation_baseline.json` ({base.get('date')}, model `{base.get('model')}`). "
            f"The build fails when intent macro-F1 drops by more than {document['max_drop'] * 100:.0f} point.",
            "",
        ]
    else:
        out += ["No baseline found: nothing compared (write one with `python -m bot evaluate --write-baseline`).", ""]
    out += ["| held-out file | baseline macro-F1 | current | Δ | verdict |", "|---|---:|---:|---:|---|"]
    for row in document["comparison"]:
        verdict = "no baseline" if row["baseline"] is None else ("**REGRESSION**" if row["regression"] else "ok")
        delta = "—" if row["delta"] is None else f"{row['delta']:+.3f}"
        out.append(f"| {row['file']} | {_f(row['baseline'])} | {_f(row['current'])} | {delta} | {verdict} |")
    out.append("")
    for name, drops in (document.get("intent_drops") or {}).items():
        if drops:
            listed = ", ".join(f"`{d['intent']}` {d['baseline']:.3f} → {d['current']:.3f}" for d in drops)
            out += [f"Intents that lost F1 on {name}: {listed}.", ""]
    cv = document.get("cross_validation")
    if cv:
        folds = ", ".join(f"{v:.3f}" for v in cv["fold_macro_f1"])
        out += (
            [
                "## Cross-validation on the training data",
                "",
                f"{cv['folds']}-fold stratified cross-validation of the linear intent classifier's sklearn core "
                f"(tf-idf + LinearSVC, `bot/rasa_plugins/nlu/linear_classifier.py`) on {cv['examples']} examples of `data/nlu/`: "
                f"intent macro-F1 **{cv['macro_f1_mean']:.3f}** ± {cv['macro_f1_std']:.3f} (folds: {folds}). "
                "No fallback threshold here: the best intent is always taken.",
                "",
                "Worst out-of-fold confusions:",
                "",
            ]
            + _confusions(cv["worst_confusions"])
            + [""]
        )
        weakest = sorted(cv["per_intent"].items(), key=lambda kv: kv[1]["f1"])[:5]
        out += ["Weakest intents: " + ", ".join(f"`{k}` {v['f1']:.3f}" for k, v in weakest) + ".", ""]
    for name, r in document["holdout"].items():
        out += (
            [
                f"## {name}",
                "",
                f"{r['examples']} examples; intent macro-F1 **{r['intent_macro_f1']:.3f}**, accuracy "
                f"{r['intent_accuracy']:.3f}, nlu_fallback rate {r['fallback_rate']:.3f}.",
                "",
                "### Worst confusions",
                "",
            ]
            + _confusions(r["worst_confusions"])
            + [""]
        )
        out += ["### Per intent (weakest first)", ""] + _per_intent_table(r["per_intent"]) + [""]
        out += [
            "### Confusion matrix",
            "",
            f"Picture: [{png_name(name)}]({png_name(name)}). "
            "Rows: expected intent; columns: predicted (numbered like the rows); diagonal in bold.",
            "",
            confusion_markdown(r["labels"], r["matrix"]),
            "",
        ]
    return "\n".join(out)


def write_report(document: dict, out_dir: Path) -> Dict[str, Path]:
    """Writes report.json, report.md and the PNGs into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {"json": out_dir / "report.json", "markdown": out_dir / "report.md"}
    written["json"].write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    written["markdown"].write_text(render_markdown(document), encoding="utf-8")
    for name, r in document["holdout"].items():
        if r["labels"]:
            written[name] = plot_confusion(
                r["labels"],
                r["matrix"],
                out_dir / png_name(name),
                f"{name}: intent confusion (macro-F1 {r['intent_macro_f1']:.3f})",
            )
    return written
