"""People's names: after an introducing phrase, and from spaCy's French NER."""

from __future__ import annotations

import re
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ..vocabulary import CIVILITIES, FIRST_NAMES_ALSO_WORDS, GREETINGS, fold, is_common_word
from .base import PlaceLookup, FrenchRecognizer, recognizer_result


_NAME_WORD = re.compile(r"[ ]*(?P<w>[^\W\d_](?:[\w'\-]*[^\W\d_])?)")
_NAME_PARTICLES = frozenset(
    {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "ben", "el", "al", "da", "di", "dos", "mac", "mc"}
)
_ELIDED_VERB = re.compile(r"(?i)^(?:j|n|m|t|s|c|qu|l|d)'[a-zàâäéèêëîïôöùûüç]")


# Capitalised words that stand before a name without making a heading ("Bonjour Fournier Morin", "Moi Durand").
_NOT_TITLE_WORDS = frozenset(fold(w) for w in GREETINGS | CIVILITIES | {"moi", "je", "c'est", "signé", "signe"})


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


#: ``is_french_word(word) -> True`` when the lower-case, accent-folded ``word`` is a French word.
FrenchWordLookup = Callable[[str], bool]

# Feminine and plural endings folded back to the form the word lists hold ("salariée" ->
# "salarié", "caissière" -> "caissier", "lycéenne" -> "lycéen").
_INFLECTIONS = (
    ("trices", "teur"),
    ("trice", "teur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("ieres", "ier"),
    ("iere", "ier"),
    ("ennes", "en"),
    ("enne", "en"),
    ("elles", "el"),
    ("elle", "el"),
    ("ettes", "et"),
    ("ette", "et"),
    ("ives", "if"),
    ("ive", "if"),
    ("es", ""),
    ("e", ""),
    ("s", ""),
)


def _is_french(word: str, is_french_word: FrenchWordLookup) -> bool:
    """True when ``word`` or its masculine singular form is a French word (lookup errors: True)."""
    folded = fold(word)
    candidates = [folded] + [folded[: -len(end)] + base for end, base in _INFLECTIONS if folded.endswith(end)]
    try:
        return any(is_french_word(c) for c in candidates if len(c) >= 2)
    except Exception:  # a broken word list must not turn ordinary words into names
        return True


def _name_words(text: str, pos: int) -> Iterator[tuple[str, tuple[int, int]]]:
    """The words that follow one another from ``pos`` (``_NAME_WORD``), each with its span."""
    while (match := _NAME_WORD.match(text, pos)) is not None:
        yield match.group("w"), match.span("w")
        pos = match.end()


def _take_lower_name(
    text: str,
    pos: int,
    is_french_word: FrenchWordLookup,
    is_place: Optional[Callable[[int, int], bool]] = None,
    max_words: int = 3,
) -> Optional[tuple[int, int]]:
    """Span of a name typed in lower case after a weak trigger ("je suis ysolde quarantelli").

    At least two words, each lower case, not a common word, not a French word (nor its
    masculine singular form) and not a place: "je suis aide soignante", "je suis à quimper",
    "je suis salariée" stay.
    """
    words: list[tuple[int, int]] = []
    for word, span in _name_words(text, pos):
        if len(words) >= max_words:
            break
        if (
            not word.islower()
            or len(word) < 2
            or _ELIDED_VERB.match(word)
            or is_common_word(word)
            or _is_french(word, is_french_word)
            or (is_place is not None and is_place(*span))
        ):
            break
        words.append(span)
    if len(words) < 2:
        return None
    return words[0][0], words[-1][1]


#: ``is_first_name(word) -> True`` when ``word`` is a first name given in France.
FirstNameLookup = Callable[[str], bool]


def _take_lower_first_name(
    text: str,
    pos: int,
    is_first_name: FirstNameLookup,
    is_french_word: FrenchWordLookup,
    is_place: Callable[[int, int], bool],
    max_words: int = 3,
) -> Optional[tuple[int, int]]:
    """Span of a lower-case first name after a weak trigger ("je suis kevin", "c'est jean-pierre").

    The first word is a first name (every part of a hyphenated one) and not a common word; lower-case
    words after it that are first names or not French words, nor places, are its surname. A first
    name that is also an ordinary word or a place ("je suis marie", "c'est claire", Marie in the
    Alpes-Maritimes) counts only with a surname after it ("c'est marie quarantelli").
    """
    words = []
    for item in _name_words(text, pos):
        words.append(item)
        if len(words) >= max_words:
            break
    if not words:
        return None
    first, first_span = words[0]
    if not first.islower() or is_common_word(first):
        return None
    parts = first.split("-")
    if parts[0] in ("saint", "sainte") and len(parts) > 1:
        return None  # "saint-etienne": a place or a saint, even without the gazetteer
    if not all(len(part) >= 2 and _safe_lookup(is_first_name, part) for part in parts):
        return None
    needs_surname = is_place(*first_span) or (len(parts) == 1 and fold(first) in FIRST_NAMES_ALSO_WORDS)
    spans = [first_span]
    for word, span in words[1:]:
        if (
            not word.islower()
            or len(word) < 2
            or _ELIDED_VERB.match(word)
            or is_common_word(word)
            or is_place(*span)
            or (_is_french(word, is_french_word) and not _safe_lookup(is_first_name, word))
        ):
            break
        spans.append(span)
    if needs_surname and len(spans) < 2:
        return None
    return spans[0][0], spans[-1][1]


def default_first_name_lookup() -> Optional[FirstNameLookup]:
    """``knowledge.first_names`` (INSEE's first names) when importable, else None."""
    try:
        from knowledge.first_names import first_names  # type: ignore[import-not-found]
        from knowledge.textnorm import normalise  # type: ignore[import-not-found]

        names = first_names()
    except Exception:
        return None
    return lambda word: normalise(word) in names


def default_french_word_lookup() -> Optional[FrenchWordLookup]:
    """``knowledge.french_words`` (spaCy's French lemma tables) when importable, else None."""
    try:
        from knowledge.french_words import french_word_checker  # type: ignore[import-not-found]
        from knowledge.textnorm import normalise  # type: ignore[import-not-found]

        checker = french_word_checker()
    except Exception:
        return None
    return lambda word: checker(normalise(word))


_FUNCTION_WORDS = frozenset(
    "et ou mais donc car je tu il elle on nous vous ils elles le la les un une des du au aux à a en "
    "merci bonjour bonsoir salut svp".split()
)


def _surname_like(
    word: str, taken: list, span: tuple[int, int], is_place: Optional[Callable[[int, int], bool]]
) -> bool:
    """A capitalised word right after a name word is the surname even when it is a common word
    ("Pierre Boulanger", "Julie Marchand"); not a function word, an acronym or a place."""
    return (
        bool(taken)
        and _is_capitalised(word)
        and not word.isupper()
        and fold(word) not in _FUNCTION_WORDS
        and fold(word) not in _NOT_TITLE_WORDS
        and not (is_place is not None and is_place(*span))
    )


def _take_name(
    text: str,
    pos: int,
    allow_lower: bool,
    max_words: int = 3,
    is_place: Optional[Callable[[int, int], bool]] = None,
) -> Optional[tuple[int, int]]:
    """Span of the name that starts at ``pos`` (after a trigger), or None.

    A name word is capitalised and not a common word; lower-case words count only when
    ``allow_lower`` (after a strong trigger such as "je m'appelle"). Particles ("Le Goff",
    "de La Fontaine") are accepted inside a name when a name word follows; a lower-case "de"
    only after the first name word and not before a place ("Jean Dupont de Marseille").
    """
    words: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # particles waiting for a following name word
    for word, span in _name_words(text, pos):
        if len(words) >= max_words:
            break
        lower = word.lower()
        if lower in _NAME_PARTICLES and len(pending) < 2:
            if word.islower() and len(words) != 1 and not pending:
                break  # "Dupont de Marseille": "de" after a full name introduces something else
            pending.append(span)
            continue
        if pending and is_place is not None and is_place(*span):
            break
        if _ELIDED_VERB.match(word) and not _is_capitalised(word):
            break
        if is_common_word(word) or not (_is_capitalised(word) or allow_lower):
            if not _surname_like(word, words, span, is_place):
                break
        words.extend(pending)
        pending = []
        words.append(span)
    if not words:
        return None
    return words[0][0], words[-1][1]


class _WordListsRecognizer(FrenchRecognizer):
    """A name recognizer that tells names from places, French words and first names with the filter's word lists
    (each optional: without them, the recognizer falls back on capitals and spaCy's labels)."""

    def __init__(
        self,
        place_lookup: Optional[PlaceLookup] = None,
        french_word_lookup: Optional[FrenchWordLookup] = None,
        first_name_lookup: Optional[FirstNameLookup] = None,
    ) -> None:
        """``french_word_lookup`` enables lower-case names after weak triggers ("je suis
        ysolde quarantelli"): without it, those need a capital letter. With it, ``first_name_lookup``
        also catches a lone lower-case first name there ("je suis kevin")."""
        super().__init__()
        self._place_lookup = place_lookup
        self._french_word_lookup = french_word_lookup
        self._first_name_lookup = first_name_lookup


class NameContextRecognizer(_WordListsRecognizer):
    """People's names introduced by a phrase: "je m'appelle X", "mon nom est X", "je suis Mme X",
    "c'est X", "moi c'est X", "X Y ici", "Madame X", a signature after "Cordialement".

    Ordinary phrases stay: "je suis cadre", "c'est quoi le CPF", "c'est gratuit", "je m'appelle pas".
    After weak triggers ("c'est", "je suis", "ici") the name must be capitalised, and a place
    (spaCy LOC, or the optional place lookup) is never taken for a name.
    """

    ENTITY = "NOM"

    _CIVILITY = r"(?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle)"
    # (allow a lower-case name, veto: "" none, "place" place lookup, "ner" place lookup + spaCy) -> regexes
    _TRIGGERS: Dict[Tuple[bool, str], Tuple[str, ...]] = {
        (True, ""): (
            r"\bj(?:e[ ]*|')?m(?:'|[ ])?[ ]*ap+el+e?(?:[ ]*:)?(?![\w])",
            r"\bmon[ ]+(?:pr[ée]nom|nom)(?:[ ]+(?:de[ ]+famille|complet))?[ ]*(?:est|c'est|:)(?![\w])",
            r"(?:^|[\n;,])[ ]*(?:pr[ée]nom|nom)(?:[ ]+de[ ]+famille)?[ ]*:",
            # a form typed without colons: "prénom ysolde nom quarantelli"
            r"(?:^|[\n;,.])[ ]*pr[ée]nom(?![\w])",
            r"\bpr[ée]nom[ ]*:?[ ]*[^\W\d_][\w'\-]*[ ]*[,;]?[ ]*nom(?:[ ]+de[ ]+famille)?[ ]*:?(?![\w])",
            r"(?:^|[\n;,.])[ ]*nom(?:[ ]+de[ ]+famille)?(?![\w])",
            r"\bnom[ ]+de[ ]+famille(?![\w])",
            r"\bnom(?:[ ]+de[ ]+famille)?[ ]*:?[ ]*[^\W\d_][\w'\-]*[ ]*[,;]?[ ]*pr[ée]nom[ ]*:?(?![\w])",
            r"\bje[ ]+me[ ]+(?:pr[ée])?nomm?e(?![\w])",
            r"\bappelez[ \-]moi(?![\w])",
            rf"\bje[ ]+suis[ ]+{_CIVILITY}(?![\w])",
        ),
        (False, ""): (rf"(?<![\w]){_CIVILITY}(?![\w])",),
        (True, "ner"): (r"\bmoi[ ]*,?[ ]*c(?:'|[ ]?)est(?![\w])",),  # "c est", "cest" typed too
        (False, "ner"): (
            r"\bc(?:'|[ ])est(?![\w])",
            r"\bc(?:'est)?[ ]+moi(?![\w])",
            r"(?:^|[.!?,][ ]*)(?:bonjour|bonsoir|salut|hello|coucou)?[ ,]*ici(?![\w])",
        ),
        (False, "place"): (
            r"\bje[ ]+suis(?![\w])",
            r"\b(?:cordialement|bien[ ]+à[ ]+vous|salutations|sign[ée])[ ]*[,.!]?",
        ),
    }
    _TRIGGER_RES = [
        (re.compile(f"(?i:{regex})"), lower, veto) for (lower, veto), regexes in _TRIGGERS.items() for regex in regexes
    ]
    # Text ending with a trigger whose name is never vetoed as a place ("je m'appelle", "Madame"), see introduces_a_name.
    _UNVETOED_AT_END = re.compile(
        "(?i:(?:"
        + "|".join(regex for (_, veto), regexes in _TRIGGERS.items() if not veto for regex in regexes)
        + r")[ ]*)$"
    )

    @classmethod
    def introduces_a_name(cls, folded_before: str) -> bool:
        """``folded_before`` (folded text before a span) ends with a trigger after which a name is a name even when a
        place bears it ("je m'appelle Nancy", "Madame Lourdes")."""
        return bool(cls._UNVETOED_AT_END.search(folded_before))

    # "Marie Dupont ici" (case-sensitive names)
    _HERE = re.compile(
        r"(?:^|[.!?][ ]*|(?i:bonjour|bonsoir|salut|hello|coucou)[ ,!]+)"
        r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'\-]+(?:[ ]+[A-ZÀ-ÖØ-Þ][\w'\-]+){0,2})[ ]+(?i:ici)(?![\w])"
    )
    # a name followed by what it is: "Je suis Ysolde. Quarantelli de mon nom", "Dupont comme nom de famille"
    _NAMED_AFTER = re.compile(
        r"[ ]*,?[ ]*(?i:de[ ]+(?:mon[ ]+|son[ ]+)?nom|comme[ ]+(?:mon[ ]+)?nom|(?:c'est|est)[ ]+mon[ ]+nom)"
        r"(?:[ ]+(?i:de[ ]+famille))?(?!\w)"
    )
    _WORD_BEFORE = re.compile(r"[^\W\d_][\w'\-]*")
    _SURNAME_AFTER_STOP = re.compile(r"[ ]*\.[ ]+(?P<w>[A-ZÀ-ÖØ-Þ][\w'\-]+)(?=[ ]*(?:[.,;!?]|$))")
    MAX_WORDS_BEFORE = 3
    SCORE = 0.85

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return names introduced by a trigger phrase."""
        results = []
        for regex, allow_lower, veto in self._TRIGGER_RES:
            for trigger in regex.finditer(text):
                is_place = self._place_checker(text, nlp_artifacts)
                span = _take_name(text, trigger.end(), allow_lower, is_place=is_place)
                if span is None and not allow_lower and self._french_word_lookup is not None:
                    span = _take_lower_name(text, trigger.end(), self._french_word_lookup, is_place)
                    if span is None and self._first_name_lookup is not None:
                        span = _take_lower_first_name(
                            text, trigger.end(), self._first_name_lookup, self._french_word_lookup, is_place
                        )
                if span is None:
                    continue
                if veto and not self._plausible_name(text, span, nlp_artifacts, ner_veto=veto == "ner"):
                    continue
                results.append(recognizer_result(self, "NOM", span[0], span[1], self.SCORE))
                surname = self._surname_after_stop(text, span[1], is_place)
                if surname is not None:
                    results.append(recognizer_result(self, "NOM", surname[0], surname[1], self.SCORE))
        for match in self._NAMED_AFTER.finditer(text):  # "Quarantelli de mon nom"
            span = self._name_before(text, match.start())
            if span is not None and self._plausible_name(text, span, nlp_artifacts, ner_veto=False):
                results.append(recognizer_result(self, "NOM", span[0], span[1], self.SCORE))
        for match in self._HERE.finditer(text):
            start, end = match.span("name")
            for word in match.group("name").split():  # "Bonjour Marie Dupont ici" -> "Marie Dupont"
                if not is_common_word(word):
                    break
                start = text.index(word, start) + len(word)
                start += len(text[start:end]) - len(text[start:end].lstrip())
            if start >= end:
                continue
            if self._plausible_name(text, (start, end), nlp_artifacts, ner_veto=False):
                results.append(recognizer_result(self, "NOM", start, end, self.SCORE))
        return results

    def _surname_after_stop(
        self, text: str, pos: int, is_place: Callable[[int, int], bool]
    ) -> Optional[tuple[int, int]]:
        """A surname typed as a sentence of its own right after a name ("Je m'appelle Ysolde.
        Quarantelli."): one capitalised word, then a full stop, a comma or the end; not a common word,
        a French word or a place ("Je suis Julie. Merci.", "Je suis Julie. Rennes, c'est loin ?").

        Places come from the place lookup (the gazetteer) when there is one: spaCy's small model tags
        most surnames standing alone as LOC when it does not tag them PER, so its labels only serve
        when there is no lookup.
        """
        match = self._SURNAME_AFTER_STOP.match(text, pos)
        if match is None or self._french_word_lookup is None:
            return None
        word, span = match.group("w"), match.span("w")
        if is_common_word(word) or _is_french(word, self._french_word_lookup):
            return None
        if self._place_lookup is not None:
            return None if _safe_lookup(self._place_lookup, word) else span
        return None if is_place(*span) else span

    def _name_before(self, text: str, end: int) -> Optional[tuple[int, int]]:
        """Span of the name right before ``end`` ("Quarantelli" in "Quarantelli de mon nom"), or None.

        Up to three words, each one space apart: not a common word, and not a French word unless
        capitalised inside a sentence ("Changement de mon nom" stays, "Je suis Ysolde, Boulanger de
        mon nom" does not); capitalised particles ("Le Goff") join a name word after them.
        """
        words = [m for m in self._WORD_BEFORE.finditer(text, max(0, end - 120), end) if m.end() <= end]
        span: Optional[tuple[int, int]] = None
        cursor = end
        for match in reversed(words):
            word, gap = match.group(), text[match.end() : cursor]
            if (gap.strip(" ,") if span is None else gap.strip(" ") or not gap or len(gap) > 3) or len(word) < 2:
                break  # the name stands right before the phrase, its words one space apart
            if span is not None and _is_capitalised(word) and word.lower() in _NAME_PARTICLES:
                span, cursor = (match.start(), span[1]), match.start()  # "Le Goff"
                continue
            if is_common_word(word) or not (_is_capitalised(word) or self._french_word_lookup is not None):
                break  # without a word list, a capitalised name only
            before = text[: match.start()].rstrip(" ")
            sentence_start = not before or before[-1] in ".!?\n"
            parts = word.split("-")  # "faites-vous de mon nom": a verb and a pronoun
            french = self._french_word_lookup is not None and any(
                is_common_word(part) or _is_french(part, self._french_word_lookup) for part in parts if part
            )
            if french and (sentence_start or not _is_capitalised(word)):
                break
            span, cursor = (match.start(), match.end() if span is None else span[1]), match.start()
            if len(text[span[0] : span[1]].split()) >= self.MAX_WORDS_BEFORE:
                break
        return span

    def _place_checker(self, text: str, nlp_artifacts: Optional[NlpArtifacts]) -> Callable[[int, int], bool]:
        """``check(start, end)``: the word is a place (spaCy LOC or the place lookup)."""
        locations = [
            (ent.start_char, ent.end_char)
            for ent in getattr(nlp_artifacts, "entities", None) or []
            if ent.label_ == "LOCATION"
        ]

        def check(start: int, end: int) -> bool:
            if any(s < end and e > start for s, e in locations):
                return True
            return self._place_lookup is not None and _safe_lookup(self._place_lookup, text[start:end])

        return check

    def _plausible_name(
        self, text: str, span: tuple[int, int], nlp_artifacts: Optional[NlpArtifacts], ner_veto: bool
    ) -> bool:
        """Veto places: the optional place lookup always, spaCy LOC/ORG-not-PER when ``ner_veto``.

        spaCy's small model tags many first names as LOC ("je suis Julie"), so its labels only
        veto after "c'est"/"ici", where places are common ("c'est Rennes le plus proche ?").
        """
        candidate = text[span[0] : span[1]]
        if self._place_lookup is not None and _safe_lookup(self._place_lookup, candidate):
            return False
        if not ner_veto or nlp_artifacts is None:
            return True
        labels = {ent.label_ for ent in nlp_artifacts.entities if ent.start_char < span[1] and ent.end_char > span[0]}
        return "PERSON" in labels or not labels & {"LOCATION", "ORGANIZATION"}


def _safe_lookup(lookup: PlaceLookup, candidate: str) -> bool:
    try:
        return bool(lookup(candidate))
    except Exception:  # a broken lookup (places, first names) must not break the filter: "not found"
        return False


class SpacyPersonRecognizer(_WordListsRecognizer):
    """People's names found by spaCy's French NER (PER), cleaned of greetings, civilities and
    orientation terms that the small model mistakes for names ("Bonjour", "Parcoursup"), and of a
    lone capitalised French word opening a sentence ("Trouver un garant : …", "Carte vitale ?") that
    is no first name ("Pierre, 45 ans" stays a name)."""

    ENTITY = "NOM"

    SCORE = 0.6
    # Words right before a place name; spaCy sometimes tags communes as PER ("22140 Bégard").
    _LOCATIVE = re.compile(
        r"(?:(?<!\d)\d{5}|\b(?:à|a|au|aux|sur|vers|dans|en|habite|près\s+de|proche\s+de|autour\s+de|"
        r"région\s+de|secteur\s+de|ville\s+de|commune\s+de|cité\s+des\s+métiers\s+de))[ ,]*$",
        re.IGNORECASE,
    )

    # Institutions and streets named after people.
    _INSTITUTION = re.compile(
        r"\b(?:lycée|lycee|collège|college|école|ecole|université|universite|iut|fac|faculté|campus|"
        r"institut|centre|salle|espace|maison|médiathèque|hôpital|hopital|clinique|stade|gymnase|"
        r"rue|avenue|boulevard|place|quai|allée|impasse)[ ]+(?:(?:de|du|des|d'|la|le)[ ]+)?$",
        re.IGNORECASE,
    )

    _SENTENCE_START = re.compile(r"(?:^|[.!?:;\n«\"(])[ ]*$")
    # A strong cue that the next words are a person's name even when they are French words ("Mme Boulanger").
    _NAME_CUE = re.compile(
        r"(?i:\b(?:m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle|dr\.?|docteur|appel+e|nomm?e|"
        r"pr[ée]nom|nom(?:[ ]+de[ ]+famille)?)[ ]*:?[ ]*)$"
    )

    def _opening_word(self, text: str, start: int, word: str) -> bool:
        """A French word, not a first name, at the start of a sentence: spaCy's PER there is a capital, not a name."""
        if self._french_word_lookup is None or not self._SENTENCE_START.search(text, 0, start):
            return False
        if self._first_name_lookup is not None and _safe_lookup(self._first_name_lookup, word):
            return False
        return _is_french(word, self._french_word_lookup)

    _CAPITALISED_WORD = re.compile(r"(?<![\w\-])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ][\w\-]*")

    def _in_title_case(self, text: str, start: int, end: int) -> bool:
        """The span stands in Title Case: a capitalised word right beside it ("Aide Soignant", "le métier
        d'Aide Soignant", "Guide Complet"; not a greeting or a civility), or two capitalised French words
        (not places nor first names) inside sentences elsewhere ("Quels Sont vos Droits de Passager Aérien ?";
        "Fournier Morin habite à Rennes et travaille à Lannion" stays a name)."""
        others = 0
        for match in self._CAPITALISED_WORD.finditer(text):
            if start <= match.start() < end:
                continue
            word = match.group()
            if fold(word) in _NOT_TITLE_WORDS:
                continue
            gap = text[match.end() : start] if match.end() <= start else text[end : match.start()]
            if gap == " ":
                return True
            if not self._SENTENCE_START.search(text, 0, match.start()) and self._ordinary_word(word):
                others += 1
        return others >= 2

    def _ordinary_word(self, word: str) -> bool:
        """A French word that is neither a place ("Rennes", "Lannion") nor a first name."""
        if self._place_lookup is not None and _safe_lookup(self._place_lookup, word):
            return False
        if self._first_name_lookup is not None and _safe_lookup(self._first_name_lookup, word):
            return False
        return self._french_word_lookup is not None and _is_french(word, self._french_word_lookup)

    def _french_words_only(self, text: str, start: int, end: int, words: List[str]) -> bool:
        """Every word a capitalised French word that is no first name ("Reconversion Professionnelle",
        "Porter Plainte", "président de la République", "Guide Complet"), with no civility or
        "je m'appelle" right before: spaCy's PER there is a title or a heading, not a name.
        "Jean Marchand", "Auguste" (a first name) and "Mme Marchand" stay names."""
        if self._french_word_lookup is None or self._NAME_CUE.search(text, 0, start):
            return False
        if not self._in_title_case(text, start, end):
            return False  # "Bonjour, Fournier Morin à l'appareil": surnames the word lists also hold
        for word in words:
            if self._first_name_lookup is not None and all(
                _safe_lookup(self._first_name_lookup, part) for part in word.split("-") if part
            ):
                return False
            if not _is_french(word, self._french_word_lookup):
                return False
        return True

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the PER entities of the NLP artifacts that still look like names once cleaned."""
        if nlp_artifacts is None:
            return []
        results = []
        for ent in nlp_artifacts.entities:
            if ent.label_ != "PERSON":
                continue
            tokens = [t for t in ent if t.is_alpha or "-" in t.text or "'" in t.text]
            while tokens and (is_common_word(tokens[0].text) or not _is_capitalised(tokens[0].text)):
                tokens.pop(0)
            while tokens and (is_common_word(tokens[-1].text) or not _is_capitalised(tokens[-1].text)):
                tokens.pop()
            tokens = self._cut_before_origin(text, tokens)
            if not tokens:
                continue
            if all(len(t.text) == 1 for t in tokens):  # spaced letters ("C P F", "R Q T H"): SpacedLetters decides
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            words = [t.text for t in tokens if t.text.lower() not in _NAME_PARTICLES]
            if not words or all(is_common_word(w) for w in words):
                continue
            if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:  # acronym (CPF, RQTH)
                continue
            if len(words) == 1 and self._opening_word(text, start, words[0]):  # "Redoubler pour mieux réussir"
                continue
            if self._french_words_only(text, start, end, words):  # "Reconversion Professionnelle"
                continue
            if self._LOCATIVE.search(text, 0, start):  # "22140 Bégard", "à Plérin": a place
                continue
            if self._INSTITUTION.search(text, 0, start):  # "lycée Victor Hugo": a school, not a visitor
                continue
            if self._place_lookup is not None and _safe_lookup(self._place_lookup, text[start:end]):
                continue
            results.append(recognizer_result(self, "NOM", start, end, self.SCORE))
        return results

    def _cut_before_origin(self, text: str, tokens: list) -> list:
        """ "Jean Dupont de Marseille" -> "Jean Dupont": a lower-case "de" after a full name, or
        before a known place, starts an origin, not a surname particle."""
        for i, token in enumerate(tokens):
            if token.text in {"de", "du", "des", "d'"} and i > 0:
                rest = tokens[i + 1 :]
                after = text[rest[0].idx : rest[-1].idx + len(rest[-1].text)] if rest else ""
                if i >= 2 or (self._place_lookup is not None and after and _safe_lookup(self._place_lookup, after)):
                    return tokens[:i]
        return tokens


class SpacedLettersNameRecognizer(_WordListsRecognizer):
    """A name typed with its letters spaced out ("Y s o l d e  Q u a r a n t e l l i", "je m'appelle
    J e a n"): runs of three or more single letters one space apart, words two or three spaces apart.

    Each run is read as the word it spells; the whole is a name when one of those words is a first
    name (not one that is also an ordinary word, such as "marie") or is neither a French word, a
    common word, an acronym of five capitals at most ("C P F", "I U T") nor a place; a first name that
    is also a word ("M a r i e") counts with a surname after it. Three letters alone must be a first
    name ("L é a"; "de A à Z" stays), and "y", "a", "à" before a run are words ("il y a à Rennes").
    Spelled words ("c h e r c h e") and acronyms stay. The cost is one linear regex pass.
    """

    ENTITY = "NOM"
    _LETTER = r"[^\W\d_]"
    _RUN = rf"{_LETTER}(?:[ ]{_LETTER}){{2,}}"
    _SPACED = re.compile(rf"(?<!\w){_RUN}(?:[ ]{{2,3}}{_RUN})*(?!\w)")
    _ONE_LETTER_WORDS = frozenset("aày")
    SCORE = 0.7

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """Return the letter-spaced names."""
        results = []
        for match in self._SPACED.finditer(text):
            start = match.start()
            # "il y a à Rennes", "il y a J e a n": "y", "a", "à" are words before a name, not a name
            while text[start] in self._ONE_LETTER_WORDS and start + 2 < match.end():
                start += 2
            words = [run.replace(" ", "") for run in re.split(r"[ ]{2,3}", text[start : match.end()])]
            if len(words[0]) < 3 or (len(words) == 1 and len(words[0]) == 3 and not self._is_first_name(words[0])):
                continue  # three letters alone: a first name ("L é a"), else a phrase ("de A à Z")
            if any(self._is_name(word) for word in words) or self._first_and_last_name(words):
                results.append(recognizer_result(self, "NOM", start, match.end(), self.SCORE))
        return results

    def _is_first_name(self, word: str) -> bool:
        return self._first_name_lookup is not None and _safe_lookup(self._first_name_lookup, word)

    def _first_and_last_name(self, words: List[str]) -> bool:
        """A first name that is also a word followed by another word ("M a r i e  D u p o n t")."""
        return len(words) >= 2 and self._is_first_name(words[0]) and not any(is_common_word(w) for w in words[1:])

    def _is_name(self, word: str) -> bool:
        if len(word) < 3 or len(set(word.lower())) < 2 or is_common_word(word):
            return False
        if self._place_lookup is not None and _safe_lookup(self._place_lookup, word):
            return False
        if self._is_first_name(word):
            return fold(word) not in FIRST_NAMES_ALSO_WORDS
        if word.isupper() and len(word) <= 5:  # an acronym spelled out
            return False
        if self._french_word_lookup is None:
            return _is_capitalised(word)
        return not _is_french(word, self._french_word_lookup)
