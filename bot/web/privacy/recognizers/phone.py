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

    Two sources: python-phonenumbers (region FR, numbers it considers valid) and regexes that
    catch any French ten-digit number and any ``+``/``00`` international number of 8 to 15 digits
    ("(+33) 6 ...", "+1 (555) 123-4567" too), valid or not (privacy first). A French number may also be typed with
    other separators or groupings ("06/39/98/12/34", "063 998 1234", "0 6 3 9 ...",
    "06 - 39 - 98"): ten digits from a 0, in groups of at most four, each group apart by up to
    three separator characters; a number with more digits right after ("01/02/2026 10:30" is a
    date and a time) or a group of five digits (postal codes) is not one. Nine digits without the
    0 count after a phone word ("portable : 6 39 98 12 34"), and so does a number spelled out
    from "zéro" with at least five more number words, or from "zéro six" and then in digits.
    Special numbers in 08 (services' free or special-rate lines) are kept.
    """

    ENTITY = "TELEPHONE"

    _FR_NATIONAL = re.compile(r"(?<![\d+])0[ ]?[1-9](?:[ .\-]?\d{2}){4}(?!\d)")
    # a group may be in brackets: "+1 (555) 123-4567", "+44 (20) 7946 0958"
    _INTERNATIONAL = re.compile(
        r"(?<![\w+])(?:\([ ]?)?(?:\+|00)[ ]?[1-9]\d{0,2}[ ]?\)?(?:[ ]?\(0\))?"
        r"(?:[ .\-]?(?:\d{1,4}|\([ ]?\d{1,4}[ ]?\)))(?:[ .\-]?(?:\d{1,4}|\([ ]?\d{1,4}[ ]?\))){1,5}(?!\d)"
    )
    _SEPARATORS = r" ./_,\u00b7\-"  # inside a regex character class
    _FR_LOOSE = re.compile(
        rf"(?<![\w+])(?<!\d[{_SEPARATORS}:])0(?:[{_SEPARATORS}]{{0,3}}\d){{9}}(?![{_SEPARATORS}:]?\d)"
    )
    _DIGIT_GROUP = re.compile(r"\d+")
    # nine digits without the leading 0, right after a phone word ("mon portable : 6 39 98 12 34")
    _FR_WITHOUT_ZERO = re.compile(
        r"(?i:\b(?:t[ée]l(?:[ée]phone)?|portable|mobile|fixe|num[ée]ro|joignable)[ ]*[:.]?[ ]*)"
        r"(?P<number>[1-9](?:[ .\-]?\d{2}){4})(?!\d)"
    )
    # a number spelled out from "zéro": "zéro six trente-neuf quatre-vingt-dix-huit …"
    _NUMBER_WORDS = (
        "z[ée]ro|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|"
        "seize|vingts?|trente|quarante|cinquante|soixante|septante|octante|huitante|nonante|et"
    )
    _SPELLED = re.compile(rf"(?i)\bz[ée]ro(?:[ \-]+(?:{_NUMBER_WORDS})\b){{5,}}")
    # spelled, then in digits: "zéro six 39 98 12 34"
    _SPELLED_THEN_DIGITS = re.compile(
        r"(?i)\bz[ée]ro[ \-]+(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)(?:[ .\-]?\d{2}){4}(?!\d)"
    )
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the phone numbers found in ``text``."""
        spans: set[tuple[int, int]] = set()
        for match in phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID):
            if sum(c.isdigit() for c in match.raw_string) >= 8:
                spans.add((match.start, match.end))
        for match in self._FR_NATIONAL.finditer(text):
            spans.add(match.span())
        for match in self._FR_LOOSE.finditer(text):
            groups = self._DIGIT_GROUP.findall(match.group())
            if len(groups) == 1 or max(len(g) for g in groups) <= 4:
                spans.add(match.span())
        for match in self._FR_WITHOUT_ZERO.finditer(text):
            spans.add(match.span("number"))
        for match in self._SPELLED.finditer(text):
            spans.add(match.span())
        for match in self._SPELLED_THEN_DIGITS.finditer(text):
            spans.add(match.span())
        for match in self._INTERNATIONAL.finditer(text):
            if 8 <= sum(c.isdigit() for c in match.group()) <= 15:
                spans.add(match.span())
        return [
            recognizer_result(self, "TELEPHONE", start, end, self.SCORE)
            for start, end in sorted(spans)
            if not _is_service_number(text[start:end])
        ]


def _is_service_number(number: str) -> bool:
    """A French "numéro spécial" (08 AB PQ MC DU: free or special-rate numbers of services and firms,
    ARCEP's national numbering plan, https://arcep.fr/la-regulation/grands-dossiers-thematiques-transverses/
    la-numerotation.html, read 2026-12-01): never a visitor's own line, kept ("0 800 123 456")."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9:  # typed without its 0 after a phone word
        digits = "0" + digits
    return len(digits) == 10 and digits.startswith("08")
