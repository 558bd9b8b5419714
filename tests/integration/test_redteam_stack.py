"""Red-team pass of 2026-12-01 through the real stack: what a visitor's text can make of Rasa's
response templates, and identities typed inside a button payload's JSON. Identities are synthetic."""

from __future__ import annotations

import json

import pytest

from knowledge.inbox import Inbox
from tests.integration.conftest import PORTS, Client, texts

JSON = {"Content-Type": "application/json"}
NAME = "Ysolde Quarantelli"  # invented
PHONE = "06 39 98 12 34"  # ARCEP range reserved for fiction


def _asking_for_a_place() -> Client:
    client = Client(f"http://127.0.0.1:{PORTS.web}")
    client.say("je cherche un lieu d'accueil")
    return client


@pytest.mark.parametrize("typed", ["Zorglub0[x]", "Kzx 0[lieu]", "{location}"])
def test_unknown_place_typed_with_brackets_is_quoted_back_not_the_raw_template(stack, typed):
    """Rasa gives back a response's raw template ("Je ne trouve pas « {location} »") when its rendering
    holds "0[": a visitor's brackets must not do that (nor braces read like a placeholder)."""
    said = texts(_asking_for_a_place().say(typed))
    assert "Je ne trouve pas «" in said, said
    assert "{location}" not in said and "0[" not in said, said


@pytest.mark.parametrize("typed", ["Zorglub{0[location]}", "{{location}} 0[0]", "${location}"])
def test_no_raw_template_whatever_the_classifier_makes_of_a_bracketed_place(stack, typed):
    """Texts the classifier may read as out of scope rather than as a place ("Zorglub{0[location]}" does, with
    the model of 2026-12-01): whatever answers, no raw template and no echoed bracket reaches the visitor."""
    said = texts(_asking_for_a_place().say(typed))
    assert said and "{location}" not in said and "0[" not in said and "{" not in said, said


@pytest.mark.parametrize(
    "typed",
    [
        f'/inform{{"location":"{NAME} {PHONE}"}}',
        f'inform{{"location":"{NAME}"}}',
        f'nom="{NAME}"',
        f'{{"nom":"{NAME}","tel":"{PHONE}"}}',
    ],
)
def test_identity_typed_inside_json_never_reaches_rasa_or_the_inbox(stack, inbox_path, typed):
    """A button payload typed as text (or any key="value" text) goes through the privacy filter like
    the rest: the name glued to its quote is removed too, so neither the answer nor the inbox holds it."""
    client = Client(f"http://127.0.0.1:{PORTS.web}")
    answer = client.say(typed)
    assert "retiré" in texts(answer), texts(answer)
    dumped = json.dumps(answer, ensure_ascii=False)
    for part in (*NAME.split(), PHONE):
        assert part not in dumped
    if inbox_path.exists():
        stored = " ".join(item.text for item in Inbox(inbox_path).items())
        for part in NAME.split():
            assert part not in stored


def test_place_list_buttons_work_only_as_offered_in_their_own_session(stack):
    """The "more places" and "only this kind" buttons carry JSON entities (location, place_offset,
    place_kind): replayed in another session, or with another offset or kind, they are refused."""
    owner = Client(f"http://127.0.0.1:{PORTS.web}")
    answer = owner.say("je cherche un lieu d'accueil à Lannion")
    offered = [b["payload"] for m in answer["messages"] for b in m.get("buttons") or []]
    place_buttons = [p for p in offered if p.startswith("/find_access_point{")]
    assert place_buttons, offered
    stranger = Client(f"http://127.0.0.1:{PORTS.web}")
    stranger.say("bonjour")
    for payload in place_buttons:
        body = {"payload": payload, "session_id": stranger.session_id}
        status, raw = stranger.request("POST", "/api/chat", json.dumps(body).encode(), JSON)
        assert status == 400, (payload, raw[:200])
    forged = place_buttons[0].replace('"3"', '"30"').replace("mission_locale", "apec")
    assert forged != place_buttons[0]
    body = {"payload": forged, "session_id": owner.session_id}
    status, _ = owner.request("POST", "/api/chat", json.dumps(body).encode(), JSON)
    assert status == 400
    assert "km" in texts(owner.click(place_buttons[0]))
