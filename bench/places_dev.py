"""Place extraction on the DEV real phrasings: location / postal-code precision, recall, F1 (issue 10).

Two sets, both from ``tests/nlu_dev_real.yml`` (never the BLIND file):

* ``places``: the DEV half of the places collection of 2026-12-02 (lines listed in
  ``bench/places_collection/kept.tsv`` and present in the DEV file), lines that name French places;
* ``all``: every DEV line (mostly without a place: what counts there is the false positives).

With ``--model`` the whole trained NLU parses the lines (``bot.evaluate._parse_all``); without it, the
components after DIET with no DIET entity (regex postal codes, number checks, the place extractor), as in
``bench/place_typing.py``: what the gazetteer rules find on their own. Values are matched as in
``bot/evaluate.py`` (normalised value, per line).

Run: ``PYTHONPATH=. .venv/bin/python bench/places_dev.py [--model PATH] [--errors]``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "nlu_dev_real.yml"
COLLECTION = ROOT / "bench" / "places_collection" / "kept.tsv"
TYPES = ("location", "postal_code")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, help="trained model (.tar.gz); without it, the rules alone")
    ap.add_argument("--errors", action="store_true", help="print the lines with a wrong or missed place")
    args = ap.parse_args(argv)

    from rasa.shared.nlu.training_data.loading import load_data

    from bench.place_typing import extractor_parser, model_parser
    from bench.profile_extraction import prf
    from bot.evaluate import _dedupe, _norm, entity_counts

    examples = load_data(str(DEV)).intent_examples
    # the collection's lines as the DEV file holds them (annotations stripped, as the loader strips them)
    collected = {
        _norm(_strip(line.split("\t")[2]))
        for line in COLLECTION.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    texts = [m.get("text") for m in examples]
    gold = [[e for e in m.get("entities") or [] if e.get("entity") in TYPES] for m in examples]
    in_places = [_norm(text) in collected for text in texts]
    parse = model_parser(args.model) if args.model else extractor_parser()
    predicted = [[e for e in _dedupe(p) if e.get("entity") in TYPES] for p in parse(texts)]

    for name, keep in (("places", in_places), ("all", [True] * len(texts))):
        pairs = [(g, p) for g, p, k in zip(gold, predicted, keep) if k]
        counts = entity_counts(pairs, TYPES)
        print(f"{name}: {sum(keep)} lines")
        for etype in TYPES:
            c = counts[etype]
            p, r, f = prf(c)
            print(f"  {etype:12s} P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
    if args.errors:
        for text, g, p in zip(texts, gold, predicted):
            gv = sorted(f"{e['entity']}:{_norm(e['value'])}" for e in g)
            pv = sorted(f"{e['entity']}:{_norm(e['value'])}" for e in p)
            if gv != pv:
                print(f"- {text}\n    gold {gv}\n    got  {pv}")
    return 0


def _strip(annotated: str) -> str:
    import re

    return re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", annotated)


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    sys.exit(main())
