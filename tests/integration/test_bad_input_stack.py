"""The bad-input matrix through the real stack: clear 4xx or a French answer, never a 5xx."""

import json

import pytest


JSON = {"Content-Type": "application/json"}

BAD_BODIES = [
    b"{not json",
    b"[]",
    b'"hello"',
    b"null",
    json.dumps({"message": 42}).encode(),
    json.dumps({}).encode(),
    json.dumps({"message": "salut", "session_id": 12}).encode(),
    json.dumps({"message": "x" * 20000}).encode(),
    json.dumps({"payload": "/restart"}).encode(),
    json.dumps({"payload": '/greet{"location":"x"}'}).encode(),
]


@pytest.mark.parametrize("body", BAD_BODIES, ids=range(len(BAD_BODIES)))
def test_bad_bodies_get_a_json_4xx(client, body):
    status, raw = client.request("POST", "/api/chat", body, JSON)
    assert 400 <= status < 500, (status, raw[:200])
    assert "error" in json.loads(raw)


@pytest.mark.parametrize(
    "message",
    ["", "   ", "\u200b\u200b", "/restart", '/greet{"profile":"cadre"}', "a" * 5000, "bonjour\x00\x07", "é" * 999],
)
def test_odd_messages_get_a_french_answer(client, message):
    answer = client.say(message)
    assert answer["messages"] and all(m["text"] for m in answer["messages"])


def test_forged_session_id_gets_a_fresh_one(client):
    answer = client.say("bonjour", session_id="1.2.3.4")
    assert answer["session_id"] != "1.2.3.4" and len(answer["session_id"]) == 36


def test_unknown_places_on_the_api(client):
    status, raw = client.request("GET", "/api/access-points?q=Zzyzxville")
    assert status == 404 and "error" in json.loads(raw)
    status, _ = client.request("GET", "/api/access-points?q=22300&profile=astronaute")
    assert status == 400
    status, _ = client.request("GET", "/api/access-points")
    assert status == 400


def test_referral_api_for_a_real_postal_code(client):
    status, raw = client.request("GET", "/api/access-points?q=22300&profile=jeune&limit=2")
    assert status == 200
    data = json.loads(raw)
    assert data["resolved"]["department"] == "22"
    assert len(data["results"]) == 2
    assert data["results"][0]["distance_km"] <= data["results"][1]["distance_km"]
    assert data["operators"][0]["id"] == "missions_locales"
