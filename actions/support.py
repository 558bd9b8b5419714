"""One sentence of acknowledgement for a discouraged visitor, said before the usual answer."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge.distress import is_discouraged

ACKNOWLEDGEMENT = "utter_acknowledge_difficulty"


def acknowledge_difficulty(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Utters ACKNOWLEDGEMENT when the visitor's typed message says they are discouraged ("personne ne veut de
    moi", "je n'y arrive plus"; see knowledge/distress.py); returns whether it did. Button payloads and crisis
    messages (answered by their own rule) get nothing. Reads the message only: nothing is logged or kept."""
    text = str((tracker.latest_message or {}).get("text") or "")
    if not text or text.startswith("/") or not is_discouraged(text):
        return False
    dispatcher.utter_message(response=ACKNOWLEDGEMENT)
    return True
