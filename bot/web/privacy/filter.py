"""The privacy filter: Presidio + spaCy ``fr_core_news_sm``, French recognizers, placeholders.

``PrivacyFilter()`` loads the engine once (a few seconds); ``redact(text)`` is thread-safe and is
meant to be called from a worker thread (``loop.run_in_executor``). The text is never logged.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from .recognizers import KINDS, LANGUAGE, PlaceLookup, build_recognizers
from .recognizers.names import NameContextRecognizer

__all__ = ["PrivacyFilter", "RedactionResult", "Finding", "fold_for_matching", "gazetteer_place_lookup"]

SPACY_MODEL = "fr_core_news_sm"
SCORE_THRESHOLD = 0.4
#: spaCy components whose output the filter never reads (switched off after loading)
UNUSED_PIPES = frozenset({"parser"})

# Presidio logs surrounding words at DEBUG level: its loggers never go below WARNING here.
_PRESIDIO_LOGGERS = ("presidio-analyzer", "presidio-anonymizer", "decision_process")

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\t": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        # JSON punctuation glued to a word ('"location":"Jean Dupont 06…"', 'nom="Jean…"'): spaCy
        # keeps ':"Jean' as one token, so the name went unseen; no recognizer needs these (brackets
        # and braces stay: the spelled e-mails use them, "x [at] y [dot] fr").
        '"': " ",
        "=": " ",
        "|": " ",
        "\\": " ",
    }
)


# Every decimal digit of any script ("٠٦", "０６" when NFKC was skipped) as its ASCII digit.
_DIGITS = {
    cp: str(unicodedata.decimal(chr(cp)))
    for cp in range(0x80, 0x110000)
    if unicodedata.decimal(chr(cp), None) is not None
}
# A letter O (Latin, Cyrillic or Greek) typed for a zero inside a number ("O6 39...", "1 85 O5 78..."):
# next to a digit, in a run of digits and separators, never inside a word ("Lyon 6", "Brest 29" stay).
_O_FOR_ZERO = re.compile(
    r"(?<![^\W\d_])[OoОоΟο](?=[ .\-]?\d)|(?<=\d)[OoОоΟο](?![^\W\d_])|(?<=\d[ .\-])[OoОоΟο](?![^\W\d_])"
)


# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables.txt, the common ones).
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁԛԝӏАВЕКМНОРСТХІЈЅαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwlABEKMHOPCTXIJSaBeiKvopTuxABEZHIKMNOPTYX",
)
# A word that mixes Latin letters with such look-alikes ("m'аppelle" with a Cyrillic а): folded to
# Latin; a word wholly in another script ("Москва") is left as typed.
_MIXED_SCRIPT_WORD = re.compile(r"[^\W\d_][\w'\-]*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _fold_mixed_script(match: "re.Match[str]") -> str:
    word = match.group()
    if word.isascii() or not _LATIN.search(word):
        return word
    return word.translate(_CONFUSABLES)


def fold_for_matching(text: str) -> str:
    """Same-length copy of ``text`` with curly apostrophes, odd spaces and dashes made plain, quotes,
    ``=``, ``|`` and backslashes made spaces,
    digits of every script made ASCII, a letter O inside a number made a zero, and Cyrillic or
    Greek look-alikes inside a Latin word made Latin (the recognizers then see "06 39..." and
    "m'appelle" whatever was typed; offsets stay those of ``text``)."""
    folded = text.translate(_FOLD).translate(_DIGITS)
    folded = _MIXED_SCRIPT_WORD.sub(_fold_mixed_script, folded)
    return _O_FOR_ZERO.sub("0", folded)


@dataclass(frozen=True)
class RedactionResult:
    """Text with placeholders such as ``<EMAIL>``, and the sorted distinct kinds removed."""

    text: str
    kinds: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """One span of personal data (offsets into the original text)."""

    kind: str
    start: int
    end: int
    score: float


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        return record.levelno >= logging.WARNING


def _silence_presidio() -> None:
    for name in _PRESIDIO_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        if not any(isinstance(f, _BelowWarning) for f in logger.filters):
            logger.addFilter(_BelowWarning())


#: Distinct candidates remembered by the place lookup (a bounded cache, per process).
PLACE_CACHE_SIZE = 4096


def gazetteer_place_lookup() -> Optional[PlaceLookup]:
    """A place lookup backed by ``knowledge.gazetteer`` when it is available, else None.

    A candidate name is a place only when it equals (after normalisation) the commune,
    department or region of a resolved place: "Rennes" is a place, "Marie Dupont" is not.

    The cost per candidate is bounded: a candidate whose normalised form is not an exact key of
    the gazetteer's name indexes cannot pass that equality, so it is answered without calling
    ``resolve`` (whose fuzzy fallback costs ~10 ms a name and let one message full of names
    hold the filter for half a second). Answers are cached (LRU, ``PLACE_CACHE_SIZE``).
    """
    try:
        from knowledge import gazetteer  # type: ignore[import-not-found]
    except Exception:
        return None

    def name_indexes() -> tuple:
        index = gazetteer.gazetteer()
        return tuple(
            names
            for names in (getattr(index, attr, None) for attr in ("by_name", "dept_by_name", "region_by_name"))
            if names is not None
        )

    @functools.lru_cache(maxsize=PLACE_CACHE_SIZE)
    def lookup(candidate: str) -> bool:
        wanted = gazetteer.normalise(candidate)
        if indexes is not None and not any(wanted in names for names in indexes):
            return False  # not an exact place name: resolve() could only answer with a fuzzy guess
        resolution = gazetteer.resolve(candidate)
        places = (resolution.place,) if resolution.place is not None else tuple(resolution.candidates)
        for place in places:
            names = (place.commune, place.department_name, place.region)
            if any(name and gazetteer.normalise(name) == wanted for name in names):
                return True
        return False

    try:  # load the gazetteer index now, not while a visitor waits
        indexes: "tuple | None" = name_indexes() if hasattr(gazetteer, "gazetteer") else None
        if indexes is not None and len(indexes) != 3:
            indexes = None  # unknown layout: no shortcut, resolve() decides
        lookup("Rennes")
    except Exception:
        return None
    return lookup


_DEFAULT = object()


class PrivacyFilter:
    """Replace personal data with placeholders before a message reaches Rasa.

    Kinds: ``EMAIL``, ``TELEPHONE``, ``NIR``, ``IBAN``, ``ADRESSE``, ``DATE_NAISSANCE``, ``NOM``,
    ``IDENTIFIANT`` (France Travail), ``CARTE_BANCAIRE``, ``SIRET`` (or SIREN), ``NUMERO_FISCAL``,
    ``IMMATRICULATION`` (a licence plate).
    Postal codes, communes, departments, regions and ages are kept.
    """

    def __init__(self, place_lookup: "PlaceLookup | None | object" = _DEFAULT, model: str = SPACY_MODEL) -> None:
        """Load spaCy and Presidio (about 3 s).

        Args:
            place_lookup: ``lookup(text) -> bool`` telling whether a candidate name is a place;
                default: ``knowledge.gazetteer`` when importable; ``None`` for none.
            model: installed spaCy package name (never downloaded).
        """
        _silence_presidio()
        import spacy.util
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        if not spacy.util.is_package(model):  # Presidio would try to download it
            raise RuntimeError(f"spaCy model {model!r} is not installed")
        lookup = gazetteer_place_lookup() if place_lookup is _DEFAULT else place_lookup
        nlp_engine = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": LANGUAGE, "model_name": model}],
                "ner_model_configuration": {
                    # LOC/ORG/MISC are mapped only so that name recognizers can veto places and
                    # organisations; no recognizer emits them, so they are never redacted.
                    "model_to_presidio_entity_mapping": {
                        "PER": "PERSON",
                        "LOC": "LOCATION",
                        "ORG": "ORGANIZATION",
                        "MISC": "MISC",
                    },
                    "labels_to_ignore": [],
                },
            }
        ).create_engine()
        # The dependency parser's output (sentences, heads) is read by neither Presidio nor the
        # recognizers, and the NER has its own tok2vec: without it a message costs ~22 % less CPU
        # with the same findings (bench/privacy_filter.py, tests/web/test_privacy*.py).
        for nlp in getattr(nlp_engine, "nlp", {}).values():
            for name in sorted(UNUSED_PIPES & set(nlp.pipe_names)):
                nlp.disable_pipe(name)
        registry = RecognizerRegistry(global_regex_flags=re.DOTALL | re.MULTILINE, supported_languages=[LANGUAGE])
        for recognizer in build_recognizers(lookup):  # type: ignore[arg-type]
            registry.add_recognizer(recognizer)
        self._analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=[LANGUAGE],
            default_score_threshold=SCORE_THRESHOLD,
            context_aware_enhancer=LemmaContextAwareEnhancer(context_matching_mode="whole_word"),
        )
        self._lock = threading.Lock()
        self._place_lookup = lookup

    def find(self, text: str) -> list[Finding]:
        """Non-overlapping spans of personal data in ``text``, in order (overlaps are merged)."""
        if not text or not text.strip():
            return []
        folded = fold_for_matching(text)
        with self._lock:  # spaCy docs and Presidio state are not shared across threads
            raw = self._analyzer.analyze(
                text=folded, language=LANGUAGE, entities=list(KINDS), score_threshold=SCORE_THRESHOLD
            )
        findings = _merge(raw)
        if self._place_lookup is None:
            return findings
        return [
            f
            for f in findings
            if not (f.kind in _PLACE_LOOKALIKES and _names_a_place(self._place_lookup, text, folded, f))
        ]

    def redact(self, text: str) -> RedactionResult:
        """Replace each piece of personal data with ``<KIND>``; return the text and the kinds."""
        findings = self.find(text)
        if not findings:
            return RedactionResult(text=text, kinds=[])
        pieces: list[str] = []
        cursor = 0
        for finding in findings:
            pieces.append(text[cursor : finding.start])
            pieces.append(f"<{finding.kind}>")
            cursor = finding.end
        pieces.append(text[cursor:])
        return RedactionResult(text="".join(pieces), kinds=sorted({f.kind for f in findings}))


# Kinds a place name can be taken for: "près de Pointe a Pitre" (a name, "Pointe"), "j'habite Port Louis" (a street).
_PLACE_LOOKALIKES = frozenset({"NOM", "ADRESSE"})
_NEXT_WORD = re.compile(r"[\s'’-]+[^\W\d_]+")
_MAX_PLACE_WORDS = 3


def _names_a_place(lookup: object, text: str, folded: str, finding: Finding) -> bool:
    """An address that is exactly a commune, department or region name ("Port Louis"), or a name that opens one with
    up to _MAX_PLACE_WORDS following words ("Pointe" of "Pointe a Pitre"), unless the visitor said it is their name
    (the name recognizers' own triggers: "je m'appelle Nancy"). A name that is a place by itself is left to them.
    ``folded`` is ``fold_for_matching(text)``."""
    if finding.kind == "NOM" and NameContextRecognizer.introduces_a_name(folded[: finding.start]):
        return False
    end = finding.end
    for words in range(_MAX_PLACE_WORDS + 1):
        if words or finding.kind != "NOM":
            try:
                if lookup(text[finding.start : end]):  # type: ignore[operator]
                    return True
            except Exception:  # a broken lookup must not break the filter: "not a place"
                return False
        following = _NEXT_WORD.match(text, end)
        if following is None:
            return False
        end = following.end()
    return False


# Kind kept when overlapping spans of different kinds tie on score: the most specific first.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (
            "IBAN",
            "CARTE_BANCAIRE",
            "NIR",
            "NUMERO_FISCAL",
            "SIRET",
            "IDENTIFIANT",
            "IMMATRICULATION",
            "EMAIL",
            "TELEPHONE",
            "DATE_NAISSANCE",
            "ADRESSE",
            "NOM",
        )
    )
}


def _merge(results: list) -> list[Finding]:
    """Union overlapping spans (privacy first); the merged span takes the kind of the span that holds
    the other ("anatole" in a spelled e-mail is part of the e-mail), else its best-scored kind."""
    ordered = sorted(results, key=lambda r: (r.start, -r.end))
    merged: list[Finding] = []
    for result in ordered:
        if result.end <= result.start:
            continue
        current = Finding(result.entity_type, result.start, result.end, result.score)
        if merged and current.start < merged[-1].end:
            last = merged[-1]
            if current.end <= last.end and (current.start, current.end) != (last.start, last.end):
                best = last  # current lies inside last (sorted: an earlier start, or the same and longer)
            else:
                best = max((last, current), key=lambda f: (f.score, -_PRIORITY.get(f.kind, 99)))
            merged[-1] = Finding(best.kind, last.start, max(last.end, current.end), best.score)
        else:
            merged.append(current)
    return merged
