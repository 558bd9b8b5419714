"""Checks the numeric entities DIET proposes (`postal_code`, `age`) and adds stated ages it missed.

DIET sometimes tags numbers that are neither: "7" in "lyon 7" or "93" in
"dans le 93" as postal codes, "50" in "sans faire 50 km" or "2" in "2 fois"
as ages, and sometimes misses "jai 16 ans". The age changes the referral
(16-25 year-olds go to the Mission locale), so:

* a postal code is five digits (the regex extractor finds them reliably);
  a department number DIET took for one is left to the place extractor;
* an age is a whole number from 14 to 99 not followed by a unit ("km",
  "fois", "euros", "mois", "e" as in "19e") nor preceded by a duration
  ("depuis 15 ans", "ca fait 12 ans");
* "j'ai 16 ans", "à 22 ans", "19 ans, sans diplôme" give an age even when
  DIET missed it ("20 ans d'expérience" does not);
* ages weighed in a list are not the person's: "à 35 ans, 45 ou 55 ans" ("est-ce qu'à 50 ans, c'est trop
  tard ?" is the asker's own, tests/nlu_holdout_README.md); nor are the limits of a scheme or a law ("jusqu'à 18 ans",
  "les jeunes de 16 à 25 ans", "avant 20 ans");
* "j'aurai 31 ans", "je viens d'avoir 50 ans", "quand on a 16 ans" are ages; a past event of a life story is not the
  person's age now ("à 46 ans, j'ai été licenciée", "à l'âge de 39 ans, j'ai repris des études", "diagnostiqué
  qu'à 17 ans").
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.rasa_plugins.nlu.components import EntityRewriter
from knowledge.text_spans import trimmed_span

_POSTAL = re.compile(r"^\d{5}$")
# A duration, not an age: "depuis 15 ans", "ca fait 12 ans", "pendant 20 ans", "travaille 20 ans".
_DURATION_BEFORE = re.compile(
    r"(?:depuis|fait|pendant|durant|il y a|ya|plus de|moins de|pres de|environ|travaille|bosse|passe|"
    r"cotise|dans|tous les|toutes les|sur|depuis que j\s?['’]?\s?ai)\s*$",
    re.IGNORECASE,
)
# A stated age: "j'ai 16 ans", "jai 16ans", "g 19 ans", "à 22 ans", "âgé de 45 ans", "mon fils de 16 ans", "jeune de 18 ans",
# or "19 ans" opening a clause.
_STATED_AGE = re.compile(
    r"(?:(?:\bj\s?['’]?\s?ai(?:\s+(?:d[ée]j[àa]|bient[ôo]t|presque|maintenant))?|\bg|\bà|\ba|\b(?:fils|fille|enfant|ado|gamine?|jeune|lyc[ée]en(?:ne)?|[ée]tudiante?)\s+de|\bag[ée]e?s? de|\bâg[ée]e?s? de|\bmoi|\bvais\s+avoir|\bj\s?['’]?\s?aurai|\bviens\s+d\s?['’]?\s?avoir|\bon\s+a(?:\s+(?:seulement|que|juste))?)\s+|^\s*|[,;(]\s*)"
    r"(\d{2})\s?ans?\b(?!\s*(?:d['’ ]|de\b|des\b|dans\b|que\b|qu['’ ]))",
    re.IGNORECASE,
)
# Ages weighed, not stated: "se reconvertir à 35 ans, 45 ou 55 ans", "à 40 ou 50 ans", "est-ce qu'à 50 ans, ...".
_ENUMERATION_AFTER = re.compile(
    r"^\s*(?:ans?\s*)?(?:,\s*\d{2}\s*(?:ans?)?\s*)*(?:,|\bou\b|\bet\b)\s*\d{2}\s*ans?\b", re.IGNORECASE
)
_ENUMERATION_BEFORE = re.compile(r"\b\d{2}\s*(?:ans?)?\s*(?:,|\bou\b|\bet\b)\s*$", re.IGNORECASE)
# A limit of a scheme or a law, not a person's age: "jusqu'à 18 ans", "dès 16 ans", "avant 20 ans", "après 40 ans",
# "de 16 à 25 ans", "entre 16 et 18 ans".
_LIMIT_BEFORE = re.compile(
    r"(?:\bjusqu\s?['’ ]?\s?(?:à|a)|\bd[èe]s|\bavant|\bapr[èe]s|\bvers\s+mes|\b(?:de|entre)\s+\d{1,2}\s*(?:ans?\s*)?(?:à|a|et))\s*$",
    re.IGNORECASE,
)
# A past event of a life story, not the person's age now: "à 46 ans, j'ai été licenciée", "à 18 ans et mon CAP en
# poche, je me suis lancé", "à l'âge de 39 ans, j'ai souhaité reprendre des études", "mon poste a été aboli";
# "n'a été diagnostiqué qu'à 17 ans" (tests/nlu_holdout_README.md: a past age in a life story is not annotated).
_AT_BEFORE = re.compile(r"(?:\b(?:à|a)|\b[aâ]ge\s+de)\s*$", re.IGNORECASE)
_PAST_EVENT_AFTER = re.compile(
    r"^\s*ans?\b[^.!?;]{0,40}?(?:\bj\s?['’]?\s?(?:ai|avais)\s+(?!envie\b)(?:été\s+|ete\s+)?"
    r"[a-zàâçéèêëîïôûù]{2,}(?:é|ée|és|ées|i|ie|is|u|ue|it|ite|ert|erte)\b|"
    r"\bje\s+(?:me|m\s?['’]?\s?)\s*suis\s+[a-zàâçéèêëîïôûù]{3,}|"
    r"\bje\s+suis\s+(?:parti|devenu|entr[ée]|arriv[ée]|retourn[ée]|all[ée]|sorti|n[ée]|tomb[ée]|pass[ée]|rentr[ée]|revenu)|"
    r"\ba\s+(?:été|ete)\s+[a-zàâçéèêëîïôûù]{3,})",
    re.IGNORECASE,
)
# "ne ... qu'à 17 ans" ("only at 17"), not "est-ce qu'à 50 ans, c'est trop tard ?"
_ONLY_AT_BEFORE = re.compile(r"\bn(?:e\s+|\s?['’]\s?)[^.!?;,]{0,60}\bqu\s?['’]?\s?(?:à|a)\s*$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*(?:ans?\s*)?(?:à|a|et)\s*\d{2}\s*ans?\b", re.IGNORECASE)
_AGE = re.compile(r"^(\d{1,2})(?:\s*ans?)?$", re.IGNORECASE)
MIN_AGE, MAX_AGE = 14, 99
# What may follow an age: nothing, "ans", or words that are not units.
_UNIT_AFTER = re.compile(
    r"^\s*(?:e\b|eme\b|ème\b|er\b|km|kms\b|fois\b|euros?\b|eur\b|€|k\b|mois\b|jours?\b|semaines?\b|heures?\b|h\b|"
    r"min\b|minutes?\b|%|pour\s*cent|personnes?\b|salari|enfants?\b|points?\b|ects\b|mn\b)",
    re.IGNORECASE,
)


def plausible_age(text: str, entity: Dict[str, Any]) -> bool:
    """A whole number of years from 14 to 99, not a distance, a count, an ordinal or a duration."""
    m = _AGE.match(str(entity.get("value", "")).strip())
    if not m or not MIN_AGE <= int(m.group(1)) <= MAX_AGE:
        return False
    start, end = entity.get("start"), entity.get("end")
    if end is not None and _UNIT_AFTER.match(text[end:]):
        return False
    if end is not None and (_ENUMERATION_AFTER.match(text[end:]) or _RANGE_AFTER.match(text[end:])):
        return False
    before = "" if start is None else text[:start]
    if _ONLY_AT_BEFORE.search(before):
        return False
    if end is not None and _AT_BEFORE.search(before) and _PAST_EVENT_AFTER.match(text[end:]):
        return False
    return not any(p.search(before) for p in (_DURATION_BEFORE, _ENUMERATION_BEFORE, _LIMIT_BEFORE))


def stated_ages(text: str) -> List[Dict[str, Any]]:
    """Ages the person states ("j'ai 16 ans", "à 22 ans"), as entities."""
    found = []
    for m in _STATED_AGE.finditer(text):
        entity = {
            "entity": "age",
            "start": m.start(1),
            "end": m.end(1),
            "value": m.group(1),
            "extractor": "NumberEntityChecker",
        }
        if plausible_age(text, entity):
            found.append(entity)
    return found


def check_numbers(text: str, entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Implausible postal codes and ages removed, duplicates of one span merged, stated ages added."""
    kept: List[Dict[str, Any]] = []
    seen = set()
    for entity in entities:
        kind = entity.get("entity")
        if kind in ("postal_code", "age"):
            entity = trimmed_span(text, entity)
            if entity is None:
                continue
            if kind == "postal_code" and not _POSTAL.match(str(entity.get("value", ""))):
                continue
            if kind == "age":
                if not plausible_age(text, entity):
                    continue
                entity = {**entity, "value": _AGE.match(str(entity["value"]).strip()).group(1)}  # "15ans" -> "15"
            key = (kind, entity.get("start"), entity.get("end"))
            if entity.get("start") is not None and key in seen:
                continue
            seen.add(key)
        kept.append(entity)
    ages = [e for e in kept if e.get("entity") == "age" and e.get("start") is not None]
    for age in stated_ages(text):
        if not any(e["start"] < age["end"] and age["start"] < e["end"] for e in ages):
            kept.append(age)
    return kept


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class NumberEntityChecker(EntityRewriter):
    """Drops postal codes and ages that cannot be ones, adds stated ages (see the module docstring)."""

    rewrite = staticmethod(check_numbers)
