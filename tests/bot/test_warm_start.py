"""bot.rasa_plugins.warm_start: the Rasa server parses a fixed sentence once its agent is loaded, before it listens."""

from __future__ import annotations

import asyncio

import rasa.core.run as rasa_run

from bot.rasa_plugins import warm_start


class _Agent:
    def __init__(self, ready: bool = True) -> None:
        self.ready = ready
        self.parsed: list[str] = []

    def is_ready(self) -> bool:
        return self.ready

    async def parse_message(self, text: str) -> dict:
        self.parsed.append(text)
        return {}


def test_the_loaded_agent_parses_the_warm_up_sentence_once(monkeypatch):
    agent = _Agent()

    async def load(*args, **kwargs):
        return agent

    monkeypatch.setattr(rasa_run, "load_agent_on_start", load)
    warm_start.install()
    warm_start.install()  # installing twice wraps once
    assert asyncio.run(rasa_run.load_agent_on_start("model.tar.gz", None, None, None, None)) is agent
    assert agent.parsed == [warm_start.WARM_UP_TEXT]


def test_an_agent_without_a_model_is_returned_without_a_parse(monkeypatch):
    agent = _Agent(ready=False)

    async def load(*args, **kwargs):
        return agent

    monkeypatch.setattr(rasa_run, "load_agent_on_start", load)
    warm_start.install()
    asyncio.run(rasa_run.load_agent_on_start("model.tar.gz", None, None, None, None))
    assert agent.parsed == []


def test_the_action_package_loads_the_knowledge_at_import():
    import actions  # noqa: F401 - its import is what is tested
    from knowledge import referral

    assert referral._index.cache_info().currsize == 1
