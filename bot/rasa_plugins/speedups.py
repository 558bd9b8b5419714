"""Per-turn waste of Rasa 3.6 removed without changing what it does; installed by ``bot.rasa_plugins.run``.

Profiled with py-spy on the Rasa server under load (docs/deployment.md, "Capacity"): a fifth of its
CPU went to ``RemoteAction._validate_action_result``. It calls ``jsonschema.validate(result, schema)``
for every answer of the action server, and ``jsonschema.validate`` first checks the *schema* against
its meta-schema (``check_schema``) and builds a new validator: ~20 ms of CPU per turn for a schema
that never changes. Here the validator is built and the schema checked once per class; the answer
is validated exactly as before (same validator class, same ``best_match`` error, same message).
"""

from __future__ import annotations

from typing import Any, Dict, Text, Type

__all__ = ["install", "installed"]

#: RemoteAction class -> jsonschema validator of its response schema
_VALIDATORS: Dict[Type, Any] = {}
_INSTALLED = False


def _response_validator(action_class: Type) -> Any:
    """The validator of ``action_class.action_response_format_spec()``, built (and checked) once."""
    validator = _VALIDATORS.get(action_class)
    if validator is None:
        from jsonschema.validators import validator_for

        schema = action_class.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        validator = _VALIDATORS[action_class] = cls(schema)
    return validator


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a cached validator (same errors as Rasa's)."""
    from jsonschema import exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(_response_validator(type(self)).iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Patches Rasa (idempotent). Call before Rasa serves its first message."""
    global _INSTALLED
    if _INSTALLED:
        return
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    _INSTALLED = True


def installed() -> bool:
    """True once :func:`install` has run in this process."""
    return _INSTALLED
