"""Birth dates."""

from __future__ import annotations

import datetime as _dt
import re
from typing import List

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from .base import FrenchRecognizer, recognizer_result


_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv\\.?|févr\\.?|fevr\\.?|fév\\.?|fev\\.?|avr\\.?|juil\\.?|sept\\.?|oct\\.?|"
    "nov\\.?|déc\\.?|dec\\.?"
)

_UNITS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
#: Days of the month spelled out ("douze", "vingt-et-un", "trente et un"), longest first.
_SPELLED_DAYS = "|".join(
    sorted(
        {
            *_UNITS[1:],
            *("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"),
            "vingt",
            "trente",
            *(f"vingt{sep}{unit}" for unit in _UNITS[1:] for sep in ("-", " ")),
            *(f"{tens}{sep}et{sep}un" for tens in ("vingt", "trente") for sep in ("-", " ")),
        },
        key=len,
        reverse=True,
    )
)


class BirthDateRecognizer(FrenchRecognizer):
    """Birth dates: any full date after "né(e) le" / "date de naissance" (also written
    yyyy-mm-dd, or ddmmyyyy in one run), a month and year after it ("née en mars 1998"), and a
    bare dd/mm/yyyy or yyyy-mm-dd whose year is that of someone at least 12 years old (1920 onwards).

    A year alone ("né en 1998") or an age ("j'ai 20 ans") is kept.
    """

    ENTITY = "DATE_NAISSANCE"

    _NUMERIC = re.compile(
        r"(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])[ ]?([/.\-])[ ]?(?:0?[1-9]|1[0-2])[ ]?\1[ ]?(?P<year>\d{4}|\d{2})(?![\d/.\-]\d)"
    )
    _TEXTUAL = re.compile(
        rf"(?i:(?<!\w)(?:le[ ]+)?(?:1er|1ᵉʳ|premier|0?[1-9]|[12]\d|3[01]|{_SPELLED_DAYS})[ ]+(?:{_MONTHS})[ ]+(?P<year>\d{{4}}|'?\d{{2}}))(?!\d)"
    )
    _ISO = re.compile(
        r"(?<![\d/.\-])(?P<year>(?:19|20)\d{2})[ ]?([/.\-])[ ]?(?:0?[1-9]|1[0-2])[ ]?\2[ ]?(?:0?[1-9]|[12]\d|3[01])(?![\d/.\-]\d|\d)"
    )
    _COMPACT = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?P<year>(?:19|20)\d{2})(?!\d)")
    # a month and a year right after "né(e) en" / "naissance :" (the context of the others is wider)
    _MONTH_YEAR = re.compile(
        rf"(?i:(?:\bn[ée]e?s?[ ]+(?:en[ ]+)?|\bnaissance[ ]*:?[ ]*(?:en[ ]+)?)(?P<date>(?:{_MONTHS})[ ]+\d{{4}}))(?!\d)"
    )
    _CONTEXT = re.compile(
        r"(?i:\bn[ée]e?s?\b|\bnaissance|\bnaiss\.|\bddn\b|\bdob\b|\banniversaire|\bnaquit|\bvu le jour)"
    )
    SCORE_CONTEXT = 0.85
    SCORE_BARE = 0.6

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return birth dates found in ``text``."""
        latest_birth_year = _dt.date.today().year - 12
        results = []
        patterns = (
            (self._NUMERIC, True),
            (self._ISO, True),
            (self._TEXTUAL, False),
            (self._COMPACT, False),
        )
        for regex, bare_allowed in patterns:
            for match in regex.finditer(text):
                start = match.start()
                if text[start : start + 3].lower() == "le ":
                    start += 3
                if any(r.start <= start and match.end() <= r.end for r in results):
                    continue  # "mars 1998" of "3 mars 1998", already found whole
                has_context = bool(self._CONTEXT.search(text, max(0, start - 45), start))
                if has_context:
                    results.append(recognizer_result(self, "DATE_NAISSANCE", start, match.end(), self.SCORE_CONTEXT))
                    continue
                year = match.group("year").lstrip("'")
                if bare_allowed and len(year) == 4 and 1920 <= int(year) <= latest_birth_year:
                    results.append(recognizer_result(self, "DATE_NAISSANCE", start, match.end(), self.SCORE_BARE))
        for match in self._MONTH_YEAR.finditer(text):
            start, end = match.span("date")
            if not any(r.start <= start and end <= r.end for r in results):
                results.append(recognizer_result(self, "DATE_NAISSANCE", start, end, self.SCORE_CONTEXT))
        return results
