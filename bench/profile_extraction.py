"""Scores the rule extractors of the person's situation (`profile`) and `age` alone, without a Rasa model.

Each example of a held-out NLU file is read with Rasa's own reader (``load_data``, as ``bot/evaluate.py`` does),
its text is given to the rules the pipeline components apply (``find_profiles`` of
``bot/rasa_plugins/nlu/profile_extractor.py``, ``check_numbers(text, [])`` of ``number_entities.py``: the stated
ages, DIET's guesses left out) and the found values are compared with the gold ones, matched on normalised value
per line as ``bot.evaluate.entity_counts`` does. Prints precision, recall and F1 per profile value, for `profile`
overall and for `age`.

    .venv/bin/python bench/profile_extraction.py tests/nlu_holdout.yml tests/nlu_dev_real.yml
    .venv/bin/python bench/profile_extraction.py --errors tests/nlu_dev_real.yml
    .venv/bin/python bench/profile_extraction.py --section "profile collection, 2026-12-02" tests/nlu_dev_real.yml

``--errors`` lists each false positive and false negative with its line; it refuses the BLIND file
(``tests/nlu_holdout_real.yml``), whose errors must not be read. ``--section TITLE`` scores only the examples after
the comment line holding TITLE (up to the end of the file), ``--before-section TITLE`` only those before it; both
together, the examples between the two comment lines.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Set, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BLIND = ("nlu_holdout_real.yml", "nlu_holdout_places.yml")
VALUES = ("jeune", "demandeur_emploi", "salarie", "cadre", "handicap", "createur", "etudiant", "autre")

Example = Tuple[str, List[dict]]  # text, gold entities


def predict(text: str) -> List[dict]:
    """The `profile` and `age` entities the rules find in ``text``, as the components would set them."""
    from bot.rasa_plugins.nlu.number_entities import check_numbers
    from bot.rasa_plugins.nlu.profile_extractor import find_profiles

    return find_profiles(text) + [e for e in check_numbers(text, []) if e.get("entity") == "age"]


def _key(entity: dict) -> Tuple[str, str]:
    from bot.evaluate import _norm

    return entity["entity"], _norm(entity["value"])


def line_errors(gold: List[dict], predicted: List[dict]) -> Tuple[Counter, Counter, Counter]:
    """(true positives, false positives, false negatives) of one line, as counters of (type, value)."""
    g = Counter(_key(e) for e in gold if e.get("entity") in ("profile", "age"))
    p = Counter(_key(e) for e in predicted if e.get("entity") in ("profile", "age"))
    tp = g & p
    return tp, p - tp, g - tp


def count(pairs: Iterable[Tuple[List[dict], List[dict]]]) -> Dict[str, Counter]:
    """tp/fp/fn per profile value, for `profile` overall and for `age`."""
    counts: Dict[str, Counter] = {name: Counter() for name in (*VALUES, "profile", "age")}
    for gold, predicted in pairs:
        for kind, found in zip(("tp", "fp", "fn"), line_errors(gold, predicted)):
            for (etype, value), n in found.items():
                if etype == "profile":
                    counts.setdefault(value, Counter())[kind] += n
                counts[etype][kind] += n
    return counts


def prf(c: Counter) -> Tuple[float, float, float]:
    """Precision, recall, F1 (1.0 when there is nothing to find and nothing found)."""
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return precision, recall, f1


def read_examples(path: Path, section: str = "", before_section: str = "") -> List[Example]:
    """(text, gold entities) of every example of ``path``, optionally only after ``section``'s comment line and / or
    before ``before_section``'s (both given: the examples between the two comment lines)."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = [(m.get("text"), m.get("entities") or []) for m in load_data(str(path)).intent_examples]
    if section:
        after = _texts_after(path, section)
        examples = [e for e in examples if e[0] in after]
    if before_section:
        after = _texts_after(path, before_section)
        examples = [e for e in examples if e[0] not in after]
    return examples


def _texts_after(path: Path, title: str) -> Set[str]:
    """Texts of the examples after the first comment line holding ``title``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("#") and title in line), None)
    if at is None:
        raise SystemExit(f"no comment line holding {title!r} in {path}")
    return {m.get("text") for m in _load_text("".join(lines[:1] + ["nlu:\n"] + lines[at:]))}


def _load_text(yaml_text: str):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    return RasaYAMLReader().reads(yaml_text).intent_examples


def report(name: str, examples: Sequence[Example]) -> Dict[str, Counter]:
    counts = count((gold, predict(text)) for text, gold in examples)
    print(f"\n{name}: {len(examples)} examples")
    print(f"{'':18} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for label in (*VALUES, "profile", "age"):
        c = counts.get(label, Counter())
        if label in VALUES and not (c["tp"] + c["fp"] + c["fn"]):
            continue
        p, r, f = prf(c)
        shown = f"= {label}" if label in ("profile", "age") else f"  {label}"
        print(f"{shown:18} {p:6.3f} {r:6.3f} {f:6.3f} {c['tp']:4} {c['fp']:3} {c['fn']:3}")
    return counts


def print_errors(examples: Sequence[Example]) -> None:
    for text, gold in examples:
        predicted = predict(text)
        _, fp, fn = line_errors(gold, predicted)
        for kind, found in (("FP", fp), ("FN", fn)):
            for (etype, value), _n in sorted(found.items()):
                print(f"{kind} {etype}={value}: {text}")


def main(argv: "List[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--errors", action="store_true", help="print each false positive / negative with its line")
    parser.add_argument("--section", default="", help="only the examples after the comment line holding this")
    parser.add_argument("--before-section", default="", help="only the examples before that comment line")
    args = parser.parse_args(argv)
    blind = [Path(f).name for f in args.files if Path(f).name in BLIND]
    if args.errors and blind:
        parser.error(f"--errors is refused on the BLIND file {blind[0]}: its errors must not be read")
    import logging

    logging.getLogger("rasa").setLevel(logging.ERROR)
    for path in args.files:
        examples = read_examples(path, args.section, args.before_section)
        report(str(path), examples)
        if args.errors:
            print_errors(examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
