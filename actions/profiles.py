"""Working out the person's situation (profile) from what they said. Pure functions."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Optional, Sequence, Set

from actions.slots import PROFILES
from knowledge.textnorm import normalise

# A question on these topics tells us the situation even when the person did not state it.
INTENT_PROFILE = {
    "ask_youth": "jeune",
    "ask_disability": "handicap",
    "ask_executive": "cadre",
    "ask_unemployment": "demandeur_emploi",
    "ask_business_creation": "createur",
    "ask_studies": "etudiant",
    "ask_transition_project": "salarie",
}

# On these topics the right interlocutor depends on the situation: ask for it when unknown.
ASK_PROFILE_INTENTS = frozenset(
    {
        "ask_orientation",
        "ask_career_change",
        "ask_cep",
        "ask_skills_assessment",
        "ask_job_search",
        "ask_training",
        "ask_transition_project",
    }
)

# After the answer on these topics the operator for the situation is always named (or the situation
# asked, see ASK_PROFILE_INTENTS); on the others only when the message states a situation or a place.
REFER_TOPICS = ASK_PROFILE_INTENTS.union({"ask_disability", "ask_youth", "ask_executive"}) - {"ask_training"}

YOUTH_MIN_AGE, YOUTH_MAX_AGE = 16, 25

# Words that name an operator and so tell the situation ("un conseiller pôle emploi"), normalised.
_OPERATOR_WORDS = re.compile(r"(?<![a-z])(pole emploi|france travail|anpe|chomage)(?![a-z])")


def profile_from_words(text: Optional[str]) -> Optional[str]:
    """``demandeur_emploi`` when the message names France Travail (or Pôle emploi), else None."""
    return "demandeur_emploi" if _OPERATOR_WORDS.search(normalise(str(text or ""))[:500]) else None


# Where an age stands against the Missions locales' 16-25 (:func:`age_band`).
BELOW_YOUTH, YOUTH, ABOVE_YOUTH = "below", "youth", "above"


def age_band(age: Any) -> Optional[str]:
    """``below`` (under 16), ``youth`` (16 to 25) or ``above`` (over 25) for an age, None when it is no number.
    The one age rule of the referral: :func:`profile_from_age` and the answers that depend on the age read it."""
    try:
        years = float(age)
    except (TypeError, ValueError):
        return None
    if years != years:  # NaN
        return None
    if years < YOUTH_MIN_AGE:
        return BELOW_YOUTH
    return YOUTH if years <= YOUTH_MAX_AGE else ABOVE_YOUTH


def profile_from_age(age: Any) -> Optional[str]:
    """``jeune`` for 16 to 25 year-olds, else None (age alone says nothing more)."""
    return "jeune" if age_band(age) == YOUTH else None


def known_age(entities: Iterable[Mapping[str, Any]] = (), slot_age: Any = None) -> Any:
    """The person's age as last stated: in the latest message (its last ``age`` entity), else the ``age`` slot.
    A parent's "mon fils de 30 ans" is the age of the person the question is about (the age extractor's own
    convention, bot/rasa_plugins/nlu/number_entities.py)."""
    ages = entity_values(entities, "age")
    return ages[-1] if ages else slot_age


# The situation question (buttons), and its shorter wording for the next turn: the same question is never
# asked twice in a row ("31 ans" answered to it says no situation).
ASK_PROFILE = "utter_ask_profile"
ASK_PROFILE_AGAIN = "utter_ask_profile_again"


def previous_bot_responses(events: Sequence[Mapping[str, Any]]) -> Set[str]:
    """The responses the bot said in its turn before the visitor's latest message (``utter_action`` of its
    ``bot`` events), read from the tracker's events."""
    said: Set[str] = set()
    users = 0
    for event in reversed(events or ()):
        users += event.get("event") == "user"
        if users == 2:  # back at the visitor's previous message: the bot's turn in between was read
            break
        if users and event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                said.add(str(name))
    return said


def profile_just_asked(events: Sequence[Mapping[str, Any]]) -> bool:
    """The bot's previous turn asked the situation (either wording): the latest message answers it."""
    return bool(previous_bot_responses(events) & {ASK_PROFILE, ASK_PROFILE_AGAIN})


def profile_question(events: Sequence[Mapping[str, Any]] = ()) -> str:
    """The response that asks the situation now: the shorter wording right after the question was asked."""
    return ASK_PROFILE_AGAIN if ASK_PROFILE in previous_bot_responses(events) else ASK_PROFILE


def companion_profiles(entities: Iterable[Mapping[str, Any]], profile: Optional[str]) -> Sequence[str]:
    """The other situations a message states beside ``profile`` (the one referred to), whose first operator is
    named too: "ingénieur, je viens d'être licencié" (cadre beside demandeur_emploi), and a young age beside a job
    seeker's situation ("j'ai 22 ans, je touche le RSA")."""
    entities = list(entities)
    others = [v for v in entity_values(entities, "profile") if v in PROFILES and v != profile]
    ages = entity_values(entities, "age")
    if profile == "demandeur_emploi" and ages and profile_from_age(ages[-1]) == "jeune":
        others.append("jeune")
    return tuple(dict.fromkeys(others))


def entity_values(entities: Iterable[Mapping[str, Any]], name: str) -> list:
    """Values of one entity type in a parsed message, in order."""
    return [e.get("value") for e in entities or () if e.get("entity") == name]


def said_situation(entities: Iterable[Mapping[str, Any]]) -> list:
    """The situations and ages a parsed message states (empty when it states none)."""
    return entity_values(entities, "profile") or entity_values(entities, "age")


def infer_profile(
    *,
    entities: Iterable[Mapping[str, Any]] = (),
    slot_profile: Optional[str] = None,
    slot_age: Any = None,
    intent: Optional[str] = None,
) -> Optional[str]:
    """Best guess of the profile: stated now > stated before > age > topic of the question (the 16-25 topic only when
    no stated age is outside 16-25).

    Disability wins over every other stated situation, since Cap emploi is the
    specialised operator whatever the age or status. A question on creating a business makes the person a
    creator whatever their situation ("je suis boulanger, je voudrais ouvrir ma boulangerie": the creators'
    referral, the situation's own operator beside it, see :func:`companion_profiles`).
    """
    stated = [v for v in entity_values(entities, "profile") if v in PROFILES]
    if "handicap" in stated:
        return "handicap"
    if stated and intent == "ask_business_creation":
        return "createur"
    if stated:
        return stated[-1]
    ages = entity_values(entities, "age")
    if ages and profile_from_age(ages[-1]):
        return "jeune"
    if slot_profile in PROFILES:
        return slot_profile
    if intent in INTENT_PROFILE and not (
        INTENT_PROFILE[intent] == "jeune" and age_band(known_age(entities, slot_age)) not in (None, YOUTH)
    ):
        return INTENT_PROFILE[intent]  # the topic's situation, unless a stated age contradicts it (a 16-25 topic at 47)
    return profile_from_age(slot_age)
