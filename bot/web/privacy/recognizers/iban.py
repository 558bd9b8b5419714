"""IBANs: Presidio's own ``IbanRecognizer`` (ISO 13616 formats per country, mod-97 checksum), in French,
plus IBANs typed with odd spacing and French RIBs (bank, branch, account, key)."""

from __future__ import annotations

import re
from typing import List, Optional

import regex
from presidio_analyzer import AnalysisExplanation, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer

from .base import LANGUAGE, FrenchRecognizer, recognizer_result

CONTEXT = ["iban", "rib", "bancaire", "banque", "compte", "virement"]

#: Longest IBAN (ISO 13616) and shortest one, in characters.
_IBAN_MAX, _IBAN_MIN = 34, 15


class IbanRecognizer(PresidioIbanRecognizer):
    """IBAN, spaced in groups of four or not, in capitals or not, kept only when its country's format
    (exact length) and its checksum are right.

    Presidio's patterns want the usual grouping; an IBAN typed otherwise ("FR 76 3000 …",
    "FR76.3000.…", "F R 7 6 …", a last group split in two) is found by a loose pass: from a country
    code and two check digits, the longest run of letters and digits (one or two separators
    between them) whose compact form is a valid IBAN.
    """

    ENTITY = "IBAN"
    _LOOSE = re.compile(
        r"(?i)(?<![a-z0-9])[a-z][ .\-]?[a-z][ .\-]?[0-9][ .\-]?[0-9](?:[ .\-]{0,2}[a-z0-9]){%d,%d}"
        % (_IBAN_MIN - 4, _IBAN_MAX - 4)
    )
    SCORE_LOOSE = 0.9

    def __init__(self) -> None:
        super().__init__(
            context=CONTEXT,
            supported_language=LANGUAGE,
            supported_entity=self.ENTITY,
            exact_match=True,  # the country's format must match the whole IBAN, not a prefix of it
            regex_flags=regex.DOTALL | regex.MULTILINE | regex.IGNORECASE,  # "fr76 …" is typed too
            name=type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Presidio's format and checksum check, on the IBAN in capitals."""
        return bool(super().validate_result(pattern_text.upper()))

    def analyze(
        self,
        text: str,
        entities: List[str],
        nlp_artifacts: Optional[NlpArtifacts] = None,
        regex_flags: Optional[int] = None,
    ) -> List[RecognizerResult]:
        """Presidio's IBANs, then those typed with odd spacing (the loose pass)."""
        results = list(super().analyze(text, entities, nlp_artifacts, regex_flags))
        pos = 0
        while (match := self._LOOSE.search(text, pos)) is not None:
            end = self._longest_valid_end(match)
            pos = end if end is not None else match.start() + 1  # the run may reach into the next IBAN
            if end is not None:
                result = recognizer_result(self, self.ENTITY, match.start(), end, self.SCORE_LOOSE)
                # Presidio's context enhancer writes into the explanation of a pattern recognizer's results
                result.analysis_explanation = AnalysisExplanation(self.name, self.SCORE_LOOSE, "IBAN (loose)")
                results.append(result)
        return results

    def _longest_valid_end(self, match: "re.Match[str]") -> Optional[int]:
        """End offset of the longest prefix of ``match`` whose letters and digits form a valid IBAN."""
        positions = [match.start() + i for i, ch in enumerate(match.group()) if ch.isalnum()]
        compact = "".join(match.string[p] for p in positions)
        for length in range(min(len(compact), _IBAN_MAX), _IBAN_MIN - 1, -1):
            if self.validate_result(compact[:length]):
                return positions[length - 1] + 1
        return None


def iban_is_valid(value: str) -> bool:
    """Whether ``value`` is a well-formed IBAN with a right checksum."""
    return _CHECKER.validate_result(value)


_CHECKER = IbanRecognizer()

# RIB account numbers may hold letters, counted as digits for the key (the Banque de France rule).
_RIB_LETTERS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")


def rib_key_is_valid(bank: str, branch: str, account: str, key: str) -> bool:
    """Whether ``key`` is the RIB key of (bank, branch, account): 97 - (89 b + 15 g + 3 c) mod 97."""
    digits = account.upper().translate(_RIB_LETTERS)
    if not (bank.isdigit() and branch.isdigit() and digits.isdigit() and key.isdigit()):
        return False
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(digits)) % 97 == int(key)


class RibRecognizer(FrenchRecognizer):
    """A French RIB typed without its IBAN ("30004 00031 12345678901 11"), kept only when its key
    is right (so random runs of 23 digits stay)."""

    ENTITY = "IBAN"
    _REGEX = re.compile(
        r"(?<![0-9A-Za-z])(?P<bank>[0-9]{5})[ .\-]?(?P<branch>[0-9]{5})[ .\-]?(?P<account>[0-9A-Za-z]{11})"
        r"[ .\-]?(?P<key>[0-9]{2})(?![0-9A-Za-z])"
    )
    SCORE = 0.85

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the RIBs whose key is right."""
        return [
            recognizer_result(self, self.ENTITY, match.start(), match.end(), self.SCORE)
            for match in self._REGEX.finditer(text)
            if rib_key_is_valid(match["bank"], match["branch"], match["account"], match["key"])
        ]
