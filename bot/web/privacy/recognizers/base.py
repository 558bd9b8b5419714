"""What the recognizers share: the kinds of personal data, the language, the result helper and the base classes."""

from __future__ import annotations

from typing import Callable, List

import tldextract
from presidio_analyzer import LocalRecognizer, Pattern, PatternRecognizer, RecognizerResult


KINDS = (
    "ADRESSE",
    "CARTE_BANCAIRE",
    "DATE_NAISSANCE",
    "EMAIL",
    "IBAN",
    "IDENTIFIANT",
    "IMMATRICULATION",
    "NIR",
    "NOM",
    "NUMERO_FISCAL",
    "SIRET",
    "TELEPHONE",
)
LANGUAGE = "fr"

#: ``lookup(text) -> True`` when ``text`` names a commune, department or region (kept, never a name).
PlaceLookup = Callable[[str], bool]

# Public suffix list: the snapshot bundled with tldextract, no download, no cache file.
OFFLINE_TLD = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def recognizer_result(recognizer: LocalRecognizer, kind: str, start: int, end: int, score: float) -> RecognizerResult:
    return RecognizerResult(
        entity_type=kind,
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


class FrenchRecognizer(LocalRecognizer):
    """A recognizer of this module: one entity (``ENTITY``), French, named after its class, nothing to load."""

    ENTITY = ""

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], supported_language=LANGUAGE, name=type(self).__name__)

    def load(self) -> None:  # noqa: D102 - nothing to load
        pass


class FrenchPatternRecognizer(PatternRecognizer):
    """A pattern recognizer of this module: ``ENTITY`` found by ``PATTERNS``, helped by ``CONTEXT`` words."""

    ENTITY = ""
    PATTERNS: List[Pattern] = []
    CONTEXT: List[str] = []

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=LANGUAGE,
            name=type(self).__name__,
        )
