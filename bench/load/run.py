"""Load benchmark: the real stack under locust, headless, bounded in time and users, loopback only.

For each requested number of Rasa instances (1: the default stack; 2: with a throw-away
redis-server), starts the stack on spare ports, runs the front visitors then the same visitors
straight to Rasa, and samples the resident memory of every process of the stack. Prints and writes
(bench/results/load.json) p50/p95/p99, turns/s, errors, degraded answers and memory over time.

Run (the web environment needs locust, the web-dev extra of pyproject.toml):
    .venv-web/bin/python bench/load/run.py --users 16 --duration 60 --instances 1 2
Each run costs about ``(start-up + 2 x duration)`` per instance count; keep it short on a shared host.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bot.supervisor import Ports, Stack  # noqa: E402
from bot.training import ensure_model  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
RESULTS = ROOT / "bench" / "results" / "load.json"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def group_rss_mb(pgids: List[int]) -> float:
    """Resident memory (MB) of every process whose process group is one of ``pgids``."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) in pgids:  # field 5 of stat: pgrp
                total += int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return round(total / 1e6, 1)


class MemorySampler(threading.Thread):
    """Samples the stack's resident memory every ``every`` seconds."""

    def __init__(self, stack: Stack, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.stack, self.every = stack, every
        self.samples: List[tuple] = []
        self._stop_event = threading.Event()
        self._t0 = time.monotonic()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pgids = [p.pid for p in self.stack.processes.values() if p.poll() is None]
            self.samples.append((round(time.monotonic() - self._t0), group_rss_mb(pgids)))
            self._stop_event.wait(self.every)

    def stop(self) -> List[tuple]:
        self._stop_event.set()
        self.join(timeout=10)
        return self.samples


def run_locust(user_class: str, host: str, users: int, duration: int, out: Path, env: Dict[str, str]) -> dict:
    """One headless locust run; the aggregated figures from its CSV files."""
    prefix = out / user_class
    cmd = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-u", str(users), "-r", str(max(1, users // 2)), "-t", f"{duration}s", "--host", host,
        "--csv", str(prefix), "--stop-timeout", "15", user_class,
    ]
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=duration + 120, check=False)
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    degraded = 0
    errors = 0
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if "degraded" in row["Error"]:
                degraded += int(row["Occurrences"])
            else:
                errors += int(row["Occurrences"])
    name = "rasa" if user_class == "RasaVisitor" else "chat"
    turns = rows.get(name, {})
    return {
        "turns": int(turns.get("Request Count", 0) or 0),
        "turns_per_s": round(float(turns.get("Requests/s", 0) or 0), 1),
        "p50_ms": _num(turns.get("50%")), "p95_ms": _num(turns.get("95%")), "p99_ms": _num(turns.get("99%")),
        "errors": errors, "degraded": degraded,
        "bad_inputs": int(rows.get("bad input", {}).get("Request Count", 0) or 0),
    }


def _num(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def bench(instances: int, users: int, duration: int, base_port: int) -> dict:
    """Start the stack with ``instances`` Rasa servers, load it, stop it."""
    redis = None
    extra = {"BOT_RATE_CLIENT_PER_MINUTE": "1000000", "BOT_RATE_CLIENT_BURST": "100000",
             "BOT_CLIENT_MAX_IN_FLIGHT": "10000"}  # every visitor comes from 127.0.0.1 here
    if instances > 1:
        from tests.redis_server import RedisServer

        redis = RedisServer()
        redis.start()
        extra["REDIS_URL"] = redis.url
    ports = Ports(web=base_port, rasa=base_port + 10, actions=base_port + 50)
    out = Path(tempfile.mkdtemp(prefix="load-bench-"))
    stack = Stack(model=ensure_model(), ports=ports, log_dir=out, extra_env=extra, instances=instances)
    stack.start()
    try:
        stack.wait_ready(timeout=300)
        sampler = MemorySampler(stack)
        sampler.start()
        env = {**os.environ, "LOAD_RASA_URL": stack.rasa_urls[0]}
        front = run_locust("FrontVisitor", ports.web_url, users, duration, out, env)
        rasa = run_locust("RasaVisitor", stack.rasa_urls[0], users, duration, out, env)
        memory = sampler.stop()
    finally:
        stack.stop()
        if redis is not None:
            redis.stop()
    return {"instances": instances, "redis": redis is not None, "front": front, "rasa_alone": rasa,
            "memory_mb": memory}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16, help="concurrent visitors (at most 200)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per run (at most 900)")
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2], choices=[1, 2, 3, 4])
    parser.add_argument("--port", type=int, default=16700, help="first port of the stack (loopback)")
    args = parser.parse_args(argv)
    users, duration = min(args.users, 200), min(args.duration, 900)
    runs = [bench(n, users, duration, args.port + 100 * i) for i, n in enumerate(args.instances)]
    report = {"date": time.strftime("%Y-%m-%d"), "host": platform.node(), "cores": os.cpu_count(),
              "users": users, "duration_s": duration, "runs": runs}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"{'set-up':<22}{'target':<8}{'turns/s':>9}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}{'degraded':>9}")
    for run in runs:
        label = f"{run['instances']} Rasa" + (" + Redis" if run["redis"] else "")
        for target in ("front", "rasa_alone"):
            r = run[target]
            print(f"{label:<22}{target.split('_')[0]:<8}{r['turns_per_s']:>9}{r['p50_ms'] or 0:>8.0f}"
                  f"{r['p95_ms'] or 0:>8.0f}{r['p99_ms'] or 0:>8.0f}{r['errors']:>8}{r['degraded']:>9}")
        mem = [m for _, m in run["memory_mb"]]
        if mem:
            print(f"{'':<22}memory MB: start {mem[0]}, max {max(mem)}, end {mem[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
