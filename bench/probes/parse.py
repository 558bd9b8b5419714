"""NLU parse (intent, confidence, entities, ranking top 3) of each probe with Agent.load on the model."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import yaml
from rasa.core.agent import Agent

from bot.training import ensure_model


async def main() -> None:
    probes = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))["probes"]
    agent = Agent.load(str(ensure_model()))
    with Path(sys.argv[2]).open("w", encoding="utf-8") as out:
        for probe in probes:
            parse = await agent.parse_message(probe["text"])
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
            print(
                rec["id"],
                rec["intent"]["name"],
                round(rec["intent"]["confidence"], 2),
                [(e["entity"], e["value"]) for e in rec["entities"]],
                flush=True,
            )


asyncio.run(main())
