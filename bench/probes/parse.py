"""NLU parse (intent, confidence, entities, ranking top 3, selector) of each probe, with the model of the current
inputs: ``python bench/probes/parse.py bench/probes_written.yml OUT.jsonl``."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import yaml

from bot.evaluate import _parse_all
from bot.training import ensure_model


def main() -> None:
    probes = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))["probes"]
    parsed = asyncio.run(_parse_all(ensure_model(), [probe["text"] for probe in probes]))
    with Path(sys.argv[2]).open("w", encoding="utf-8") as out:
        for probe, parse in zip(probes, parsed):
            rec = {
                "id": probe["id"],
                "text": probe["text"],
                "intent": parse["intent"],
                "ranking": (parse.get("intent_ranking") or [])[:3],
                "entities": [
                    {k: e.get(k) for k in ("entity", "value", "role", "extractor") if e.get(k) is not None}
                    for e in parse.get("entities", [])
                ],
                "response_selector": {
                    k: {
                        "response": (v.get("response") or {}).get("utter_action"),
                        "confidence": (v.get("response") or {}).get("confidence"),
                    }
                    for k, v in (parse.get("response_selector") or {}).items()
                    if k != "all_retrieval_intents"
                },
                "normalised": parse.get("text"),
            }
            out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            print(rec["id"], rec["intent"]["name"], round(rec["intent"]["confidence"], 2), flush=True)


if __name__ == "__main__":
    main()
