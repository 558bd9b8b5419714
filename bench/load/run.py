"""Load benchmark: the real stack under locust, headless, bounded in time and users, loopback only.

For each requested number of Rasa instances (1: the default stack; 2 or more: with a throw-away
redis-server and ``REDIS_URL``), starts the stack on spare ports, warms it up, then for each number
of concurrent visitors runs the front visitors, then the same visitors straight to Rasa. For each
run it records p50/p95/p99, turns/s, errors, degraded answers, the CPU time per turn of every
process of the stack (``procs.py``: /proc utime+stime deltas over the turns answered) and the
resident memory of every process over time. Prints a table and writes the JSON report
(default bench/results/load.json).

Two kinds of load:
- the visitors' demand (default): think time of 1-3 s between turns (``--think 1 3``);
- the ceiling (``--think 0 0``): a closed loop, each visitor sends its next turn as soon as the last
  one is answered, so turns/s is what the stack can serve at that concurrency.

CPU ms per turn hardly moves when other work shares the machine (latencies do): ``1000 / cpu ms``
is the turns/s one quiet core serves, which is how docs/deployment.md sizes a deployment.

Run (the web environment needs locust, the web-dev extra of pyproject.toml):
    .venv-web/bin/python bench/load/run.py --users 1 16 --think 0 0 --duration 60 --instances 1 2
    # resident memory over 10 minutes of the visitors' demand (memory_mb; memory_growth_mb_per_min):
    .venv-web/bin/python bench/load/run.py --users 16 --duration 600 --instances 1 --targets front \
        --sample-every 10 --out bench/results/load-memory.json
Each run costs about start-up + warm-up + (targets x users values x duration) per instance count.
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
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.load.procs import ProcSample, cpu_ms_per_turn, rss_mb, snapshot  # noqa: E402
from bot.supervisor import Ports, Stack  # noqa: E402
from bot.training import ensure_model  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
RESULTS = ROOT / "bench" / "results" / "load.json"
TARGETS = {"front": ("FrontVisitor", "chat"), "rasa": ("RasaVisitor", "rasa")}
#: every visitor comes from 127.0.0.1 here: the front's per-client and per-session limits are lifted
UNLIMITED = {
    "BOT_RATE_CLIENT_PER_MINUTE": "1000000",
    "BOT_RATE_CLIENT_BURST": "100000",
    "BOT_CLIENT_MAX_IN_FLIGHT": "10000",
    "BOT_RATE_SESSION_PER_MINUTE": "1000000",
    "BOT_RATE_SESSION_BURST": "100000",
}


class Stackwatch:
    """The processes of a running stack (and its redis-server): snapshots of CPU time and memory."""

    def __init__(self, stack: Stack, redis_pid: Optional[int] = None) -> None:
        self.stack, self.redis_pid = stack, redis_pid

    def snap(self) -> Dict[str, ProcSample]:
        groups = {name: p.pid for name, p in self.stack.processes.items() if p.poll() is None}
        return snapshot(groups, {"redis": self.redis_pid} if self.redis_pid else None)


class MemorySampler(threading.Thread):
    """Samples every process's resident memory every ``every`` seconds."""

    def __init__(self, watch: Stackwatch, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.watch, self.every = watch, every
        self.samples: List[dict] = []
        self._stop_event = threading.Event()
        self._t0 = time.monotonic()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append({"t_s": round(time.monotonic() - self._t0), **rss_mb(self.watch.snap())})
            self._stop_event.wait(self.every)

    def stop(self) -> List[dict]:
        self._stop_event.set()
        self.join(timeout=10)
        return self.samples


def growth_mb_per_min(samples: Sequence[dict]) -> Optional[float]:
    """Least-squares slope of the total resident memory over the second half of the samples (MB/min):
    about 0 when memory is flat once warm."""
    half = [(s["t_s"], s["total"]) for s in samples[len(samples) // 2 :]]
    if len(half) < 3:
        return None
    n = len(half)
    mean_t = sum(t for t, _ in half) / n
    mean_m = sum(m for _, m in half) / n
    var = sum((t - mean_t) ** 2 for t, _ in half)
    if var == 0:
        return None
    slope = sum((t - mean_t) * (m - mean_m) for t, m in half) / var
    return round(slope * 60, 2)


def _locust(
    target: str, host: str, users: int, duration: int, prefix: Path, env: Dict[str, str]
) -> Tuple[subprocess.Popen, List[str]]:
    user_class, _ = TARGETS[target]
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "-u",
        str(users),
        "-r",
        str(max(1, users // 2)),
        "-t",
        f"{duration}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--stop-timeout",
        "15",
        user_class,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, cmd


def run_locust(
    target: str, host: str, users: int, duration: int, out: Path, env: Dict[str, str], watch: Stackwatch
) -> dict:
    """One headless locust run; latencies, counts and CPU ms per turn of every process."""
    prefix = out / f"{target}-{users}"
    before = watch.snap()
    proc, _ = _locust(target, host, users, duration, prefix, env)
    try:
        proc.wait(timeout=duration + 120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    after = watch.snap()
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    degraded = errors = 0
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if "degraded" in row["Error"]:
                degraded += int(row["Occurrences"])
            else:
                errors += int(row["Occurrences"])
    turns = rows.get(TARGETS[target][1], {})
    count = int(turns.get("Request Count", 0) or 0)
    bad = int(rows.get("bad input", {}).get("Request Count", 0) or 0)
    return {
        "users": users,
        "turns": count,
        "turns_per_s": round(float(turns.get("Requests/s", 0) or 0), 1),
        "p50_ms": _num(turns.get("50%")),
        "p95_ms": _num(turns.get("95%")),
        "p99_ms": _num(turns.get("99%")),
        "errors": errors,
        "degraded": degraded,
        "bad_inputs": bad,
        # every request the stack answered, bad inputs included (they are cheap: no Rasa)
        "cpu_ms_per_turn": cpu_ms_per_turn(before, after, count + bad),
    }


def _num(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def bench(
    instances: int,
    users: Sequence[int],
    duration: int,
    base_port: int,
    think: Tuple[float, float],
    targets: Sequence[str],
    warmup: int,
    sample_every: float,
    model: Optional[Path] = None,
) -> dict:
    """Start the stack with ``instances`` Rasa servers, load it for each number of ``users``, stop it."""
    redis = None
    extra = dict(UNLIMITED)
    if instances > 1:
        from tests.redis_server import RedisServer

        redis = RedisServer()
        redis.start()
        extra["REDIS_URL"] = redis.url
    ports = Ports(web=base_port, rasa=base_port + 1, actions=base_port + 9)  # Rasa: base+1 … base+instances
    out = Path(tempfile.mkdtemp(prefix="load-bench-"))
    stack = Stack(model=model or ensure_model(), ports=ports, log_dir=out, extra_env=extra, instances=instances)
    stack.start()
    runs: List[dict] = []
    try:
        stack.wait_ready(timeout=300)
        watch = Stackwatch(stack, redis.process.pid if redis is not None and redis.process else None)
        env = {
            **os.environ,
            "LOAD_RASA_URL": stack.rasa_urls[0],
            "PYTHONPATH": str(ROOT),
            "LOAD_THINK_MIN": str(think[0]),
            "LOAD_THINK_MAX": str(think[1]),
        }
        hosts = {"front": ports.web_url, "rasa": stack.rasa_urls[0]}
        if warmup > 0:  # the first turns of each process pay one-off costs (TensorFlow's tracing…)
            for target in targets:
                proc, _ = _locust(
                    target,
                    hosts[target],
                    2,
                    warmup,
                    out / f"warmup-{target}",
                    {**env, "LOAD_THINK_MIN": "0", "LOAD_THINK_MAX": "0"},
                )
                proc.wait(timeout=warmup + 120)
        sampler = MemorySampler(watch, sample_every)
        sampler.start()
        for count in users:
            for target in targets:
                result = run_locust(target, hosts[target], count, duration, out, env, watch)
                runs.append({"target": target, **result})
        memory = sampler.stop()
    finally:
        stack.stop()
        if redis is not None:
            redis.stop()
    return {
        "instances": instances,
        "redis": redis is not None,
        "runs": runs,
        "memory_mb": memory,
        "memory_growth_mb_per_min": growth_mb_per_min(memory),
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", type=int, nargs="+", default=[16], help="concurrent visitors, one run per value (at most 200)"
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per run (at most 900)")
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2], choices=[1, 2, 3, 4])
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[1.0, 3.0],
        metavar=("MIN", "MAX"),
        help="seconds between a visitor's turns; 0 0 measures the ceiling (closed loop)",
    )
    parser.add_argument(
        "--targets",
        nargs="+",
        default=["front", "rasa"],
        choices=sorted(TARGETS),
        help="the web front, Rasa's REST channel alone, or both",
    )
    parser.add_argument("--warmup", type=int, default=10, help="seconds of untimed turns before the runs")
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument("--port", type=int, default=16700, help="first port of the stack (loopback)")
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="model archive (default: the current one, trained if needed), e.g. to compare two",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON report (default bench/results/load.json)")
    args = parser.parse_args(argv)
    users = [min(max(1, u), 200) for u in args.users]
    duration = min(args.duration, 900)
    think = (max(0.0, args.think[0]), max(args.think[0], args.think[1]))
    results = [
        bench(n, users, duration, args.port + 10 * i, think, args.targets, args.warmup, args.sample_every, args.model)
        for i, n in enumerate(args.instances)
    ]
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "host": platform.node(),
        "cores": os.cpu_count(),
        "model": (args.model or ensure_model()).name,
        "load_average_at_end": os.getloadavg(),
        "users": users,
        "duration_s": duration,
        "think_s": list(think),
        "command": " ".join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])]),
        "stacks": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{'set-up':<16}{'target':<7}{'users':>6}{'turns/s':>9}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'errors':>7}{'degr.':>6}  CPU ms/turn"
    )
    for stack in results:
        label = f"{stack['instances']} Rasa" + (" + Redis" if stack["redis"] else "")
        for r in stack["runs"]:
            cpu = r["cpu_ms_per_turn"]
            cpu_text = " ".join(f"{k}={v:g}" for k, v in cpu.items() if v >= 0.5 or k == "total")
            print(
                f"{label:<16}{r['target']:<7}{r['users']:>6}{r['turns_per_s']:>9}{r['p50_ms'] or 0:>7.0f}"
                f"{r['p95_ms'] or 0:>7.0f}{r['p99_ms'] or 0:>7.0f}{r['errors']:>7}{r['degraded']:>6}  {cpu_text}"
            )
        mem = [m["total"] for m in stack["memory_mb"]]
        if mem:
            print(
                f"{'':<16}memory MB: start {mem[0]}, max {max(mem)}, end {mem[-1]}; "
                f"growth over the second half {stack['memory_growth_mb_per_min']} MB/min"
            )
    print(f"report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
