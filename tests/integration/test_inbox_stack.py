"""Through the real stack: a question the assistant cannot understand lands in the anonymous inbox,
filtered (no name, no phone), without the session id or anything else identifying."""

from __future__ import annotations

import re
import sqlite3

from knowledge.inbox import Inbox
from tests.integration.conftest import PORTS, Client, texts

UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# Gibberish carrying a synthetic name and phone number. A phone placeholder alone pulls most sentences
# towards talk_to_human, so several wordings are tried: at least one must reach the "did you mean" fallback.
MESSAGES = [
    "zorglubation du fribouillard quantique, signé Gaston Testanonyme, 06 12 34 56 78",
    "Gaston Testanonyme 06 12 34 56 78 : le fribouillard a-t-il une zorglubation ?",
    "fribouillard quantique zorglub, cordialement Gaston Testanonyme 06 12 34 56 78",
]
FALLBACK = "pas sûr d'avoir compris"


def _matching(inbox_path, words: str):
    return [i for i in Inbox(inbox_path).items() if words in i.text]


def test_misunderstood_question_lands_in_the_inbox_filtered_and_unlinked(stack, inbox_path):
    sessions, understood_not = [], []
    for message in MESSAGES:
        client = Client(f"http://127.0.0.1:{PORTS.web}")
        answer = texts(client.say(message))
        sessions.append(client.session_id)
        if FALLBACK in answer:
            understood_not.append(message)
    assert understood_not, "no wording reached the fallback: pick other gibberish"
    items = Inbox(inbox_path).items()
    assert len(items) >= len(understood_not), items
    for item in items:
        assert "Testanonyme" not in item.text and "Gaston" not in item.text
        assert not re.search(r"\d{2}[ .]?\d{2}[ .]?\d{2}", item.text)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.first_day) and item.first_day == item.last_day
    assert any("fribouillard" in i.text for i in items)

    raw = inbox_path.read_bytes()
    for secret in [b"Testanonyme", b"Gaston", b"06 12 34", b"0612345678"] + [s.encode() for s in sessions]:
        assert secret not in raw
    assert not UUID.search(raw)
    columns = {r[1] for r in sqlite3.connect(str(inbox_path)).execute("PRAGMA table_info(items)")}
    assert not {"sender_id", "session_id", "timestamp"} & columns

    # the same question from another visitor, with another name, merges into the same item
    before = {i.id: i.count for i in Inbox(inbox_path).items()}
    other = Client(f"http://127.0.0.1:{PORTS.web}")
    assert FALLBACK in texts(other.say(understood_not[0].replace("Gaston Testanonyme", "Odile Essaifictive")))
    after = {i.id: i.count for i in Inbox(inbox_path).items()}
    assert set(after) == set(before) and sum(after.values()) == sum(before.values()) + 1
    assert b"Essaifictive" not in inbox_path.read_bytes()


def _first_fallback(client: Client, candidates) -> str:
    """Sends candidates until one gets "did you mean …?"; returns it."""
    for message in candidates:
        if FALLBACK in texts(client.say(message)):
            return message
    raise AssertionError("no wording reached the fallback: pick other gibberish")


def test_refused_suggestion_and_second_fallback_land_in_the_inbox(stack, inbox_path):
    """The Rasa-side doors: "Autre chose" after "did you mean", then a question not understood twice."""
    refused = Client(f"http://127.0.0.1:{PORTS.web}")
    _first_fallback(refused, ["gloubiboulga du zigouigoui ondulatoire, Gaston Testanonyme"])
    refused.click("/out_of_scope")
    # a second message not understood either: Rasa gives up (utter_default); gibberish the model reads as
    # out of scope asks to rephrase instead, so try the next wording in a new conversation
    sessions = []
    for second_message in [
        "blorptoune quantifiable du zigouigoui, signé Gaston Testanonyme",
        "grumphlette du schtroumpf ondulatoire, signé Gaston Testanonyme",
        "blorptoune quantifiable du schtroumpf, signé Gaston Testanonyme",
        "flubzorg tramblique du vrognard, signé Gaston Testanonyme",
        "zorglub plifplaf du grobidule, signé Gaston Testanonyme",
    ]:
        again = Client(f"http://127.0.0.1:{PORTS.web}")
        _first_fallback(again, ["schmilblick du zigouigoui ondulatoire"])
        sessions.append(again.session_id)
        if "Je n'ai pas compris votre demande" in texts(again.say(second_message)):  # utter_default
            break
    else:
        raise AssertionError("no second message reached Rasa's give-up: pick other gibberish")
    gibberish = second_message.split(",")[0]
    reasons = {i.text: i.reason for i in Inbox(inbox_path).items()}
    assert any("gloubiboulga" in t and r == "refused" for t, r in reasons.items()), reasons
    assert any(gibberish in t and r == "second_fallback" for t, r in reasons.items()), reasons
    raw = inbox_path.read_bytes()
    for secret in [b"Testanonyme", b"Gaston", refused.session_id.encode()] + [s.encode() for s in sessions]:
        assert secret not in raw


# Questions the model answered with a confidence between the fallback threshold (0.3) and the band (0.5) on
# 2026-11-30 (0.42 and 0.48): at least one of them must still be filed as low_confidence.
HESITANT = [
    "je veux bosser dans l'informatique",
    "aide pour le permis de conduire",
    "je sais plus quoi faire de ma vie pro, Gaston Testanonyme",
]


def test_low_confidence_answers_land_in_the_inbox(stack, inbox_path):
    for message in HESITANT:
        Client(f"http://127.0.0.1:{PORTS.web}").say(message)
    low = [i for i in Inbox(inbox_path).items() if i.reason == "low_confidence"]
    assert low, "no hesitant question was filed: pick others (see the inbox's confidences)"
    # the band applies to the raw confidence; the inbox stores it rounded to 3 decimals (0.4996 -> 0.5)
    assert all(0.3 <= i.confidence <= 0.5 and i.intent for i in low), low
    assert all("Testanonyme" not in i.text for i in low)
