"""The crisis answer and its sourced helplines (knowledge/crisis.yml).

The response ``utter_crisis_support`` of domain.yml is generated from ``answer_fr`` by
``python -m knowledge.build_faq_responses``; each helpline's numbers, facts and sources have their one home
in crisis.yml. Standard library, PyYAML and jsonschema (through knowledge.kb) only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from knowledge.faq import check_answer_text
from knowledge.kb import KnowledgeError, validate

CRISIS_FILE = Path(__file__).resolve().parent / "crisis.yml"
#: The domain response that says the crisis answer (data/rules/distress.yml).
RESPONSE = "utter_crisis_support"


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def load_crisis(path: Path = CRISIS_FILE) -> Tuple[str, List[Dict[str, Any]]]:
    """The crisis answer and the helplines of ``path``, validated.

    Each helpline is checked against the schema's ``helpline`` (numbers, facts, ``source``, ``checked``,
    ``applies_from``); the answer must be short, in the vouvoiement, and give every number of every helpline,
    as a whole number ("15", not the "15" of "1500"). Raises :class:`knowledge.kb.KnowledgeError`.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(data, "crisis_file", "crisis")
    helplines = []
    for index, record in enumerate(data["helplines"]):
        where = f"crisis.helplines.{record.get('id') if isinstance(record, dict) else index}"
        validate(record, "helpline", where)
        helplines.append(record)
    answer = _clean(data["answer_fr"])
    try:
        check_answer_text("crisis.answer_fr", answer)
    except ValueError as error:
        raise KnowledgeError(str(error)) from None
    for record in helplines:
        for phone in record["phones"]:
            if not re.search(rf"(?<!\d){phone}(?!\d)", answer):
                raise KnowledgeError(f"crisis.answer_fr: the number {phone} of {record['id']} is not given")
    return answer, helplines


@lru_cache(maxsize=1)
def crisis_answer() -> str:
    """The French crisis answer (``answer_fr`` of crisis.yml)."""
    return load_crisis()[0]


def responses() -> Dict[str, List[Dict[str, str]]]:
    """The generated domain response of the crisis answer."""
    return {RESPONSE: [{"text": crisis_answer()}]}
