"""The inbox doors only Rasa sees: refused suggestions, second fallbacks, low-confidence predictions.

The action server files the first "did you mean …?" fallback (``actions/fallback.py``). Three other
kinds of turn tell a maintainer that the model is weak, and no custom action runs for them, so the
tracker store (``bot.rasa_plugins.ttl_tracker_store`` in memory, ``bot.rasa_plugins.redis_tracker_store`` with Redis) hands each
turn's new events to :func:`feed` through :func:`feed_since`:

* ``refused``: the visitor answered the "did you mean" buttons with "Autre chose" (``out_of_scope``) or
  said no (``deny``): the question they had asked is filed;
* ``second_fallback``: the next message was not understood either (Rasa's two-stage fallback gives up
  with ``utter_default``; the action server never sees it): that message is filed;
* ``low_confidence``: an intent was acted on with a confidence under the band ``INBOX_LOW_CONFIDENCE``
  (default 0.5), i.e. above the FallbackClassifier threshold (0.3) but not by much.

Same privacy as the fallback door: only the text Rasa received (privacy-filtered by the web front,
scrubbed again by ``knowledge.inbox``), the best intent and its confidence; nothing of the sender, the
session or the time of day reaches the inbox.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from knowledge.inbox import LOW_CONFIDENCE, REFUSED, SECOND_FALLBACK, record_misunderstood

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "nlu_fallback"
TWO_STAGE_FALLBACK = "action_two_stage_fallback"
#: answers to "did you mean …?" that refuse the suggestions ("Autre chose" sends /out_of_scope)
REFUSALS = ("out_of_scope", "deny")
DEFAULT_BAND = 0.5


@dataclass(frozen=True)
class Misunderstood:
    """One turn to file: the text, the best real intent and its confidence, and why."""

    text: str
    intent: Optional[str]
    confidence: Optional[float]
    reason: str


def low_confidence_band() -> float:
    """``INBOX_LOW_CONFIDENCE`` (0 switches this door off), default 0.5."""
    try:
        return float(os.environ.get("INBOX_LOW_CONFIDENCE", DEFAULT_BAND))
    except ValueError:
        return DEFAULT_BAND


def best_guess(parse_data: dict) -> Tuple[Optional[str], Optional[float]]:
    """The best intent other than ``nlu_fallback``, and its confidence."""
    intent = parse_data.get("intent") or {}
    if intent.get("name") and intent.get("name") != FALLBACK_INTENT:
        return intent["name"], intent.get("confidence")
    for item in parse_data.get("intent_ranking") or []:
        if item.get("name") and item.get("name") != FALLBACK_INTENT:
            return item["name"], item.get("confidence")
    return None, None


def misunderstood_turns(events: Sequence[dict], start: int, band: float = DEFAULT_BAND) -> List[Misunderstood]:
    """The turns to file among ``events[start:]`` (serialised Rasa events); earlier events give context."""
    found: List[Misunderstood] = []
    loop = False
    previous_intent: Optional[str] = None
    pending: Optional[Misunderstood] = None  # the last question that got "did you mean …?"
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind == "active_loop":
            loop = event.get("name") == TWO_STAGE_FALLBACK
            if not loop:
                pending = None
            continue
        if kind in ("restart", "session_started"):
            loop, previous_intent, pending = False, None, None
            continue
        if kind != "user":
            continue
        parse = event.get("parse_data") or {}
        name = (parse.get("intent") or {}).get("name")
        text = event.get("text") or ""
        command = text.startswith("/")
        if index >= start:
            if loop and name == FALLBACK_INTENT and previous_intent == FALLBACK_INTENT and not command:
                found.append(Misunderstood(text, *best_guess(parse), SECOND_FALLBACK))
            elif loop and name in REFUSALS and pending is not None:
                found.append(Misunderstood(pending.text, pending.intent, pending.confidence, REFUSED))
                pending = None  # a refusal counts once
            elif name not in (None, FALLBACK_INTENT) and not command and band > 0:
                confidence = (parse.get("intent") or {}).get("confidence")
                if confidence is not None and confidence < band:
                    found.append(Misunderstood(text, name, confidence, LOW_CONFIDENCE))
        if name == FALLBACK_INTENT and not command:
            pending = Misunderstood(text, *best_guess(parse), REFUSED)
        previous_intent = name
    return found


Recorder = Callable[[str, Optional[str], Optional[float], str], Optional[int]]


def feed(
    events: Sequence[dict], start: int, band: Optional[float] = None, record: Recorder = record_misunderstood
) -> int:
    """Files the turns of ``events[start:]`` that belong in the inbox; returns how many. Never raises."""
    try:
        turns = misunderstood_turns(events, start, low_confidence_band() if band is None else band)
        for turn in turns:
            record(turn.text, turn.intent, turn.confidence, turn.reason)
        return len(turns)
    except Exception:  # noqa: BLE001 - the visitor's answer matters more than the inbox
        logger.warning("inbox feed failed", exc_info=False)
        return 0


def serialised(events: Sequence) -> List[Dict]:
    """Rasa events as dicts (``Event.as_dict``)."""
    return [e.as_dict() for e in events]


def last_event_time(stored: Optional[Union[str, bytes]]) -> float:
    """Timestamp of the last event of a serialised tracker as a store holds it (0 when none)."""
    if not stored:
        return 0.0
    try:
        events = json.loads(stored).get("events") or []
        return float(events[-1].get("timestamp") or 0.0) if events else 0.0
    except (ValueError, TypeError, AttributeError):
        return 0.0


def feed_since(events: Sequence, stored: Optional[Union[str, bytes]]) -> int:
    """Files what the events newer than the ``stored`` tracker's last one hold (a tracker store calls
    this on each save, before it writes): works for any store and any number of Rasa instances, since
    it needs nothing but the stored tracker. Never raises."""
    return feed_after(events, last_event_time(stored))


def feed_after(events: Sequence, last: float) -> int:
    """Files what the events with a timestamp after ``last`` hold (``last``: the timestamp of the
    stored tracker's last event, 0 for a new conversation). Never raises."""
    try:
        as_dicts = serialised(events)
    except Exception:  # noqa: BLE001 - the visitor's answer matters more than the inbox
        logger.warning("inbox feed failed", exc_info=False)
        return 0
    return feed_serialised_after(as_dicts, last)


def feed_serialised_after(as_dicts: Sequence[dict], last: float) -> int:
    """:func:`feed_after` for events already serialised (``Event.as_dict``). Never raises."""
    try:
        start = next((i for i, e in enumerate(as_dicts) if float(e.get("timestamp") or 0.0) > last), len(as_dicts))
    except Exception:  # noqa: BLE001 - the visitor's answer matters more than the inbox
        logger.warning("inbox feed failed", exc_info=False)
        return 0
    return feed(as_dicts, start) if start < len(as_dicts) else 0
