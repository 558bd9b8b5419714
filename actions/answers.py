"""The FAQ answer that fits the person: a precise answer is not given to someone it does not speak to.

The response selector picks an answer for the question's words; the person may have said something that rules it
out. Two cases, read from the latest message and the slots:

* age: the 16-25 answers (Missions locales, CEJ) are not given to a person whose stated age is outside 16-25 (a
  47-year-old who does not know what to do, a parent of a 15-year-old who wants to leave school); over 25, one
  sentence says why, then the adults' orientation answer (the CEP); under 16, school or training is compulsory and
  the CIO advises (``ask_studies/avant_16_ans``), and that answer is not given from 16 on (the Mission locale's
  instead). The age rule is :func:`actions.profiles.age_band`.
* situation: an answer for people who lost their job (``for_job_seekers`` in knowledge/faq/, "inscrivez-vous
  d'abord à France Travail") is not given to a person who states they are employed and not a job seeker (a civil
  servant who wants to change careers): the topic answer instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.profiles import ABOVE_YOUTH, BELOW_YOUTH, YOUTH, age_band, entity_values, known_age
from actions.slots import AGE
from knowledge import faq

# The 16-25 topic: its answers speak to 16-25 year-olds, except those that say who is eligible.
YOUTH_TOPIC = "ask_youth"
YOUTH_ELIGIBILITY_ANSWERS = frozenset({"ask_youth/cej_conditions"})
# Over 25: why not the Mission locale, then the adults' orientation answer (its operator depends on the situation,
# asked when unknown: ask_cep is one of actions.profiles.ASK_PROFILE_INTENTS).
ABOVE_YOUTH_WHY = "utter_youth_age_above"
ABOVE_YOUTH_ANSWER = "ask_cep/general"
# Under 16: compulsory school, then training until 18; the studies topic refers a pupil to the CIO.
BELOW_YOUTH_ANSWER = "ask_studies/avant_16_ans"
# And from 16 the Mission locale's answer to leaving school, in place of the under-16 one.
YOUTH_LEAVING_SCHOOL_ANSWER = "ask_youth/decrochage_16_ans"


@dataclass(frozen=True)
class Answer:
    """The answer to give (``intent/id``), the response that says why first (or None), and whether it replaced the
    selected one."""

    key: str
    why: Optional[str] = None
    replaced: bool = False

    @property
    def topic(self) -> str:
        """The answer's topic intent, which also decides the referral after it."""
        return self.key.split("/", 1)[0]


def answer_for_person(key: str, entities: Iterable[Mapping[str, Any]] = (), slot_age: Any = None) -> Answer:
    """The answer to give instead of ``key`` for what the person said (``entities`` of the latest message, the age
    kept in the slot): see the module docstring. Other answers are kept."""
    entities = list(entities)
    if key.startswith(f"{YOUTH_TOPIC}/") and key not in YOUTH_ELIGIBILITY_ANSWERS:
        band = age_band(known_age(entities, slot_age))
        if band == ABOVE_YOUTH:
            return Answer(ABOVE_YOUTH_ANSWER, ABOVE_YOUTH_WHY, True)
        if band == BELOW_YOUTH:
            return Answer(BELOW_YOUTH_ANSWER, None, True)
    if key == BELOW_YOUTH_ANSWER and age_band(known_age(entities, slot_age)) == YOUTH:
        return Answer(YOUTH_LEAVING_SCHOOL_ANSWER, None, True)  # "j'ai 17 ans, je veux arrêter le lycée"
    situations = set(entity_values(entities, "profile"))
    if faq.for_job_seekers(key) and "salarie" in situations and "demandeur_emploi" not in situations:
        return Answer(f"{key.split('/', 1)[0]}/{faq.GENERAL}", None, True)
    return Answer(key)


def say_answer(dispatcher: CollectingDispatcher, tracker: Tracker, key: str) -> Answer:
    """Utters the answer for the person in place of ``key`` (the why first, when there is one); returns it."""
    answer = answer_for_person(key, (tracker.latest_message or {}).get("entities") or [], tracker.get_slot(AGE))
    if answer.why:
        dispatcher.utter_message(response=answer.why)
    dispatcher.utter_message(response=f"utter_{answer.key}")
    return answer
