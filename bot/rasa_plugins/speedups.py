"""Per-turn waste of Rasa 3.6 removed without changing what it does; installed by ``bot.rasa_plugins.run``.

Profiled with py-spy on the Rasa server under load (docs/deployment.md, "Capacity"): a fifth of its
CPU went to ``RemoteAction._validate_action_result``. It calls ``jsonschema.validate(result, schema)``
for every answer of the action server, and ``jsonschema.validate`` first checks the *schema* against
its meta-schema (``check_schema``) and builds a new validator: ~20 ms of CPU per turn for a schema
that never changes. Here the validator is built and the schema checked once per class; the answer
is validated exactly as before (same validator class, same ``best_match`` error, same message).

``EndpointConfig.request`` (every custom action) opened a new aiohttp ``ClientSession``, so a new TCP
connection to the action server, for each call, and closed it after: ~1.5 CPU ms per turn between the
two processes. Here each endpoint keeps one session per event loop, whose connections stay open for
``KEEPALIVE_S`` seconds of idleness (below the action server's 5 s Sanic keep-alive, so that the client,
not the server, closes an idle connection and a request never goes out on one the server just closed).
Same headers, authentication and timeout as Rasa's session; ``async with endpoint.session()`` still works.

Rasa runs its model graphs (the NLU pipeline on each message, the policies on each prediction) with
dask's local scheduler, whose bookkeeping (ordering, futures, task dicts) cost ~2.5 CPU ms a turn on a
graph of a dozen nodes that run one after the other anyway. ``DaskGraphRunner.run`` here calls the same
nodes, each once, in dependency order, with the same inputs and outputs and the same errors.

``ActionExtractSlots`` called the action server's ``action_validate_slot_mappings`` after every user message
when the domain has it, even when the message filled none of the slots it validates: here the call is made
only when the extracted slots include one of ``VALIDATED_SLOTS`` (the `location` of a message naming a
place, actions/slot_mappings.py); other turns keep Rasa's answer for a domain without the action (the
extracted slots as they are), which is what the action returns for them.

``Event.resolve_by_type`` (each event read back from a tracker store or an action server) walked every
subclass of ``Event`` (``inspect.isabstract`` on each): the class of each ``type_name`` is remembered.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Optional, Text, Type

__all__ = ["install", "installed", "KEEPALIVE_S"]

#: seconds an idle connection to an endpoint stays open (Sanic's default keep-alive is 5 s)
KEEPALIVE_S = 2.0

#: the slots ``action_validate_slot_mappings`` validates (actions/slot_mappings.py has ``validate_<slot>`` for
#: each and no ``extract_<slot>``): a turn that extracted none of them does not call it
VALIDATED_SLOTS = frozenset({"location"})

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


class _SharedSession:
    """What ``EndpointConfig.session()`` returns once patched: ``async with`` gives the endpoint's
    long-lived session and leaves it open (Rasa's code closes the session at the end of the block)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc: Any) -> None:
        return None

    def __getattr__(self, name: str) -> Any:  # e.g. ``endpoint.session().post(...)`` without ``async with``
        return getattr(self.session, name)


def _loop() -> Optional[asyncio.AbstractEventLoop]:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _session(self: Any) -> Any:
    """``EndpointConfig.session`` keeping one open session per endpoint and event loop."""
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    loop = _loop()
    shared = getattr(self, "_speedups_session", None)
    if loop is None:  # outside a loop nothing can be reused: Rasa's own behaviour
        return _ORIGINAL_SESSION(self)
    if shared is None or shared.closed or getattr(self, "_speedups_loop", None) is not loop:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        shared = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S),
        )
        self._speedups_session, self._speedups_loop = shared, loop
    return _SharedSession(shared)


_ORIGINAL_SESSION: Any = None
_ORIGINAL_RESOLVE: Any = None
_ORIGINAL_GRAPH_RUN: Any = None
_ORIGINAL_VALIDATION: Any = None
#: event type name -> its Event class
_EVENT_TYPES: Dict[Text, Type] = {}


def _resolve_by_type(type_name: Text, default: Optional[Type] = None) -> Optional[Type]:
    """``Event.resolve_by_type`` remembering what it found (misses and errors go through Rasa's)."""
    cls = _EVENT_TYPES.get(type_name)
    if cls is None:
        cls = _ORIGINAL_RESOLVE(type_name, default)
        if cls is not None and cls is not default and getattr(cls, "type_name", None) == type_name:
            _EVENT_TYPES[type_name] = cls
    return cls


def _run_graph(self: Any, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[Any] = None) -> Dict[Text, Any]:
    """``DaskGraphRunner.run`` without dask: each node of the targets' sub-graph once, after its needs.

    As with dask, a node receives ``(name, output)`` for each need that is a node or an input, and the
    bare name of a need nothing provides (``GraphNode`` then warns); the result maps each target to its
    output; a ``RuntimeError`` becomes Rasa's ``GraphRunError``."""
    from rasa.engine.exceptions import GraphRunError

    run_targets = targets if targets else self._graph_schema.target_names
    nodes = self._graph_schema.minimal_graph_schema(run_targets).nodes
    results: Dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in nodes or value in (inputs or {})):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure "
                f"that none of the input names passed to the `run` method are the "
                f"same as node names in the graph schema."
            )
        results[name] = (name, value)

    def compute(name: Text) -> Any:
        if name in results:
            return results[name]
        node = nodes.get(name)
        if node is None:
            return name
        output = self._instantiated_nodes[name](*[compute(need) for need in node.needs.values()])
        results[name] = output
        return output

    try:
        return dict(compute(name) for name in run_targets)
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


async def _execute_validation_action(
    self: Any, extraction_events: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> Any:
    """``ActionExtractSlots._execute_validation_action`` calling the action server only when a slot of
    VALIDATED_SLOTS was extracted (else the extracted slots, as Rasa returns them without the action)."""
    from rasa.shared.core.events import SlotSet

    slot_events = [event for event in extraction_events if isinstance(event, SlotSet)]
    if not any(event.key in VALIDATED_SLOTS for event in slot_events):
        return slot_events
    return await _ORIGINAL_VALIDATION(self, extraction_events, output_channel, nlg, tracker, domain)


def install() -> None:
    """Patches Rasa (idempotent). Call before Rasa serves its first message."""
    global _INSTALLED
    if _INSTALLED:
        return
    global _ORIGINAL_SESSION, _ORIGINAL_RESOLVE, _ORIGINAL_GRAPH_RUN, _ORIGINAL_VALIDATION
    from rasa.core.actions.action import ActionExtractSlots, RemoteAction
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import Event
    from rasa.utils.endpoints import EndpointConfig

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    _ORIGINAL_SESSION = EndpointConfig.session
    EndpointConfig.session = _session  # type: ignore[method-assign]
    _ORIGINAL_GRAPH_RUN = DaskGraphRunner.run
    DaskGraphRunner.run = _run_graph  # type: ignore[method-assign]
    _ORIGINAL_RESOLVE = Event.resolve_by_type
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign]
    _ORIGINAL_VALIDATION = ActionExtractSlots._execute_validation_action
    ActionExtractSlots._execute_validation_action = _execute_validation_action  # type: ignore[method-assign]
    _INSTALLED = True


def installed() -> bool:
    """True once :func:`install` has run in this process."""
    return _INSTALLED
