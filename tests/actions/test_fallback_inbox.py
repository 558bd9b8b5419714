"""The "did you mean" fallback files the filtered question in the anonymous inbox, without the sender."""

from __future__ import annotations

import sqlite3

from actions.fallback import ActionDefaultAskAffirmation
from knowledge.inbox import Inbox
from tests.actions.test_actions import run, tracker


def test_fallback_records_text_and_best_guess_without_sender(_private_inbox):
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_cpf", "confidence": 0.31}]
    run(ActionDefaultAskAffirmation(), tracker(intent="nlu_fallback", text="zorglub formation <NOM>", ranking=ranking))
    [item] = Inbox(_private_inbox).items()
    assert (item.text, item.intent, item.confidence, item.count, item.reason) == (
        "zorglub formation <NOM>",
        "ask_cpf",
        0.31,
        1,
        "fallback",
    )
    assert (
        b"test"
        not in sqlite3.connect(str(_private_inbox))
        .execute("SELECT group_concat(text || intent) FROM items")
        .fetchone()[0]
        .encode()
    )


def test_button_payloads_are_not_recorded(_private_inbox):
    run(ActionDefaultAskAffirmation(), tracker(intent="nlu_fallback", text="/ask_cpf"))
    assert Inbox(_private_inbox).items() == []
