"""Two-stage fallback: "did you mean …?" with buttons (replaces Rasa's default affirmation)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import places
from actions.answers import say_answer
from actions.nlu_output import selector_ranking
from actions.operators import ActionHandleInform, refer, statement_topic
from actions.safety import answers_on_error
from actions.support import acknowledge_difficulty
from knowledge import faq
from knowledge.inbox import record_misunderstood

LABELS_FILE = Path(__file__).with_name("intent_labels.yml")
MAX_SUGGESTIONS = 2
# Labelled intents that are about the assistant or a place, not a subject the visitor may come back to.
NOT_TOPICS = frozenset({"find_access_point", "talk_to_human", "ask_privacy", "ask_capabilities", "ask_opening_hours"})


@lru_cache(maxsize=1)
def intent_labels() -> Dict[str, str]:
    """French label of each intent that may be suggested."""
    with LABELS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def suggestions(
    intent_ranking: List[Dict[str, Any]], limit: int = MAX_SUGGESTIONS, topic: Optional[str] = None
) -> List[str]:
    """Best intents of the ranking that have a label, best first; the conversation's ``topic`` first
    when there is one ("c'est combien ?" just after a question on the skills assessment)."""
    labels = intent_labels()
    names = [topic] + [item.get("name") for item in intent_ranking or []]
    ordered = [name for name in names if name in labels]
    return list(dict.fromkeys(ordered))[:limit]


def conversation_topic(events: List[Dict[str, Any]]) -> Optional[str]:
    """The topic of the visitor's last understood question before this message (a labelled intent other
    than the assistant's own subjects), or None."""
    labels = intent_labels()
    users = [e for e in events or [] if e.get("event") == "user"]
    for event in reversed(users[:-1]):  # the last user event is the message being answered
        name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if name in labels and name not in NOT_TOPICS:
            return name
    return None


def _to_inbox(message: Dict[str, Any], ranking: List[Dict[str, Any]]) -> None:
    """Files the misunderstood (already privacy-filtered) text in the anonymous inbox, without the sender."""
    text = message.get("text") or ""
    if not text or text.startswith("/"):
        return
    best = next((r for r in ranking if r.get("name") not in (None, "nlu_fallback")), {})
    record_misunderstood(text, best.get("name"), best.get("confidence"))


class ActionDefaultAskAffirmation(Action):
    """Offers the most likely topics as buttons, plus "Autre chose"."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        ranking = message.get("intent_ranking") or []
        _to_inbox(message, ranking)
        if statement_topic(tracker) is not None:  # a situation and a project, read as close: both are answered
            return await ActionHandleInform().run(dispatcher, tracker, domain)
        acknowledge_difficulty(dispatcher, tracker)  # "j'en peux plus…": one sentence before the question
        # A place named in an unclear question gets the local answer instead of "did you mean".
        events = places.answer_place_in_message(dispatcher, message, tracker.current_slot_values())
        if events is not None:
            return events  # answered for that place; the buttons under the list lead on
        # The selector all but certain of an answer of one of the two closest topics: that answer, not a question.
        key = faq.unclear_answer(message.get("text"), ranking, selector_ranking(message))
        if key is not None:
            answer = say_answer(dispatcher, tracker, key)  # the answer that speaks to the person (actions/answers.py)
            return refer(dispatcher, tracker, always=False, intent=answer.topic if answer.replaced else None)
        names = suggestions(ranking, topic=conversation_topic(tracker.events))
        if not names:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        buttons = [{"title": intent_labels()[n].capitalize(), "payload": f"/{n}"} for n in names]
        buttons.append({"title": "Autre chose", "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []
