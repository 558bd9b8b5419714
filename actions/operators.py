"""Naming the right operator for the person's situation, and handling a bare `inform`."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import places
from actions.answers import say_answer
from actions.profiles import (
    ASK_PROFILE_AGAIN,
    ASK_PROFILE_INTENTS,
    infer_profile,
    profile_just_asked,
    profile_question,
    previous_bot_responses,
    said_situation,
)
from actions.nlu_output import selector_ranking
from actions.safety import answers_on_error
from actions.slots import AGE, LOCATION, PROFILE
from actions.support import acknowledge_difficulty
from knowledge import faq

# A statement of situation that also carries a project ("je suis ingénieure et j'aimerais créer ma boîte"):
# the topic answered with it must have at least this intent confidence (held-out scan of 2026-12-01: such
# messages come second at 0.33-0.44; bare situations at 0.21 or less, "au chômage depuis 6 mois" at 0.48).
STATEMENT_TOPIC_SHARE = 0.3


def refer(
    dispatcher: CollectingDispatcher, tracker: Tracker, always: bool = True, intent: Optional[str] = None
) -> List[Dict[Text, Any]]:
    """What follows an answer: the places when the message names one (with the operators when the
    situation is known), else the operator for the situation, or the question of the situation on
    topics where it decides. With ``always`` False, nothing unless the message states a situation.
    ``intent`` is the topic answered when it is not the classified one (an answer given for the person's age)."""
    message = tracker.latest_message or {}
    if intent:
        message = {**message, "intent": {**(message.get("intent") or {}), "name": intent}}
    intent = (message.get("intent") or {}).get("name")
    entities = message.get("entities") or []
    local = places.answer_place_in_message(
        dispatcher,
        message,
        tracker.current_slot_values(),
        ask_profile=intent in ASK_PROFILE_INTENTS,
        events=tracker.events,
    )
    if local is not None:  # "un conseiller pôle emploi à Brest": the local answer for that place
        return local
    if not always and not said_situation(entities):
        return []
    profile = infer_profile(
        entities=entities, slot_profile=tracker.get_slot(PROFILE), slot_age=tracker.get_slot(AGE), intent=intent
    )
    if profile is None:
        if intent in ASK_PROFILE_INTENTS:
            dispatcher.utter_message(response=profile_question(tracker.events))
        return []
    place = places.known_place(tracker.current_slot_values())
    places.say_operators(dispatcher, profile, place, entities)
    return [SlotSet(PROFILE, profile)]


def statement_topic(tracker: Tracker) -> Optional[str]:
    """The retrieval topic a statement of situation also asks about, or None: the intent classifier's best
    topic after ``inform`` with STATEMENT_TOPIC_SHARE or more, or the topic just before ``inform`` when the two
    are the closest (a fallback between them is no real doubt: "je suis ingénieure et j'aimerais créer ma boîte,
    vers Angers" states a situation and asks about a project), unless the visitor is answering the situation
    question (then the statement is only the answer)."""
    message = tracker.latest_message or {}
    if str(message.get("text") or "").startswith("/") or profile_just_asked(tracker.events):
        return None
    topics = set(faq.retrieval_intents())
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if len(ranking) > 1 and ranking[0].get("name") in topics and ranking[1].get("name") == "inform":
        ranking = [ranking[1], ranking[0], *ranking[2:]]
    if not ranking or ranking[0].get("name") != "inform":
        return None
    topic = next((r for r in ranking[1:] if r.get("name") in topics), None)
    if topic is None or float(topic.get("confidence") or 0.0) < STATEMENT_TOPIC_SHARE:
        return None
    return str(topic["name"])


def say_statement_topic(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[str]:
    """Answers the topic of :func:`statement_topic`, if any; returns it."""
    topic = statement_topic(tracker)
    if topic is None:
        return None
    message = tracker.latest_message or {}
    key, _ = faq.select_answer(topic, selector_ranking(message), intent_ranking=message.get("intent_ranking") or [])
    if key is None:
        return None
    return say_answer(dispatcher, tracker, key).topic  # the answer that speaks to the person (actions/answers.py)


class ActionHandleInform(Action):
    """The person gave a place, an age or a situation: answer with what it changes (after one sentence of
    acknowledgement when they say they are discouraged)."""

    def name(self) -> Text:
        return "action_handle_inform"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        entities = (tracker.latest_message or {}).get("entities") or []
        acknowledged = acknowledge_difficulty(dispatcher, tracker)
        topic = say_statement_topic(dispatcher, tracker)
        said_place = places.place_query(entities)
        situation = said_situation(entities)
        events: List[Dict[Text, Any]] = []
        place = None

        profile = infer_profile(
            entities=entities,
            slot_profile=tracker.get_slot(PROFILE),
            slot_age=tracker.get_slot(AGE),
        )
        if said_place:
            resolution = places.resolve(said_place)
            if resolution.status == "ambiguous":
                places.ask_which_place(dispatcher, resolution)
                return [SlotSet(LOCATION, None)]
            if resolution.status == "unknown":
                places.say_unknown(dispatcher, said_place)
                return [SlotSet(LOCATION, None)]
            place = resolution.place
            kinds = places.requested_kinds(tracker.latest_message)
            events += places.say_nearest(dispatcher, place, profile, kinds, resolution=resolution)
            events += places.location_events(entities)
        elif situation:
            place = places.known_place(tracker.current_slot_values())

        if situation and profile is None and ASK_PROFILE_AGAIN in previous_bot_responses(tracker.events):
            # Asked twice, still an age alone: the referral for any situation rather than a third question.
            profile = "autre"
        if situation and profile is None:
            # An age outside 16-25 alone does not tell which operator fits: the question again, reworded
            # when it was just asked.
            dispatcher.utter_message(response=profile_question(tracker.events))
        elif profile is not None:
            places.say_operators(dispatcher, profile, place, entities)
            events.append(SlotSet(PROFILE, profile))
        elif said_place or topic in ASK_PROFILE_INTENTS or (acknowledged and topic is None):
            # "je galère depuis des mois": after the acknowledgement, the situation decides who can help.
            dispatcher.utter_message(response=profile_question(tracker.events))
        elif topic is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return events
