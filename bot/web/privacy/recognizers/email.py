"""E-mail addresses, plain (Presidio's recognizer with French context) or written out to dodge filters."""

from __future__ import annotations

import re
from typing import List

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer as _PresidioEmailRecognizer

from .base import LANGUAGE, OFFLINE_TLD, FrenchRecognizer, recognizer_result


class EmailRecognizer(_PresidioEmailRecognizer):
    """E-mail addresses; the domain is checked against tldextract's bundled suffix snapshot."""

    CONTEXT = ["mail", "e-mail", "email", "courriel", "adresse", "écrire", "contacter"]

    def __init__(self) -> None:
        super().__init__(context=self.CONTEXT, supported_language=LANGUAGE, supported_entity="EMAIL")
        OFFLINE_TLD("exemple.fr")  # load the bundled suffix snapshot now, not on the first message

    def validate_result(self, pattern_text: str) -> bool:
        """True when the domain ends with a known public suffix (offline)."""
        return OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).suffix != ""


class SpelledEmailRecognizer(FrenchRecognizer):
    """E-mail addresses written out to dodge filters: "jean point dupont at gmail point com",
    "x [at] y [dot] fr", "jean.dupont arobase exemple.fr", "j.d (at) exemple (dot) fr", "a @ b.fr",
    "jean . dupont @ gmail . com", "jean.dupont(a)exemple.fr", "jean.dupont chez gmail point com".

    The domain, rebuilt with dots, must end with a known public suffix (offline tldextract). After
    an unmistakable "@" or "arobase" a bare domain word is enough ("jean.dupont@gmail",
    "jean arobase gmail com"): the address is incomplete but still identifies its owner.
    """

    ENTITY = "EMAIL"

    _DOT = r"(?:[ ]*[\[({<][ ]*(?:dot|point|pt|\.)[ ]*[\])}>][ ]*|[ ]+(?:dot|point)[ ]+|[ ]*\.[ ]*)"
    _ARROBASE = r"ar+obas(?:e|que)?"
    _STRICT_AT = rf"(?:[ ]*[\[({{<][ ]*(?:a|{_ARROBASE}|@)[ ]*[\])}}>][ ]*|[ ]+{_ARROBASE}[ ]+|[ ]*@[ ]*)"
    # "at" and "chez" only with a domain that ends with a public suffix (the main regex)
    _AT = rf"(?:[ ]*[\[({{<][ ]*at[ ]*[\])}}>][ ]*|[ ]+(?:at|chez)[ ]+|{_STRICT_AT})"
    _LOCAL = rf"(?<![\w.@])(?P<local>[a-z0-9_%+\-]+(?:{_DOT}[a-z0-9_%+\-]+){{0,4}})"
    _REGEX = re.compile(rf"(?i){_LOCAL}{_AT}(?P<domain>[a-z0-9\-]+(?:{_DOT}[a-z0-9\-]+){{1,4}})(?![\w])")
    _BARE_DOMAIN = re.compile(rf"(?i){_LOCAL}{_STRICT_AT}(?P<domain>[a-z][a-z0-9\-]+)(?![\w])")
    _DOT_RE = re.compile(rf"(?i){_DOT}")
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the written-out e-mail addresses found in ``text``."""
        results = []
        for match in self._REGEX.finditer(text):
            domain = self._DOT_RE.sub(".", match.group("domain"))
            parts = OFFLINE_TLD(domain)
            if parts.suffix and parts.domain:
                results.append(recognizer_result(self, "EMAIL", match.start(), match.end(), self.SCORE))
        for match in self._BARE_DOMAIN.finditer(text):
            results.append(recognizer_result(self, "EMAIL", match.start(), match.end(), self.SCORE))
        return results
