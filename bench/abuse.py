"""Abuse benchmark: does the front keep serving visitors while someone abuses it?

Two scenarios, both on loopback, both bounded in time and count:

1. **flood**: one client sends costly messages (1,000 characters full of name triggers and fresh
   synthetic names, ``bench/abuse_messages.py``), ``--flood-rate`` a second (default 4, twice the
   attack reported in issue #8, 429s not honoured) over several connections for ``--flood-seconds``
   while ``--visitors`` visitors chat at a human pace. Reported: the visitors' p50/p95 latency,
   their degraded answers and errors, and what the flooding client got (200s, 429s...).
2. **load**: ``--sessions`` short conversations (3 messages each, ``--concurrency`` at a time),
   1 % of the requests replaced by bad input (malformed JSON, empty or oversized messages...).
   Reported: p50/p95, degraded answers, 429s, 4xx for the bad input, 5xx and transport errors.

Each simulated visitor comes from its own documentation address (RFC 5737) sent as
``X-Forwarded-For``, as a reverse proxy would: the stack this script starts trusts 127.0.0.1 as a
proxy (``BOT_TRUSTED_PROXIES``) and otherwise runs with the default limits. Against ``--url``
the front must trust 127.0.0.1 likewise, or every visitor shares one address (and its limit).

Run: ``.venv-web/bin/python bench/abuse.py`` (starts action server, Rasa and the web front on
``--ports``, ~2 min with start-up), or ``--url http://127.0.0.1:8080`` for a running front.
Writes ``bench/results/abuse.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.abuse_messages import bad_request, costly_message  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "abuse.json"
JSON = {"Content-Type": "application/json"}

#: What visitors say (a short orientation conversation; no personal data).
VISITOR_SCRIPT = (
    "Bonjour",
    "Je cherche une formation pour changer de métier",
    "Je suis salarié",
    "Où trouver un conseiller près de Rennes ?",
    "C'est quoi le CPF ?",
    "Merci, au revoir",
)


def percentile(values: list[float], fraction: float) -> Optional[float]:
    """Nearest-rank percentile (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


@dataclass
class Tally:
    """Outcomes of a group of requests (thread-safe)."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    degraded: int = 0
    errors: int = 0  # transport errors and 5xx
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: Optional[int], latency: float, degraded: bool = False) -> None:
        with self.lock:
            self.latencies.append(latency)
            key = str(status) if status is not None else "no answer"
            self.statuses[key] = self.statuses.get(key, 0) + 1
            self.degraded += degraded
            self.errors += status is None or status >= 500

    def summary(self) -> dict:
        return {
            "requests": len(self.latencies),
            "p50_s": _round(percentile(self.latencies, 0.50)),
            "p95_s": _round(percentile(self.latencies, 0.95)),
            "max_s": _round(max(self.latencies) if self.latencies else None),
            "statuses": dict(sorted(self.statuses.items())),
            "degraded": self.degraded,
            "errors_5xx_or_transport": self.errors,
        }


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 3)


def post(base: str, body: bytes, forwarded_for: str, timeout: float = 30.0) -> tuple[Optional[int], dict]:
    """POST /api/chat; (status or None, JSON answer or {})."""
    headers = dict(JSON, **{"X-Forwarded-For": forwarded_for})
    request = urllib.request.Request(base + "/api/chat", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - loopback only
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except (urllib.error.URLError, OSError):
        return None, {}
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = {}
    return status, answer if isinstance(answer, dict) else {}


def chat_body(message: str, session_id: Optional[str]) -> bytes:
    body = {"message": message}
    if session_id:
        body["session_id"] = session_id
    return json.dumps(body).encode()


# --------------------------------------------------------------------------- flood


def _visitor(base: str, address: str, deadline: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    session_id: Optional[str] = None
    turn = 0
    while time.monotonic() < deadline:
        message = VISITOR_SCRIPT[turn % len(VISITOR_SCRIPT)]
        started = time.monotonic()
        status, answer = post(base, chat_body(message, session_id), address)
        tally.add(status, time.monotonic() - started, bool(answer.get("degraded")))
        session_id = answer.get("session_id") or session_id
        turn += 1
        time.sleep(rng.uniform(1.5, 3.0))  # a person reads the answer and types (quickly)


def _flooder(base: str, address: str, deadline: float, tally: Tally, seed: int, interval: float) -> None:
    """Sends a costly message every ``interval`` s (at once if the last answer took longer);
    429s are not honoured."""
    rng = random.Random(seed)
    next_send = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(max(0.0, next_send - time.monotonic()))
        started = time.monotonic()
        next_send = started + interval
        status, answer = post(base, chat_body(costly_message(rng), None), address)
        tally.add(status, time.monotonic() - started, bool(answer.get("degraded")))


def flood(base: str, seconds: float = 20.0, visitors: int = 5, connections: int = 4, rate: float = 4.0,
          shared_address: bool = False) -> dict:  # fmt: skip
    """One client sends ``rate`` costly messages a second over ``connections`` connections (twice
    the rate of the attack reported in issue #8) while ``visitors`` chat at a human pace; with
    ``shared_address`` the visitors come from the flooder's own address (one school, one NAT)."""
    deadline = time.monotonic() + seconds
    visitor_tally, flood_tally = Tally(), Tally()
    interval = connections / rate if rate > 0 else 0.0
    threads = [
        threading.Thread(target=_flooder, args=(base, "203.0.113.66", deadline, flood_tally, 100 + i, interval))
        for i in range(connections)
    ] + [
        threading.Thread(
            target=_visitor,
            args=(base, "203.0.113.66" if shared_address else f"192.0.2.{10 + i}", deadline, visitor_tally, i),
        )
        for i in range(visitors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return {
        "seconds": seconds,
        "flood_rate_per_s": rate,
        "shared_address": shared_address,
        "visitors": visitor_tally.summary(),
        "flooding_client": flood_tally.summary(),
    }


# --------------------------------------------------------------------------- load


def load(base: str, sessions: int = 200, bad_fraction: float = 0.01, concurrency: int = 8, turns: int = 3,
         max_seconds: float = 300.0, seed: int = 7) -> dict:  # fmt: skip
    """``sessions`` conversations of ``turns`` messages; ``bad_fraction`` of requests are bad input."""
    rng = random.Random(seed)
    total = sessions * turns
    bad_slots = set(rng.sample(range(total), max(1, round(total * bad_fraction))))
    good, bad = Tally(), Tally()
    deadline = time.monotonic() + max_seconds

    def conversation(index: int) -> None:
        address = f"198.51.100.{index % 250 + 1}" if index < 250 else f"192.0.2.{index % 250 + 1}"
        session_id: Optional[str] = None
        for turn in range(turns):
            if time.monotonic() > deadline:
                return
            slot = index * turns + turn
            started = time.monotonic()
            if slot in bad_slots:
                status, _ = post(base, bad_request(random.Random(slot)), address)
                bad.add(status, time.monotonic() - started)
                continue
            message = VISITOR_SCRIPT[(index + turn) % len(VISITOR_SCRIPT)]
            status, answer = post(base, chat_body(message, session_id), address)
            good.add(status, time.monotonic() - started, bool(answer.get("degraded")))
            session_id = answer.get("session_id") or session_id

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(conversation, range(sessions)))
    return {
        "sessions": sessions,
        "turns": turns,
        "concurrency": concurrency,
        "seconds": round(time.monotonic() - started, 1),
        "visitors": good.summary(),
        "bad_input": bad.summary(),
    }


# --------------------------------------------------------------------------- main


def _loopback(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load a non-loopback address: {host}")
    return url.rstrip("/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running web front (loopback only); default: start a stack")
    parser.add_argument("--ports", default="18380,15305,15355", help="web,rasa,actions for the stack started here")
    parser.add_argument("--flood-seconds", type=float, default=20.0)
    parser.add_argument("--visitors", type=int, default=5)
    parser.add_argument("--flood-connections", type=int, default=4)
    parser.add_argument("--flood-rate", type=float, default=4.0, help="costly messages a second")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    stack = None
    if args.url:
        base = _loopback(args.url)
    else:
        from bot.supervisor import Ports, Stack
        from bot.training import ensure_model

        web, rasa, actions = (int(p) for p in args.ports.split(","))
        stack = Stack(
            model=ensure_model(),
            ports=Ports(web=web, rasa=rasa, actions=actions),
            extra_env={"BOT_TRUSTED_PROXIES": "127.0.0.1"},
        )
        print("starting the stack…", flush=True)
        stack.start()
        base = f"http://127.0.0.1:{web}"
    try:
        if stack is not None:
            stack.wait_ready(timeout=300)
        session_id = None
        for message in VISITOR_SCRIPT:  # warm up: a cold Rasa is not what is measured
            _, answer = post(base, chat_body(message, session_id), "192.0.2.200")
            session_id = answer.get("session_id") or session_id
        print(f"flood: {args.flood_seconds:g} s, {args.visitors} visitors…", flush=True)
        flood_result = flood(base, args.flood_seconds, args.visitors, args.flood_connections, args.flood_rate)
        time.sleep(5)  # let the flooding client's buckets and the pool settle
        print("flood again, the visitors behind the flooder's own address…", flush=True)
        shared_result = flood(
            base, args.flood_seconds, args.visitors, args.flood_connections, args.flood_rate, shared_address=True
        )
        time.sleep(5)
        print(f"load: {args.sessions} sessions, 1 % bad input…", flush=True)
        load_result = load(base, args.sessions, concurrency=args.concurrency)
    finally:
        if stack is not None:
            stack.stop()

    result = {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "stack": "started by bench/abuse.py (defaults, trusted proxy 127.0.0.1)" if stack else base,
        "flood": flood_result,
        "flood_shared_address": shared_result,
        "load": load_result,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    v, f, lv, lb = (
        flood_result["visitors"],
        flood_result["flooding_client"],
        load_result["visitors"],
        load_result["bad_input"],
    )
    print(
        f"flood   visitors: {v['requests']} requests, p50 {v['p50_s']} s, p95 {v['p95_s']} s, "
        f"degraded {v['degraded']}, errors {v['errors_5xx_or_transport']}, statuses {v['statuses']}"
    )
    print(f"flood   flooding client: {f['requests']} requests, statuses {f['statuses']}, degraded {f['degraded']}")
    sv, sf = shared_result["visitors"], shared_result["flooding_client"]
    print(
        f"flood, same address  visitors: {sv['requests']} requests, p50 {sv['p50_s']} s, p95 {sv['p95_s']} s, "
        f"degraded {sv['degraded']}, errors {sv['errors_5xx_or_transport']}, statuses {sv['statuses']}; "
        f"flooding client statuses {sf['statuses']}"
    )
    print(
        f"load    visitors: {lv['requests']} requests in {load_result['seconds']} s, p50 {lv['p50_s']} s, "
        f"p95 {lv['p95_s']} s, degraded {lv['degraded']}, 429s {lv['statuses'].get('429', 0)}, "
        f"errors {lv['errors_5xx_or_transport']}"
    )
    print(f"load    bad input: {lb['requests']} requests, statuses {lb['statuses']}")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
