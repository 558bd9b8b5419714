"""bot.rasa_plugins.speedups: the action server's answers are validated as Rasa does, without re-checking the schema."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from typing import Any, AsyncIterator

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_plugins import speedups as rasa_speedups
from bot.paths import ROOT

ORIGINAL = RemoteAction._validate_action_result

GOOD = {
    "events": [{"event": "slot", "name": "location", "value": "Rennes"}],
    "responses": [{"text": "Bonjour", "buttons": []}],
}
BAD = [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": [3]},
]


@pytest.fixture()
def action() -> RemoteAction:
    rasa_speedups.install()
    return RemoteAction("action_x", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_install_replaces_rasa_method():
    rasa_speedups.install()
    rasa_speedups.install()  # idempotent
    assert rasa_speedups.installed()
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result


def test_valid_answer_passes(action):
    assert action._validate_action_result(GOOD) is True
    assert ORIGINAL(action, GOOD) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_answer_raises_the_same_error_as_rasa(action, result):
    with pytest.raises(ValidationError) as ours:
        action._validate_action_result(result)
    with pytest.raises(ValidationError) as rasas:
        ORIGINAL(action, result)
    assert ours.value.message == rasas.value.message
    assert list(ours.value.path) == list(rasas.value.path)
    assert "Failed to validate Action server response" in ours.value.message


def test_schema_is_checked_once(action, monkeypatch):
    calls = []
    validator = rasa_speedups._response_validator(RemoteAction)
    real_check = type(validator).check_schema
    monkeypatch.setattr(type(validator), "check_schema", classmethod(lambda cls, s: calls.append(s) or real_check(s)))
    for _ in range(5):
        action._validate_action_result(GOOD)
    assert calls == []
    # Rasa's own path checks the schema on every answer: the waste removed
    monkeypatch.setattr(jsonschema.validators, "validator_for", lambda schema, default=None: type(validator))
    ORIGINAL(action, GOOD)
    assert len(calls) == 1


def test_rasa_run_is_rasas_command_line():
    """``python -m bot.rasa_plugins.run`` is Rasa's CLI (its --help lists Rasa's commands)."""
    out = subprocess.run(
        [sys.executable, "-m", "bot.rasa_plugins.run", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "run" in out.stdout and "train" in out.stdout


@contextlib.asynccontextmanager
async def _webhook_endpoint(handler: Any) -> AsyncIterator[EndpointConfig]:
    """An EndpointConfig pointing at a loopback aiohttp server whose POST /webhook is ``handler``."""
    from aiohttp import web

    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    try:
        yield endpoint
    finally:
        session = getattr(endpoint, "_speedups_session", None)
        if session is not None:
            await session.close()
        await runner.cleanup()


def test_endpoint_requests_reuse_one_connection():
    """Two custom-action calls through one endpoint go over the same TCP connection (Rasa opened a new
    session, so a new connection, for each), and the answers are Rasa's (parsed JSON)."""
    import asyncio

    from aiohttp import web

    rasa_speedups.install()
    peers = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"echo": await request.json()})

    async def scenario() -> list:
        async with _webhook_endpoint(webhook) as endpoint:
            answers = [await endpoint.request(json={"n": n}, method="post") for n in range(3)]
            async with endpoint.session() as session:  # Rasa's other use (model server): still a session
                assert not session.closed
            return answers

    answers = asyncio.run(scenario())
    assert answers == [{"echo": {"n": n}} for n in range(3)]
    assert len(peers) == 3 and len(set(peers)) == 1


def test_endpoint_error_status_still_raises():
    import asyncio

    from aiohttp import web
    from rasa.core.actions.action import ClientResponseError

    rasa_speedups.install()

    async def scenario() -> None:
        async with _webhook_endpoint(lambda request: web.json_response({"error": "x"}, status=500)) as endpoint:
            with pytest.raises(ClientResponseError):
                await endpoint.request(json={}, method="post")

    asyncio.run(scenario())


class _Node:
    """Stands for a GraphNode: records its calls, returns ``(name, output)`` as GraphNode does."""

    def __init__(self, name: str, calls: list) -> None:
        self.name, self.calls = name, calls

    def __call__(self, *inputs):
        self.calls.append(self.name)
        received = [i if isinstance(i, str) else f"{i[0]}={i[1]}" for i in inputs]
        if self.name == "broken":
            raise RuntimeError("boom")
        return self.name, f"{self.name}({','.join(received)})"


def _runner(run):
    """A DaskGraphRunner over a small diamond graph with fake nodes, run by ``run``."""
    from rasa.engine.graph import GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner

    needs = {
        "tokens": {"messages": "__message__"},
        "features": {"messages": "tokens"},
        "intent": {"messages": "features"},
        "entities": {"messages": "features", "extra": "tokens"},
        "output": {"a": "intent", "b": "entities", "c": "missing"},
        "unused": {"messages": "__message__"},
        "broken": {"messages": "tokens"},
    }
    schema = GraphSchema(
        {
            name: SchemaNode(needs=n, uses=object, constructor_name="load", fn="process", config={})
            for name, n in needs.items()
        }
    )
    calls: list = []
    runner = object.__new__(DaskGraphRunner)
    runner._graph_schema = schema
    runner._execution_context = None
    runner._instantiated_nodes = {name: _Node(name, calls) for name in needs}
    return (lambda inputs, targets: run(runner, inputs, targets)), calls


@pytest.mark.parametrize("targets", [["output"], ["intent", "entities"], ["tokens"]])
def test_graph_runner_gives_dasks_results(targets):
    """Same outputs as Rasa's dask runner, each node run once, nothing outside the targets' sub-graph."""
    from rasa.engine.runner.dask import DaskGraphRunner

    rasa_speedups.install()
    ours, our_calls = _runner(rasa_speedups._run_graph)
    dasks, dask_calls = _runner(rasa_speedups._ORIGINAL_GRAPH_RUN)
    assert DaskGraphRunner.run is rasa_speedups._run_graph
    inputs = {"__message__": "bonjour"}
    assert ours(inputs, targets) == dasks(inputs, targets)
    assert sorted(our_calls) == sorted(dask_calls) and len(our_calls) == len(set(our_calls))
    assert "unused" not in our_calls


def test_graph_runner_errors_are_rasas():
    from rasa.engine.exceptions import GraphRunError

    rasa_speedups.install()
    ours, _ = _runner(rasa_speedups._run_graph)
    dasks, _ = _runner(rasa_speedups._ORIGINAL_GRAPH_RUN)
    for run in (ours, dasks):
        with pytest.raises(GraphRunError):
            run({"__message__": "x"}, ["broken"])
        with pytest.raises(GraphRunError):  # an input value naming a node
            run({"__message__": "tokens"}, ["tokens"])


def test_event_types_are_remembered():
    from rasa.shared.core.events import ActionExecuted, Event, UserUttered

    rasa_speedups.install()
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_slot_mapping_validation_is_called_only_when_a_validated_slot_was_extracted():
    """A turn that filled no VALIDATED_SLOTS gets Rasa's answer for a domain without the action, and the
    action server is not called; a turn that filled `location` goes through Rasa's own method."""
    import asyncio

    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.events import ActionExecuted, SlotSet

    from actions.slot_mappings import ValidateSlotMappings

    rasa_speedups.install()
    assert ActionExtractSlots._execute_validation_action is rasa_speedups._execute_validation_action
    calls = []

    async def original(self, events, *rest):
        calls.append([e.key for e in events if isinstance(e, SlotSet)])
        return ["validated"]

    saved = rasa_speedups._ORIGINAL_VALIDATION
    rasa_speedups._ORIGINAL_VALIDATION = original
    try:
        action = ActionExtractSlots(None)
        profile = [SlotSet("profile", "salarie"), ActionExecuted("x")]
        assert asyncio.run(action._execute_validation_action(profile, None, None, None, None)) == profile[:1]
        assert asyncio.run(action._execute_validation_action([], None, None, None, None)) == []
        assert calls == []
        place = [SlotSet("location", "Calvi"), SlotSet("profile", "salarie")]
        assert asyncio.run(action._execute_validation_action(place, None, None, None, None)) == ["validated"]
        assert calls == [["location", "profile"]]
    finally:
        rasa_speedups._ORIGINAL_VALIDATION = saved
    # the slots skipped are exactly those the action does not validate (and it extracts none itself)
    validated = {n[len("validate_") :] for n in dir(ValidateSlotMappings) if n.startswith("validate_")}
    assert validated == set(rasa_speedups.VALIDATED_SLOTS)
    assert not [n for n in dir(ValidateSlotMappings) if n.startswith("extract_")]
