"""Length-preserving French text normaliser, run first in the NLU pipeline.

People type without accents, with curly apostrophes or in upper case. Folding
accents and apostrophes before tokenisation lets the featurizers see one form
of each word. Every change keeps the text length, so entity offsets in the
training data stay valid.
"""

from __future__ import annotations

from functools import lru_cache
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.nlu.components import StatelessComponent
from knowledge.textnorm import strip_accents

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"}
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " "}

#: Message attribute holding the text as the visitor wrote it, before folding (in memory only, never in
#: the parse output): the sentence encoder reads accents better than their folded form
#: (bench/nlu_comparison.md, section 0d).
ORIGINAL_TEXT = "text_unfolded"


# Rasa reads a message whose stripped text starts with "/" as a command (``/restart``,
# ``/inform{...}``), after this component has run: folding must never create a "/".
_COMMAND_PREFIX = "/"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Fold one character to a single unaccented character, or keep it (never into "/")."""
    for table in (_APOSTROPHES, _DASHES, _SPACES):
        if char in table:
            return table[char]
    base = strip_accents(char)
    if base == _COMMAND_PREFIX:  # "／restart" must stay text, never become "/restart"
        return char
    return base if len(base) == 1 else char


def fold_text(text: str) -> str:
    """Fold accents, apostrophes, dashes and odd spaces; keeps the length.

    Text that starts with "/" (a button payload such as ``/inform{...}``) is
    returned unchanged so that entity values in payloads stay exact. No other
    character is folded into "/", so folding never turns text into a command.
    """
    if not text or text.startswith("/"):
        return text
    return "".join(_fold_char(c) for c in text)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormaliser(StatelessComponent):
    """Rasa component replacing each message text by its folded form (the original kept under ``ORIGINAL_TEXT``)."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._fold(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._fold(message)
        return messages

    @staticmethod
    def _fold(message: Message) -> None:
        text = message.get(TEXT)
        if isinstance(text, str):
            if message.get(ORIGINAL_TEXT) is None:  # a second pass keeps the first original
                message.set(ORIGINAL_TEXT, text)
            message.set(TEXT, fold_text(text))
