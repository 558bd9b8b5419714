"""Locust visitors for bench/load/run.py (headless, loopback only).

- ``FrontVisitor``: a visitor of the web front (POST /api/chat): one conversation of 5-10 turns,
  think time between turns, about 1 % bad input (empty, too long, a button never offered).
- ``RasaVisitor``: the same conversations straight to Rasa's REST channel (``LOAD_RASA_URL``), to see
  what the front adds.

A degraded answer (the front's fallback, or an empty Rasa answer) counts as a failure named
``degraded``; a bad input must get its 4xx or local answer, never a 5xx.
Environment: ``LOAD_THINK_MIN`` / ``LOAD_THINK_MAX`` (seconds, default 1 and 3), ``LOAD_RASA_URL``.
"""

from __future__ import annotations

import json
import os
import random
import uuid

from locust import HttpUser, between, task

MESSAGES = [
    "bonjour",
    "je cherche un emploi",
    "je voudrais changer de métier",
    "je suis étudiant",
    "comment faire un bilan de compétences",
    "je cherche une formation près de Rennes",
    "je voudrais parler à un conseiller",
    "que pouvez-vous faire",
    "je veux créer mon entreprise",
    "où trouver une mission locale à Lannion",
    "j'ai 45 ans et je suis salarié",
    "merci",
    "je suis demandeur d'emploi depuis 6 mois",
    "qu'est-ce que le CEP",
    "au revoir",
]
BAD_INPUTS = [
    {"message": ""},
    {"message": "x" * 1500},
    {"payload": '/inform{"location":"Nulle-Part"}'},
]
THINK = between(float(os.environ.get("LOAD_THINK_MIN", 1)), float(os.environ.get("LOAD_THINK_MAX", 3)))


class FrontVisitor(HttpUser):
    """A visitor of the web front."""

    wait_time = THINK

    def on_start(self) -> None:
        self.session_id: str | None = None
        self.left = random.randint(5, 10)

    @task
    def turn(self) -> None:
        if self.left <= 0:  # the conversation is over: a new visitor comes
            self.on_start()
        self.left -= 1
        if random.random() < 0.01:
            body = dict(random.choice(BAD_INPUTS))
            if self.session_id:
                body["session_id"] = self.session_id
            with self.client.post("/api/chat", json=body, name="bad input", catch_response=True) as resp:
                if resp.status_code >= 500:
                    resp.failure(f"HTTP {resp.status_code}")
                else:
                    resp.success()
            return
        body = {"message": random.choice(MESSAGES)}
        if self.session_id:
            body["session_id"] = self.session_id
        with self.client.post("/api/chat", json=body, name="chat", catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}")
                return
            answer = resp.json()
            self.session_id = answer.get("session_id")
            if answer.get("degraded"):
                resp.failure("degraded")


class RasaVisitor(HttpUser):
    """The same conversations sent to Rasa's REST channel directly."""

    wait_time = THINK
    host = os.environ.get("LOAD_RASA_URL", "http://127.0.0.1:5005")

    def on_start(self) -> None:
        self.sender = str(uuid.uuid4())
        self.left = random.randint(5, 10)

    @task
    def turn(self) -> None:
        if self.left <= 0:
            self.on_start()
        self.left -= 1
        body = {"sender": self.sender, "message": random.choice(MESSAGES)}
        with self.client.post(
            "/webhooks/rest/webhook",
            data=json.dumps(body),
            name="rasa",
            headers={"Content-Type": "application/json"},
            catch_response=True,
        ) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}")
            elif not resp.json():
                resp.failure("degraded")
