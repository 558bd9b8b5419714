"""Every action answers something, even when it fails, and never logs the conversation."""

from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

logger = logging.getLogger(__name__)

Run = Callable[..., Awaitable[List[Dict[str, Any]]]]


def answers_on_error(run: Run) -> Run:
    """Wraps ``Action.run``: on any exception, utter ``utter_action_error`` and return no events.

    Only the exception type is logged: messages and slots may hold what the
    visitor typed.
    """

    @functools.wraps(run)
    async def wrapper(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception as error:  # noqa: BLE001 - the visitor must get an answer
            logger.error("action %s failed: %s", self.name(), type(error).__name__)
            dispatcher.utter_message(response="utter_action_error")
            return []

    return wrapper
