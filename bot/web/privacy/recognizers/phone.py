"""French and international phone numbers."""

from __future__ import annotations

import re
from typing import List

import phonenumbers
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .base import FrenchRecognizer, recognizer_result


class PhoneRecognizer(FrenchRecognizer):
    """French and international phone numbers (06 12 34 56 78, 06.12..., +33 6..., 0033..., +44 20...).

    Two sources: python-phonenumbers (region FR, numbers it considers valid) and two regexes that
    catch any French ten-digit number and any ``+``/``00`` international number of 8 to 15 digits,
    valid or not (privacy first).
    """

    ENTITY = "TELEPHONE"

    _FR_NATIONAL = re.compile(r"(?<![\d+])0[ ]?[1-9](?:[ .\-]?\d{2}){4}(?!\d)")
    _INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)[ ]?[1-9]\d{0,2}(?:[ ]?\(0\))?(?:[ .\-]?\d{1,4}){2,6}(?!\d)")
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the phone numbers found in ``text``."""
        spans: set[tuple[int, int]] = set()
        for match in phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID):
            if sum(c.isdigit() for c in match.raw_string) >= 8:
                spans.add((match.start, match.end))
        for match in self._FR_NATIONAL.finditer(text):
            spans.add(match.span())
        for match in self._INTERNATIONAL.finditer(text):
            if 8 <= sum(c.isdigit() for c in match.group()) <= 15:
                spans.add(match.span())
        return [recognizer_result(self, "TELEPHONE", start, end, self.SCORE) for start, end in sorted(spans)]
