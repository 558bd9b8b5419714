"""A/B of CPU time per turn: two stacks side by side, fed alternate blocks of the same turns.

CPU ms per turn move with the load other work puts on the machine; measured one after the other, two
set-ups can differ by more than the change being measured. Here both stacks run at once (each started
from its own checkout, e.g. a ``git archive`` of the commit before, with the venvs symlinked), and the
turns go to A and B in alternate blocks (concurrency 1, the same messages for both), so both see the
same load. For each: p50/p95 and the CPU ms per turn of every process (``procs.py``).

    .venv-web/bin/python bench/load/ab.py --a MODEL_A ROOT_A --b MODEL_B ROOT_B --turns 400 --target front

Ports: A on --port, --port+1, --port+2; B on the next three (loopback).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.load.locustfile import MESSAGES  # noqa: E402
from bench.load.procs import cpu_ms_per_turn, snapshot  # noqa: E402
from bench.load.run import UNLIMITED  # noqa: E402

#: run in each checkout: starts its stack, writes the pids, keeps it up until stdin closes
CHILD = r"""
import json, sys
from pathlib import Path
from bot.supervisor import Ports, Stack
b = int(sys.argv[2])
s = Stack(model=Path(sys.argv[1]), ports=Ports(web=b, rasa=b + 1, actions=b + 2), extra_env=json.loads(sys.argv[3]))
s.start()
try:
    s.wait_ready()
    Path(sys.argv[4]).write_text(json.dumps({k: p.pid for k, p in s.processes.items()}))
    sys.stdin.read()
finally:
    s.stop()
"""


def _post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


class Visitor:
    """Conversations of 5-10 turns with one stack, through the front or straight to Rasa."""

    def __init__(self, base: int, target: str) -> None:
        self.base, self.target = base, target
        self.left, self.sender, self.session = 0, "", None

    def turn(self, message: str) -> float:
        if self.left <= 0:
            self.left, self.sender, self.session = random.randint(5, 10), str(uuid.uuid4()), None
        self.left -= 1
        start = time.perf_counter()
        if self.target == "rasa":
            answer = _post(
                f"http://127.0.0.1:{self.base + 1}/webhooks/rest/webhook", {"sender": self.sender, "message": message}
            )
            assert answer, "empty answer"
        else:
            body = {"message": message, **({"session_id": self.session} if self.session else {})}
            answer = _post(f"http://127.0.0.1:{self.base}/api/chat", body)
            assert not answer.get("degraded"), answer
            self.session = answer.get("session_id")
        return time.perf_counter() - start


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", nargs=2, required=True, metavar=("MODEL", "ROOT"))
    parser.add_argument("--b", nargs=2, required=True, metavar=("MODEL", "ROOT"))
    parser.add_argument("--turns", type=int, default=400, help="turns for each stack")
    parser.add_argument("--block", type=int, default=20, help="turns in a row to one stack")
    parser.add_argument("--target", choices=["front", "rasa"], default="front")
    parser.add_argument("--port", type=int, default=5630)
    args = parser.parse_args(argv)
    specs = [args.a, args.b]
    tmp = Path(tempfile.mkdtemp(prefix="ab-"))
    children = []
    for i, (model, root) in enumerate(specs):
        env = dict(os.environ, PYTHONPATH=str(Path(root).resolve()))
        cmd = [sys.executable, "-c", CHILD, str(Path(model).resolve()), str(args.port + 3 * i), json.dumps(UNLIMITED)]
        children.append(
            subprocess.Popen(
                [*cmd, str(tmp / f"pids{i}.json")],
                cwd=root,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        )
    try:
        pids: List[Dict[str, int]] = []
        for i, child in enumerate(children):
            path = tmp / f"pids{i}.json"
            while not path.exists():
                if child.poll() is not None:
                    raise SystemExit(f"stack {'AB'[i]} did not start")
                time.sleep(1)
            time.sleep(0.5)
            pids.append(json.loads(path.read_text()))
        visitors = [Visitor(args.port + 3 * i, args.target) for i in range(2)]
        for visitor in visitors:  # warm-up
            for _ in range(30):
                visitor.turn(random.choice(MESSAGES))
        cpu: List[Dict[str, float]] = [{}, {}]
        latencies: List[List[float]] = [[], []]
        for block in range(args.turns // args.block):
            for i in (0, 1) if block % 2 == 0 else (1, 0):
                rng = random.Random(block)  # the same messages for A and B
                before = snapshot(pids[i])
                latencies[i] += [visitors[i].turn(rng.choice(MESSAGES)) for _ in range(args.block)]
                for name, ms in cpu_ms_per_turn(before, snapshot(pids[i]), args.block).items():
                    cpu[i][name] = cpu[i].get(name, 0.0) + ms * args.block
        for i in (0, 1):
            lat, n = sorted(latencies[i]), len(latencies[i])
            per_turn = {k: round(v / n, 2) for k, v in cpu[i].items()}
            print(
                f"{'AB'[i]} {specs[i]} turns {n} p50 {1000 * lat[n // 2]:.0f} ms p95 {1000 * lat[int(n * 0.95)]:.0f} ms"
            )
            print(f"  CPU ms/turn {per_turn}")
    finally:
        for child in children:
            if child.stdin:
                child.stdin.close()
        for child in children:
            child.wait(60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
