"""Gazetteer-backed `location` extraction, run after DIET in the NLU pipeline.

DIET learns where a place usually sits in a sentence but misses the many communes it never saw
in training ("Rostrenen", "Bar-le-Duc", "le 93") and sometimes tags ordinary words ("mayonnaise",
"ou"). This component applies the heuristics of ``knowledge/places_in_text.py`` (add, widen, drop)
with two word lists it learns at training time and stores with the model: the words of the
examples outside entities, and the commune names that are also French words.

A commune followed by its department or region gives two `location` entities, the second with the
role "qualifier" ("[Calvi](location) en [Haute-Corse](location)"); ``actions.places.place_query``
resolves them together.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.nlu.components import StoredComponent, typed_text
from knowledge.french_words import is_french_word
from knowledge.places_in_text import WORD, clean_entities, dictionary_place_names
from knowledge.textnorm import normalise


LOCATION, DIET = "location", "DIETClassifier"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class PlaceEntityExtractor(StoredComponent):
    """Completes and cleans `location` entities with the offline gazetteer.

    ``diet_locations: false`` (config.yml) drops DIET's own `location` spans first, so places come from the
    gazetteer rules alone: on the team and DEV files DIET's spans found no place the rules missed and added
    false positives (bench/nlu_real_phrasings.md, "Places: DIET's spans or the rules alone").
    """

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        common_words: Iterable[str] = (),
        dictionary_names: Iterable[str] = (),
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.common_words: Set[str] = set(common_words)
        self.dictionary_names: Set[str] = set(dictionary_names)
        # spaCy's French word tables, loaded with the component (a few seconds at start, never per turn)
        self.is_french_word = is_french_word()

    @classmethod
    def restore(cls, directory: Path) -> Dict[str, Any]:
        """The two word lists ``train`` wrote (the second may be missing from older models)."""
        dictionary = directory / "dictionary_names.json"
        return {
            "common_words": json.loads((directory / "common_words.json").read_text(encoding="utf-8")),
            "dictionary_names": json.loads(dictionary.read_text(encoding="utf-8")) if dictionary.exists() else [],
        }

    def train(self, training_data: TrainingData) -> Resource:
        """Learns the ordinary words of the examples and the commune names that are French words."""
        self.common_words = common_vocabulary(training_data.training_examples)
        self.dictionary_names = dictionary_place_names()
        with self._model_storage.write_to(self._resource) as directory:
            for name, words in (("common_words", self.common_words), ("dictionary_names", self.dictionary_names)):
                (directory / f"{name}.json").write_text(json.dumps(sorted(words), ensure_ascii=False), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = typed_text(message)
            if text is None:
                continue  # button payloads carry their entities already
            entities = message.get(ENTITIES) or []
            if not self.config.get("diet_locations", True):
                entities = [e for e in entities if not (e.get("entity") == LOCATION and e.get("extractor") == DIET)]
            entities = clean_entities(text, entities, self.common_words, self.dictionary_names, self.is_french_word)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


def common_vocabulary(examples: Iterable[Message]) -> Set[str]:
    """Normalised words that occur outside entity spans ("centre", "vers", "port")."""
    outside: Set[str] = set()
    for example in examples:
        text = example.get(TEXT)
        if not isinstance(text, str):
            continue
        spans = [(e["start"], e["end"]) for e in example.get(ENTITIES) or [] if "start" in e]
        for m in WORD.finditer(text):
            if not any(s <= m.start() < e for s, e in spans):
                outside.update(normalise(m.group()).split())
    return outside
