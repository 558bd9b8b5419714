"""Measures a floor on the selector's confidence for a precise FAQ answer of the classified topic.

`knowledge.faq.select_answer` gives a precise answer of the classified topic when its share of the selector's
confidence among that topic's answers reaches PRECISE_THRESHOLD, whatever its own confidence. The end-to-end
probes found such answers given at low confidence that answer another question (the driving-licence aid for a
mother going back to work, "Pas forcément…" about resuming studies). This script replays the bot's choice
(as `bot.evaluate.faq_report` does) on the development files and, for each candidate rule, gives the topic's
general answer instead of an in-topic precise answer whose selector confidence is under a floor (or whose margin
over the selector's second answer is under a floor):

* tests/nlu_dev_faq.yml (gold `intent/key`): **kept right** (a right precise answer kept), **gain** (a wrong
  precise answer replaced by the general answer), **loss** (a right precise answer replaced), and the answer
  accuracy (the general answer is right only for a `…/general` line);
* tests/nlu_dev_real.yml (gold topic only): the lines whose precise answer a rule drops, judged by hand in
  bench/faq_floor_judged.yml (right: the precise answer answers the line), so drops count as gains or losses too;
  then, by band of confidence, the judged right rate extended to the band's unjudged lines.

Baseline: no floor (``precise_min=0``). Results and the choice: bench/faq_floor.md.

    PYTHONPATH=. .venv/bin/python bench/faq_floor.py --model M --cache /tmp/faq_floor.json [--lines]

Only the development files: never tests/nlu_holdout_faq.yml nor the BLIND files.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.oos_faq import parse_files  # noqa: E402
from knowledge import faq  # noqa: E402

FILES = ("tests/nlu_dev_faq.yml", "tests/nlu_dev_real.yml")
FLOORS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
MARGINS = (0.05, 0.1, 0.2, 0.3)

#: tests/nlu_dev_real.yml lines given an in-topic precise answer under 0.5 of selector confidence by the model of
#: main (orientation-d6097e8266278929), judged by hand on 2026-12-02 (see its header); a line missing is "unjudged".
JUDGED_FILE = ROOT / "bench" / "faq_floor_judged.yml"
BANDS = ((0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5))


def judged() -> Dict[str, bool]:
    """Line -> whether its precise answer is right (bench/faq_floor_judged.yml)."""
    import yaml

    return {r["text"]: bool(r["right"]) for r in yaml.safe_load(JUDGED_FILE.read_text(encoding="utf-8"))}


def story_lines() -> Set[str]:
    """The lines of tests/nlu_dev_real.yml's profile and places collections (life stories and place lines, not
    questions), read from the sections of tests/nlu_dev_real_PROVENANCE.md, entity markup removed."""
    out: Set[str] = set()
    story = False
    for line in (ROOT / "tests" / "nlu_dev_real_PROVENANCE.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            story = "Profile collection" in line or "Places collection" in line
        elif story and line.startswith("| ") and len(line.split(" | ")) >= 3:
            text = re.sub(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))", r"\1", line.split(" | ")[1])
            out.add(text.strip())
    return out


def answered(row: Dict, precise_min: float = 0.0) -> Tuple[Optional[str], str, List[Tuple[str, float]]]:
    """The bot's answer (as bot.evaluate.faq_report) with the floor ``precise_min`` (0: none, the baseline), the
    intent, the selector ranking."""
    from bot.evaluate import faq_answer

    ranking = ((row["parse"].get("response_selector") or {}).get("default") or {}).get("ranking") or []
    ranked = [(str(r.get("intent_response_key")), float(r.get("confidence") or 0.0)) for r in ranking]
    key, _, intent = faq_answer(row["text"], row["parse"], precise_min=precise_min)
    return key, intent, ranked


def in_topic_precise(key: Optional[str], intent: str) -> bool:
    """A precise answer of the classified topic (what the floor is about)."""
    return key is not None and key.startswith(f"{intent}/") and not key.endswith(f"/{faq.GENERAL}")


def dropped(key: str, ranked: List[Tuple[str, float]], floor: float, margin: float) -> bool:
    """Whether the rule replaces ``key`` by its topic's general answer."""
    conf = dict(ranked).get(key, 0.0)
    others = [c for k, c in ranked if k != key]
    return conf < floor or (margin > 0 and conf - (max(others) if others else 0.0) < margin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--cache", type=Path, help="JSON file keeping the parses between runs")
    parser.add_argument("--lines", action="store_true", help="print the lines a rule drops, with confidences")
    args = parser.parse_args()
    from rasa.shared.nlu.training_data.loading import load_data

    JUDGED = judged()
    rows = parse_files(args.model, list(FILES), args.cache)
    gold_keys = [
        m.get("intent_response_key") or m.get("intent") for m in load_data(str(ROOT / FILES[0])).intent_examples
    ]
    faq_rows = [r for r in rows if r["file"] == FILES[0]]
    real_rows = [r for r in rows if r["file"] == FILES[1]]
    assert len(gold_keys) == len(faq_rows)
    for row, gold in zip(faq_rows, gold_keys):
        row["gold"] = gold
    candidates = [(f, 0.0) for f in FLOORS] + [(0.0, m) for m in MARGINS]
    prepared = [(r, *answered(r)) for r in faq_rows + real_rows]
    real_precise = [p for p in prepared if p[0]["file"] == FILES[1] and in_topic_precise(p[1], p[2])]
    faq_precise = [p for p in prepared if p[0]["file"] == FILES[0] and in_topic_precise(p[1], p[2])]
    print(
        f"{len(faq_rows)} lines of {FILES[0]} ({len(faq_precise)} with an in-topic precise answer), "
        f"{len(real_rows)} of {FILES[1]} ({len(real_precise)})"
    )
    print(
        "| rule | DEV FAQ kept right | gain | loss | DEV FAQ accuracy | DEV real dropped | judged gain | judged loss |"
        " unjudged |\n|---|---|---|---|---|---|---|---|---|"
    )
    for floor, margin in candidates:
        kept = gain = loss = hits = 0
        for row, key, intent, ranked in prepared:
            if row["file"] != FILES[0]:
                continue
            final = key
            if in_topic_precise(key, intent):
                if dropped(str(key), ranked, floor, margin):
                    final = f"{intent}/{faq.GENERAL}"
                    gain += key != row["gold"]
                    loss += key == row["gold"]
                else:
                    kept += key == row["gold"]
            hits += final == row["gold"]
        drops = [(r, k, i, rk) for r, k, i, rk in real_precise if dropped(str(k), rk, floor, margin)]
        j_gain = sum(JUDGED.get(r["text"]) is False for r, *_ in drops)
        j_loss = sum(JUDGED.get(r["text"]) is True for r, *_ in drops)
        unjudged = sum(r["text"] not in JUDGED for r, *_ in drops)
        rule = f"confidence ≥ {floor}" if margin == 0 else f"margin ≥ {margin}"
        if margin == 0:  # the replay above is what knowledge.faq.select_answer(precise_min=floor) gives
            for row, key, intent, ranked in prepared:
                final = (
                    f"{intent}/{faq.GENERAL}"
                    if in_topic_precise(key, intent) and dropped(str(key), ranked, floor, 0)
                    else key
                )
                assert answered(row, floor)[0] == final, (row["text"], key, final)
        print(
            f"| {rule} | {kept} | {gain} | {loss} | {hits / len(faq_rows):.3f} | {len(drops)} | {j_gain} | {j_loss}"
            f" | {unjudged} |"
        )
    stories = story_lines()
    sections = {
        "all lines": real_precise,
        "the 563 questions": [p for p in real_precise if p[0]["text"] not in stories],
        "the life-story and place lines": [p for p in real_precise if p[0]["text"] in stories],
    }
    for name, lines in sections.items():
        print(
            f"\n{FILES[1]}, {name}, by band of selector confidence (a sampled band's rate extends to its unjudged"
            " lines):\n| confidence | lines | judged | judged right | estimated right | estimated wrong |"
            "\n|---|---|---|---|---|---|"
        )
        for lo, hi in BANDS:
            band = [r for r, k, i, rk in lines if lo <= dict(rk).get(str(k), 0.0) < hi]
            marks = [JUDGED[r["text"]] for r in band if r["text"] in JUDGED]
            right = len(band) * sum(marks) / len(marks) if marks else float("nan")
            print(
                f"| [{lo}, {hi}) | {len(band)} | {len(marks)} | {sum(marks)} | {right:.0f} | {len(band) - right:.0f} |"
            )
    if args.lines:
        for row, key, intent, ranked in sorted(faq_precise + real_precise, key=lambda p: dict(p[3]).get(str(p[1]), 0)):
            conf = dict(ranked).get(str(key), 0.0)
            if conf >= max(FLOORS):
                continue
            second = max((c for k, c in ranked if k != key), default=0.0)
            verdict = (
                ("right" if key == row["gold"] else "wrong")
                if row["file"] == FILES[0]
                else {True: "judged right", False: "judged wrong", None: "unjudged"}[JUDGED.get(row["text"])]
            )
            print(f"{conf:.2f} (2nd {second:.2f}) {verdict} | {row['file']} | {row['text']!r} -> {key}")


if __name__ == "__main__":
    main()
