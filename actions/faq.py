"""FAQ answers: the precise answer the response selector found, else the topic answer."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import places
from actions.answers import say_answer
from actions.nlu_output import selector_ranking
from actions.operators import refer
from actions.profiles import REFER_TOPICS, profile_just_asked, said_situation
from actions.safety import answers_on_error
from actions.support import acknowledge_difficulty
from knowledge import faq


class ActionAnswerFaq(Action):
    """Utters ``utter_<intent>/<question>``; when no precise answer is confident enough, the
    topic answer ``utter_<intent>/general`` and the way to a person (``utter_faq_person``).
    A discouraged visitor first gets one sentence of acknowledgement (actions/support.py). An answer that does not
    speak to the person (a 16-25 answer at 47, a job seeker's answer to a civil servant) is replaced
    (actions/answers.py).
    Then, in the same turn, what the message also said: the nearest places for a place it names and
    the operator for the situation (always on REFER_TOPICS, where the situation is asked if unknown), and,
    after an answer that leads to a local place, the offer to find one when no place is known."""

    def name(self) -> Text:
        return "action_answer_faq"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        acknowledge_difficulty(dispatcher, tracker)  # "je suis découragé(e)…": one sentence first
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=True)
        ranking = selector_ranking(latest)
        key, confident = faq.select_answer(intent, ranking, intent_ranking=latest.get("intent_ranking") or [])
        if key is None:
            dispatcher.utter_message(response="utter_default")
            return []
        answer = say_answer(dispatcher, tracker, key)  # the answer that speaks to the person (their age, situation)
        to_a_person = not confident and ranking and not answer.replaced
        if to_a_person:
            dispatcher.utter_message(response="utter_faq_person")
        if answer.replaced:
            intent = answer.topic  # the topic answered decides the referral (ask_cep: the situation, asked if unknown)
        events = refer(dispatcher, tracker, always=intent in REFER_TOPICS, intent=intent)
        if to_a_person or faq.offers_place(answer.key):  # the place is asked once, and not when it is known
            places.offer_place_search(dispatcher, tracker.current_slot_values())
        return events


class ActionAnswerOutOfScope(Action):
    """A message classified out of scope: the precise FAQ answer when the response selector is sure of one
    and the intent classifier ranks its topic next (``knowledge.faq.out_of_scope_answer``), else the
    out-of-scope pointer ``utter_out_of_scope`` (service-public.gouv.fr and France services, the nearest ones when
    the message names a place). A situation
    typed in answer to the situation question ("retraité") gets the referral for it."""

    def name(self) -> Text:
        return "action_answer_out_of_scope"

    @answers_on_error
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        key = faq.out_of_scope_answer(latest.get("text"), latest.get("intent_ranking") or [], selector_ranking(latest))
        if key is not None:
            answer = say_answer(dispatcher, tracker, key)
            if tracker.active_loop_name:
                return []
            return refer(dispatcher, tracker, always=False, intent=answer.topic if answer.replaced else None)
        if (
            not tracker.active_loop_name
            and profile_just_asked(tracker.events)
            and said_situation(latest.get("entities") or [])
        ):
            return refer(dispatcher, tracker)
        dispatcher.utter_message(response="utter_out_of_scope")
        return [] if tracker.active_loop_name else places.say_france_services_near(dispatcher, latest)
