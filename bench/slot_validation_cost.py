"""Cost of `action_validate_slot_mappings` in a Rasa turn: `ActionExtractSlots.run` on a short conversation,
with Rasa's own validation step (the action server is called after every message) and with
bot/rasa_plugins/speedups.py (called only when the message filled `location`), on a message naming a
place and on one naming none. Needs a running action server:

    .venv/bin/python -m rasa run actions --actions actions --port 5816 &
    PYTHONPATH=. .venv/bin/python bench/slot_validation_cost.py 5816
"""

import asyncio
import statistics
import sys
import time

from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from bot.rasa_plugins import speedups

port = int(sys.argv[1])
domain = Domain.load("domain.yml")
endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
speedups.install()


def tracker(text, entities):
    events = []
    for _ in range(5):
        events += [
            ActionExecuted("action_listen"),
            UserUttered("c koi le cpf", {"name": "ask_cpf", "confidence": 0.9}, []),
            ActionExecuted("action_answer_faq"),
            BotUttered("Le CPF finance des formations certifiantes. " * 4),
        ]
    events += [ActionExecuted("action_listen"), UserUttered(text, {"name": "thank", "confidence": 0.9}, entities)]
    return DialogueStateTracker.from_events("x", events, slots=domain.slots)


ents = [
    {"entity": "location", "value": "Calvi", "start": 0, "end": 5},
    {"entity": "location", "value": "Haute-Corse", "start": 9, "end": 20, "role": "qualifier"},
]
cases = {"location entity": tracker("Calvi en Haute-Corse", ents), "no entity": tracker("merci", [])}


async def main():
    action = ActionExtractSlots(endpoint)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    out = CollectingOutputChannel()
    for patched in (False, True):
        from rasa.core.actions import action as mod

        mod.ActionExtractSlots._execute_validation_action = (
            speedups._execute_validation_action if patched else speedups._ORIGINAL_VALIDATION
        )
        for name, t in cases.items():
            times = []
            for i in range(40):
                s = time.perf_counter()
                ev = await action.run(out, nlg, t, domain)
                times.append((time.perf_counter() - s) * 1000)
            print(
                f"{'patched' if patched else 'Rasa   '} {name:16} median {statistics.median(times[5:]):.2f} ms  events {[(e.key, e.value) for e in ev]}"
            )


asyncio.run(main())
