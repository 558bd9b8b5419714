"""Sends each probe through POST /api/chat of the real stack (fresh session per probe), with the model of the
current inputs from the cache (it never trains).

    .venv/bin/python bench/probes/run_stack.py PROBES.yml OUT.jsonl [FIRST_PORT]

PROBES.yml: ``{probes: [{id, cat, text, ...}]}`` (bench/probes_written.yml, bench/probes2_written.yml); the stack
listens on FIRST_PORT (web, default 5881) and the two ports after it (Rasa, actions)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from bot.supervisor import Ports, Stack
from bot.training import cache_dir, ensure_model, fingerprint, model_path

PROBES = Path(sys.argv[1])
OUT = Path(sys.argv[2])
FIRST_PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 5881
PORTS = Ports(host="127.0.0.1", web=FIRST_PORT, rasa=FIRST_PORT + 1, actions=FIRST_PORT + 2)
LIMITS = {
    "BOT_RATE_CLIENT_PER_MINUTE": "100000",
    "BOT_RATE_CLIENT_BURST": "100000",
    "BOT_CLIENT_MAX_IN_FLIGHT": "1000",
    "BOT_RATE_SESSION_PER_MINUTE": "100000",
    "BOT_RATE_SESSION_BURST": "100000",
}


def say(text: str) -> tuple[int, dict]:
    body = json.dumps({"message": text}).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{PORTS.web}/api/chat", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 - loopback
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as error:
        return error.code, {"raw": error.read().decode("utf-8", "replace")}


def main() -> None:
    probes = yaml.safe_load(PROBES.read_text(encoding="utf-8"))["probes"]
    log_dir = Path(tempfile.mkdtemp(prefix="probes-stack-"))
    os.environ["INBOX_PATH"] = str(log_dir / "inbox.sqlite3")
    target = model_path(fingerprint())
    if not target.exists() and not (cache_dir() / "models" / target.name).exists():
        sys.exit(f"no cached model {target.name}: train it first (python -m bot train)")
    model = ensure_model()
    print("model", model, "logs", log_dir, flush=True)
    stack = Stack(model=model, ports=PORTS, log_dir=log_dir, extra_env=dict(LIMITS))
    with stack.serving(timeout=400) as running:
        print("pids", {n: p.pid for n, p in running.processes.items()}, flush=True)
        with OUT.open("w", encoding="utf-8") as out:
            for probe in probes:
                t0 = time.monotonic()
                status, answer = say(probe["text"])
                rec = {
                    "id": probe["id"],
                    "cat": probe["cat"],
                    "text": probe["text"],
                    "status": status,
                    "seconds": round(time.monotonic() - t0, 2),
                    "messages": answer.get("messages", answer),
                }
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                out.flush()
                print(probe["id"], status, rec["seconds"], flush=True)
    print("stopped", flush=True)


if __name__ == "__main__":
    main()
