"""French common words, from the lemmatizer tables of spaCy's pinned French model.

Needs spaCy and fr_core_news_sm (the Rasa venv): used at training time by the place extractor and by
knowledge/build/short_names.py, never by the web front.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice, product
from typing import TYPE_CHECKING, Callable, Iterator, Set, cast

from knowledge.textnorm import normalise

if TYPE_CHECKING:
    from spacy.pipeline import Lemmatizer

# Words the tables lack that name a commune and often follow a cue ("formation en ligne" is not Ligné).
MISSING_FRENCH_WORDS = {"ligne"}
# The accents a folded letter may have lost: people type "percues", "recu", "licencie".
_ACCENTED = {"e": "eéèê", "c": "cç", "a": "aàâ", "i": "iîï", "o": "oô", "u": "uùû"}
# Spellings tried per word: a word with many vowels has thousands; the first ones vary its last letters.
MAX_ACCENT_VARIANTS = 256


def accent_variants(word: str) -> Iterator[str]:
    """Spellings of a folded ``word`` with the accents typing may have dropped ("percues" -> "perçues")."""
    choices = [_ACCENTED.get(letter, letter) for letter in word]
    return ("".join(letters) for letters in islice(product(*choices), MAX_ACCENT_VARIANTS))


def french_word_checker(model: str = "fr_core_news_sm") -> Callable[[str], bool]:
    """A predicate telling whether a normalised word is a French word (lemma or listed form).

    Returns a predicate that is always False when the model is not installed.
    """
    import spacy

    try:
        # get_pipe() is typed as any pipeline callable; the "lemmatizer" pipe is spaCy's Lemmatizer.
        lookups = cast("Lemmatizer", spacy.load(model).get_pipe("lemmatizer")).lookups
    except (OSError, KeyError, ValueError):
        return lambda word: False
    words: Set[str] = set(MISSING_FRENCH_WORDS)  # lemmas; the tables' keys are hashes of the forms
    for table_name in ("lemma_index", "lemma_exc", "lemma_lookup"):
        if not lookups.has_table(table_name):
            continue
        for value in lookups.get_table(table_name).values():
            items = value.values() if isinstance(value, dict) else [value]
            for item in items:
                for word in item if isinstance(item, (list, tuple)) else [item]:
                    if isinstance(word, str):
                        words.add(normalise(word))
    forms = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else {}

    # The forms table is keyed by hashes of the accented forms: a folded word is tried with its accents back.
    @lru_cache(maxsize=20000)
    def known(word: str) -> bool:
        return word in words or any(variant in forms for variant in accent_variants(word))

    return known


@lru_cache(maxsize=1)
def is_french_word() -> Callable[[str], bool]:
    """The process-wide predicate of :func:`french_word_checker` (built once: it loads spaCy's tables)."""
    return french_word_checker()
