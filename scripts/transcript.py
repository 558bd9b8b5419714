"""Prints a real conversation with a running assistant (README transcript).

Usage: `make run` in one terminal, then `python3 scripts/transcript.py [http://127.0.0.1:8080]`.
"""

import json
import sys
import urllib.request

TURNS = [
    "bonjour",
    "je cherche un lieu d'accueil",
    "22300",
    '/inform{"profile":"salarie"}',
    "c koi le cpf",
    "j'ai 20 ans, sans diplôme, qui peut m'aider ?",
]


def main(base: str) -> None:
    session = None
    for text in TURNS:
        is_button = text.startswith("/inform")
        body = {"payload": text} if is_button else {"message": text}
        if session:
            body["session_id"] = session
        request = urllib.request.Request(
            f"{base}/api/chat", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            answer = json.loads(response.read())
        session = answer["session_id"]
        print(f"> **Vous** : {'[bouton] ' if is_button else ''}{text}")
        for message in answer["messages"]:
            line = message["text"].replace("\n", " ")
            buttons = " ".join(f"[{b['title']}]" for b in message.get("buttons") or [])
            print(f">\n> **Assistant** : {line}{(' ' + buttons) if buttons else ''}")
        print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
