"""What the project's Rasa components share: creation from the graph's arguments (stateless or with
a model storage), the messages with text to read, and the rewriting of the entities of typed messages
(button payloads carry theirs already and are left alone)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)


def typed_text(message: Message) -> Optional[str]:
    """The text a visitor typed, or None for an empty message or a button payload ("/inform{…}")."""
    text = message.get(TEXT)
    if not isinstance(text, str) or not text or text.startswith("/"):
        return None
    return text


def with_text(messages: List[Message]) -> List[Message]:
    """The messages whose text is not blank (what a classifier has something to say about)."""
    return [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TEXT).strip()]


class StoredComponent(GraphComponent):
    """A component built from the graph's arguments, keeping what it learns in its model storage.

    ``create`` builds it from its settings (the defaults completed by ``config``), the model storage and
    its resource; subclasses that train add what they learnt as further ``__init__`` arguments and read it
    back in :meth:`restore`.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(
        self,
        config: Optional[Dict[Text, Any]] = None,
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **(config or {})}
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StoredComponent":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "StoredComponent":
        """The component with what it stored (:meth:`restore`); untrained when nothing can be read."""
        if cls.restore.__func__ is StoredComponent.restore.__func__:  # type: ignore[attr-defined]
            return cls(config, model_storage, resource)  # it stores nothing
        try:
            with model_storage.read_from(resource) as directory:
                stored = cls.restore(directory)
        except (ValueError, OSError):
            logger.warning("%s: nothing stored could be read; it is left untrained.", cls.__name__)
            stored = {}
        return cls(config, model_storage, resource, **stored)

    @classmethod
    def restore(cls, directory: Path) -> Dict[str, Any]:
        """The ``__init__`` keyword arguments read back from the component's stored directory."""
        return {}


class StatelessComponent(StoredComponent):
    """A component with no settings and nothing to train (nothing stored, nothing restored)."""


class EntityRewriter(StatelessComponent):
    """Replaces the entities of each typed message by ``rewrite(text, entities)``."""

    @staticmethod
    def rewrite(text: str, entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = typed_text(message)
            if text is not None:
                message.set(ENTITIES, self.rewrite(text, message.get(ENTITIES) or []), add_to_output=True)
        return messages
