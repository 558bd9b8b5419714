"""The anonymous inbox: merging, retention, cap, privacy, no session link."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from knowledge.inbox import Inbox, default_path, merge_key, record_misunderstood, scrub


class Clock:
    """A settable 'today'."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock():
    return Clock(dt.date(2026, 11, 30))


@pytest.fixture
def inbox(tmp_path, clock):
    return Inbox(tmp_path / "inbox.sqlite3", today=clock, max_items=5)


def test_near_duplicates_merge_with_a_count(inbox, clock):
    first = inbox.add("Comment faire une VAE en 2025 ?", "ask_vae", 0.31)
    clock.day += dt.timedelta(days=2)
    second = inbox.add("comment  faire une vae en 2026", "ask_vae", 0.40)
    third = inbox.add("COMMENT FAIRE UNE VAÉ EN 2027 ?!", "ask_cpf", 0.22)
    assert first == second == third
    [item] = inbox.items()
    assert item.count == 3
    assert (item.first_day, item.last_day) == ("2026-11-30", "2026-12-02")
    assert item.intent == "ask_cpf" and item.confidence == pytest.approx(0.22)
    assert inbox.add("tout autre chose", None, None) != first
    assert len(inbox.items()) == 2


def test_merge_key_uses_the_shared_folding():
    assert merge_key("Élève  à  Saint-Étienne 42000") == "eleve a saint etienne 0"


def test_retention_purges_old_items_at_start_and_daily(tmp_path, clock):
    path = tmp_path / "inbox.sqlite3"
    box = Inbox(path, today=clock)
    box.add("question ancienne", "greet", 0.2)
    clock.day += dt.timedelta(days=91)
    assert Inbox(path, today=clock).items() == []  # purged on opening
    box.add("question du jour", "greet", 0.2)
    later = Inbox(path, today=clock)
    clock.day += dt.timedelta(days=91)
    later.add("question suivante", "greet", 0.2)  # first write of a new day purges
    assert [i.text for i in later.items()] == ["question suivante"]


def test_cap_drops_oldest_unlabelled(inbox, clock):
    ids = []
    for n in range(5):
        ids.append(inbox.add(f"question numero {'abcde'[n]}", "greet", 0.1))
        clock.day += dt.timedelta(days=1)
    inbox.label(ids[0], "ask_cpf")  # the oldest, but labelled: kept
    inbox.add("question numero f", "greet", 0.1)
    texts = {i.text for i in inbox.items()}
    assert len(texts) == 5
    assert "question numero a" in texts and "question numero b" not in texts


def test_full_of_labelled_items_keeps_them(inbox):
    for n in range(5):
        inbox.label(inbox.add(f"question {'abcde'[n]}", None, None), "greet")
    assert inbox.add("encore une", None, None) is None
    assert len(inbox.items()) == 5


def test_no_session_link_in_the_schema(inbox):
    inbox.add("bonjour le robot", "greet", 0.3)
    db = sqlite3.connect(str(inbox.path))
    columns = {row[1] for row in db.execute("PRAGMA table_info(items)")}
    assert columns == {
        "id",
        "merge_key",
        "text",
        "intent",
        "confidence",
        "count",
        "first_day",
        "last_day",
        "label",
        "status",
        "reason",
    }
    assert not {"sender_id", "session_id", "timestamp", "created_at"} & columns
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"items", "meta"}


def test_ids_are_random_not_sequential(inbox):
    ids = [inbox.add(f"question {c}", None, None) for c in "abcd"]
    assert all(100_000 <= i < 1_000_000 for i in ids)
    assert ids != sorted(ids) or ids[-1] - ids[0] != 3


def test_planted_email_and_phone_never_land(inbox):
    inbox.add("écrivez à jean.testeur@exemple.invalid ou au 06 12 34 56 78 pour le CPF", "ask_cpf", 0.2)
    inbox.add("mon numéro 0612345678 et mail test (at) exemple . org", "ask_cpf", 0.2)
    raw = inbox.path.read_bytes()
    for secret in (b"jean.testeur", b"exemple.invalid", b"12 34 56", b"0612345678", b"exemple . org"):
        assert secret not in raw
    texts = [i.text for i in inbox.items()]
    assert "écrivez à <EMAIL> ou au <NUMERO> pour le CPF" in texts


def test_a_crisis_message_is_never_kept(inbox):
    """Suicide, a wish to die, self-harm: health data, and the answer does not depend on the model."""
    assert inbox.add("j'ai envie de mourir, personne ne veut de moi", "out_of_scope", 0.41) is None
    assert inbox.add("tout le monde serait mieux sans moi", "express_distress", 0.35) is None
    assert inbox.add("je veux en finir avec le chômage", "ask_unemployment", 0.4) is not None  # a figure of speech
    assert [item.text for item in inbox.items()] == ["je veux en finir avec le chômage"]


def test_scrub_keeps_postal_codes_and_placeholders():
    assert scrub("CIO à 22300 pour <NOM>") == "CIO à 22300 pour <NOM>"
    assert scrub("x" * 1000) == "x" * 300


def test_file_is_private(inbox):
    assert oct(inbox.path.stat().st_mode & 0o777) == "0o600"


def test_default_path_and_switch(monkeypatch, tmp_path):
    monkeypatch.setenv("INBOX_PATH", "off")
    assert default_path() is None
    assert record_misunderstood("bonjour", "greet", 0.1) is None
    monkeypatch.setenv("INBOX_PATH", str(tmp_path / "x.sqlite3"))
    assert record_misunderstood("bonjour", "greet", 0.1) is not None
    monkeypatch.delenv("INBOX_PATH")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "orientation-assistant" / "inbox.sqlite3"


def test_reason_is_kept_and_a_refusal_does_not_count_as_asking_again(inbox):
    item_id = inbox.add("zorglub formation", "ask_cpf", 0.28)
    assert inbox.get(item_id).reason == "fallback"
    assert inbox.add("zorglub formation", "ask_cpf", 0.28, "refused") == item_id
    item = inbox.get(item_id)
    assert (item.reason, item.count) == ("refused", 1)
    inbox.add("Zorglub  formation", "ask_cpf", 0.3, "low_confidence")
    assert (inbox.get(item_id).reason, inbox.get(item_id).count) == ("low_confidence", 2)


def test_an_inbox_from_before_the_reasons_opens_and_gains_the_column(tmp_path, clock):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(str(path))
    db.executescript(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, merge_key TEXT NOT NULL UNIQUE, text TEXT NOT NULL,"
        " intent TEXT, confidence REAL, count INTEGER NOT NULL DEFAULT 1, first_day TEXT NOT NULL,"
        " last_day TEXT NOT NULL, label TEXT, status TEXT NOT NULL DEFAULT 'new');"
        "INSERT INTO items VALUES (123456, 'vieux', 'vieux', NULL, NULL, 1, '2026-11-30', '2026-11-30', NULL, 'new');"
    )
    db.commit()
    db.close()
    inbox = Inbox(path, today=clock)
    assert inbox.get(123456).reason is None
    assert inbox.get(inbox.add("nouveau", "greet", 0.4, "second_fallback")).reason == "second_fallback"
