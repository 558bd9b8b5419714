"""Memory a conversation takes in the in-memory tracker store, and the time of a save and a read.

Parses a six-turn conversation of real-life messages with the trained model (the parse data Rasa keeps
per message: intent and selector rankings, entities, tokens), adds each turn's bot messages, saves the
tracker through ``TTLInMemoryTrackerStore`` and reports the tracker's JSON size, the size kept, and the
time of ``save`` and ``retrieve`` (median of 200, with the server's speed-ups installed).

Run: `.venv/bin/python bench/tracker_size.py [MODEL]` (by default the model `python -m bot train` builds for the current inputs, which must exist).
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MESSAGES = (
    "bonjour",
    "je suis aide soignante depuis 12 ans et je veux changer de metier",
    "Quimper",
    "c'est quoi le CPF ?",
    "combien j'ai sur mon cpf",
    "merci au revoir",
)


async def conversation(model: str):
    """A tracker holding the six turns, as the stack would store it."""
    from rasa.core.agent import Agent
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    agent = Agent.load(model)
    tracker = DialogueStateTracker("bench", slots=[])
    tracker.update(ActionExecuted("action_session_start"))
    for text in MESSAGES:
        parsed = await agent.parse_message(text)
        tracker.update(UserUttered(text, parsed.get("intent"), parsed.get("entities"), parse_data=parsed))
        tracker.update(ActionExecuted("action_answer_faq"))
        for _ in range(3):  # an answer, the places, the operator: about 400 characters each, with buttons
            buttons = [{"title": "Seulement : Mission locale", "payload": '/find_access_point{"kind":"x"}'}] * 5
            tracker.update(
                BotUttered("Voici les lieux d'accueil gratuits les plus proches. " * 8, {"buttons": buttons})
            )
        tracker.update(ActionExecuted("action_listen"))
    return tracker


def main() -> int:
    from rasa.shared.core.domain import Domain
    from rasa.utils.log_utils import configure_structlog

    from bot.rasa_plugins import speedups
    from bot.rasa_plugins.ttl_tracker_store import TTLInMemoryTrackerStore
    from bot.training import model_path

    configure_structlog(logging.WARNING)
    speedups.install()  # as the Rasa server runs (bot/rasa_plugins/run.py)
    model = sys.argv[1] if len(sys.argv) > 1 else str(model_path())
    tracker = asyncio.run(conversation(model))
    store = TTLInMemoryTrackerStore(Domain.empty())
    json_bytes = len(json.dumps(tracker.as_dialogue().as_dict()).encode("utf-8"))
    saves, reads = [], []
    for _ in range(200):
        start = time.perf_counter()
        asyncio.run(store.save(tracker))
        saves.append(time.perf_counter() - start)
        start = time.perf_counter()
        asyncio.run(store.retrieve("bench"))
        reads.append(time.perf_counter() - start)
    kept = len(store.store["bench"])
    print(f"six-turn conversation: JSON {json_bytes / 1000:.1f} KB, kept {kept / 1000:.1f} KB in the store")
    print(
        f"save {statistics.median(saves) * 1000:.2f} ms, retrieve {statistics.median(reads) * 1000:.2f} ms (median of 200)"
    )
    print(f"10,000 conversations (the store's cap) of this size: {kept * 10_000 / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
