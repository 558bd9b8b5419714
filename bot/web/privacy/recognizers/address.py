"""Street addresses and lieux-dits."""

from __future__ import annotations

import re
from typing import Iterable, List, Optional

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..vocabulary import (
    STREET_STOP_WORDS,
    STREET_TYPES_ABBREVIATED,
    STREET_TYPES_STRONG,
    STREET_TYPES_WEAK,
    fold,
)
from .base import FrenchRecognizer, recognizer_result


def _alternation(words: Iterable[str]) -> str:
    parts = sorted((re.escape(w).replace(r"\ ", r"[ \-]") for w in words), key=len, reverse=True)
    return "|".join(parts)


class AddressRecognizer(FrenchRecognizer):
    """Street addresses: house number (12, 12 bis, 12-14) + street type + street name; "lieu-dit X".

    The street name stops at punctuation, at a postal code and at words such as "à" or "et", so
    "12 rue de la Paix à Rennes" and "3 av. Foch, 35000 Rennes" keep the commune and postal code.
    Street types that are also common words ("cours", "place", "route") need a capitalised street
    name or an address word before them ("j'habite 3 place du marché"). Without a number or an
    address word, a capitalised street name followed by a building or flat ("Résidence les
    Glycines bât B appt 12") is an address too. Abbreviations that are also words or letters
    ("12 r des Lilas", "8 all des Tilleuls", "14 imp du Moulin") need a house number before them and
    a capitalised name (or an address word before). A post-office box ("BP 123") is an address.
    """

    ENTITY = "ADRESSE"

    _NUMBER = r"(?<![\w.,/])\d{1,4}(?:[ ]?-[ ]?\d{1,4})?(?:[ ]?(?:bis|ter|quater|[a-dA-D])\b)?"
    # the street type starts a word: "rte" inside "carte", "r" inside "pour" are not street types
    _HEAD = re.compile(
        rf"(?P<num>{_NUMBER})?[ ]*,?[ ]*(?<![^\W\d_])"
        rf"(?i:(?P<strong>{_alternation(STREET_TYPES_STRONG)})|(?P<weak>{_alternation(STREET_TYPES_WEAK)})"
        rf"|(?P<abbr>{_alternation(STREET_TYPES_ABBREVIATED)}))"
        r"(?![\w\-])"
    )
    # a post-office box: "BP 123", "B.P. 45", "boîte postale 7" (not "un BP en 2 ans": a diploma)
    _PO_BOX = re.compile(
        r"(?<![^\W\d_])(?i:b\.?[ ]?p\.?|bo[iî]te[ ]+postale)[ ]*(?i:n°|no\.?)?[ ]*\d{1,5}(?![\d,.]?\d)"
        r"(?![ ]*(?i:ans?|mois|h|heures?|€|euros?|%)(?![^\W\d_]))"
    )
    _WORD = re.compile(r"[ ]+(?P<w>[^\W_][\w'\-]*\.?)")
    _ADDRESS_CONTEXT = re.compile(
        r"(?i:habite|habitons|vis\b|vit\b|réside|reside|domicil|adresse|demeur|loge|logé|logée|j'suis au)"
    )
    # a building, staircase, floor or flat right after a street name
    _DWELLING_DETAIL = re.compile(
        r"[ ]*,?[ ]*(?i:b[aâ]t(?:iment)?\.?|appt\.?|apt\.?|appartement|app\.|escalier|esc\.|[ée]tage|porte)"
        r"(?![^\W\d_])"
    )
    # institutions named like a street ("la cité des métiers de Marseille" is the place the visitor asks for)
    _NOT_A_STREET = re.compile(r"(?i:cit[ée][ \-]+(?:des|de[ \-]+la)[ \-]+(?:m[ée]tiers|sciences))(?![^\W\d_])")
    _PARTICLES = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "aux", "au", "en", "sur", "sous"})
    _LIEU_DIT = frozenset({"lieu-dit", "lieudit", "lieu dit"})
    MAX_NAME_WORDS = 6
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the street addresses found in ``text``."""
        results = [
            recognizer_result(self, "ADRESSE", box.start(), box.end(), self.SCORE)
            for box in self._PO_BOX.finditer(text)
        ]
        for head in self._HEAD.finditer(text):
            context = bool(self._ADDRESS_CONTEXT.search(text, max(0, head.start() - 40), head.start()))
            if head.group("abbr"):  # "12 r des Lilas": a number, then a capitalised name or an address word
                if head.group("num"):
                    end = self._street_name_end(text, head.end(), need_capital=not context)
                    if end is not None:
                        results.append(recognizer_result(self, "ADRESSE", head.start("num"), end, self.SCORE))
                continue
            street_type = (head.group("strong") or head.group("weak")).lower()
            if self._NOT_A_STREET.match(text, head.start("strong" if head.group("strong") else "weak")):
                continue
            lieu_dit = street_type.replace("-", " ") in {w.replace("-", " ") for w in self._LIEU_DIT}
            if not head.group("num") and not (lieu_dit or context):
                # no number and no address word: still an address when a capitalised name is
                # followed by the dwelling's details ("Résidence les Glycines bât B appt 12")
                end = self._street_name_end(text, head.end(), need_capital=True)
                if end is not None and self._DWELLING_DETAIL.match(text, end):
                    start = head.start("strong" if head.group("strong") else "weak")
                    results.append(recognizer_result(self, "ADRESSE", start, end, self.SCORE))
                continue
            start = head.start("num") if head.group("num") else head.start("strong" if head.group("strong") else "weak")
            if head.group("weak") and not context:
                end = self._street_name_end(text, head.end(), need_capital=True)
            else:
                end = self._street_name_end(text, head.end(), need_capital=False)
            if end is None:
                continue
            results.append(recognizer_result(self, "ADRESSE", start, end, self.SCORE))
        return results

    def _street_name_end(self, text: str, pos: int, need_capital: bool) -> Optional[int]:
        """End offset of the street name starting after ``pos``, or None when there is none."""
        end, words, seen_name = None, 0, False
        while words < self.MAX_NAME_WORDS:
            match = self._WORD.match(text, pos)
            if not match:
                break
            word = match.group("w")
            lower = word.lower().rstrip(".")
            if lower in STREET_STOP_WORDS or fold(lower) in STREET_STOP_WORDS:
                break
            if word.isdigit() and len(word) >= 5:  # postal code
                break
            elision = re.match(r"(?i)(?:d|l)'(.+)", word)
            core = elision.group(1) if elision else word
            if lower in self._PARTICLES:
                pos, words = match.end(), words + 1
                continue
            if not seen_name and need_capital and not (core[:1].isupper() or core[:1].isdigit()):
                return None
            seen_name = True
            pos, words, end = match.end(), words + 1, match.end()
        if end is not None and text[end - 1] == "." and not re.search(r"(?i)\b(?:st|ste|av|bd)\.$", text[:end]):
            end -= 1  # sentence full stop
        return end
