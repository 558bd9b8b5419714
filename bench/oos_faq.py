"""Measures the rule that answers a message classified out of scope with a precise FAQ answer.

`knowledge.faq.out_of_scope_answer` (used by action_answer_out_of_scope) gives the response selector's
answer to a message the intent classifier puts out of scope when the selector is sure of it and the
classifier ranks its topic second. For each candidate (selector confidence, topic confidence, with or
without the administrative guard) it counts, on the lines classified out_of_scope:

* bad: true out-of-scope lines that would now get an FAQ answer instead of the pointer;
* good: in-scope lines that would now get an answer of their own topic;
* wrong: in-scope lines that would now get an answer of another topic.

    PYTHONPATH=. .venv/bin/python bench/oos_faq.py --model M            # choose: dev + team files
    PYTHONPATH=. .venv/bin/python bench/oos_faq.py --model M --report   # the chosen rule on the real file

Choose on tests/nlu_dev_real.yml and tests/nlu_holdout.yml; tests/nlu_holdout_real.yml only to report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge import faq  # noqa: E402

CHOOSE = ("tests/nlu_dev_real.yml", "tests/nlu_holdout.yml")
REPORT = ("tests/nlu_holdout_real.yml",)
ANSWERS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
TOPICS = (0.0, 0.01, 0.02, 0.03, 0.05)


def parse_files(model: Path, files: List[str], cache: Path | None) -> List[Dict]:
    """Every example of ``files`` with its gold intent and the model's parse (cached in ``cache``)."""
    if cache is not None and cache.exists():
        rows = json.loads(cache.read_text())
        if {r["file"] for r in rows} >= set(files):
            return [r for r in rows if r["file"] in files]
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.evaluate import _parse_all

    rows = [
        {"file": f, "text": m.get("text"), "gold": m.get("intent")}
        for f in files
        for m in load_data(str(ROOT / f)).intent_examples
    ]
    parsed = asyncio.run(_parse_all(model, [r["text"] for r in rows]))
    for row, p in zip(rows, parsed):
        row["parse"] = {k: p.get(k) for k in ("intent", "intent_ranking", "response_selector")}
    if cache is not None:
        cache.write_text(json.dumps(rows, ensure_ascii=False))
    return rows


def count(rows: List[Dict], min_answer: float, min_topic: float, guard: bool) -> Dict[str, List[str]]:
    """The bad, good and wrong lines of the rule (see the module docstring)."""
    out: Dict[str, List[str]] = {"bad": [], "good": [], "wrong": []}
    for row in rows:
        p = row["parse"]
        if (p.get("intent") or {}).get("name") != "out_of_scope":
            continue
        ranking = ((p.get("response_selector") or {}).get("default") or {}).get("ranking") or []
        key = faq.out_of_scope_answer(row["text"], p.get("intent_ranking") or [], ranking, min_answer, min_topic, guard)
        if key is None:
            continue
        kind = "bad" if row["gold"] == "out_of_scope" else "good" if key.split("/")[0] == row["gold"] else "wrong"
        out[kind].append(f"{row['file']}: {row['text'][:80]} -> {key}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--report", action="store_true", help="the chosen constants on the real file only")
    parser.add_argument("--cache", type=Path, help="JSON file keeping the parses between runs")
    parser.add_argument("--lines", action="store_true", help="print the lines counted")
    args = parser.parse_args()
    files = list(REPORT if args.report else CHOOSE)
    rows = parse_files(args.model, files, args.cache)
    oos = sum(r["parse"]["intent"]["name"] == "out_of_scope" for r in rows)
    in_scope_as_oos = sum(r["parse"]["intent"]["name"] == "out_of_scope" and r["gold"] != "out_of_scope" for r in rows)
    print(f"files: {', '.join(files)}; {len(rows)} lines, {oos} classified out_of_scope ({in_scope_as_oos} in scope)")
    grid = (
        [(faq.OUT_OF_SCOPE_ANSWER, faq.OUT_OF_SCOPE_TOPIC, True)]
        if args.report
        else [(a, t, g) for g in (False, True) for a in ANSWERS for t in TOPICS]
    )
    print("| selector ≥ | topic ≥ | guard | bad | good | wrong |\n|---|---|---|---|---|---|")
    for a, t, g in grid:
        c = count(rows, a, t, g)
        print(f"| {a} | {t} | {'yes' if g else 'no'} | {len(c['bad'])} | {len(c['good'])} | {len(c['wrong'])} |")
        if args.lines:
            for kind in ("bad", "good", "wrong"):
                for line in c[kind]:
                    print(f"    {kind}: {line}")


if __name__ == "__main__":
    main()
