"""bench/load: per-process CPU time and memory read from /proc, the memory slope, the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench.load import run
from bench.load.procs import ProcSample, cpu_ms_per_turn, rss_mb, snapshot

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_snapshot_names_group_leaders_and_children():
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; "
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); time.sleep(30)",
        ],
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            found = snapshot({"web": child.pid}, {"me": os.getpid()})
            if "web/1" in found:
                break
            time.sleep(0.1)
        assert found["web"].pid == child.pid
        assert "web/1" in found and found["web/1"].pid != child.pid  # the grandchild, in the same group
        assert found["me"].pid == os.getpid() and found["me"].rss_bytes > 1e6
    finally:
        os.killpg(child.pid, 9)
        child.wait()


def test_cpu_ms_per_turn_counts_what_each_process_spent():
    before = snapshot({}, {"me": os.getpid()})
    _burn(0.3)
    after = snapshot({}, {"me": os.getpid()})
    per_turn = cpu_ms_per_turn(before, after, turns=10)
    assert 25 <= per_turn["me"] <= 60  # 300 ms over 10 turns, with some slack for the sampling
    assert per_turn["total"] == per_turn["me"]
    # a process that restarted in between (other pid) is not counted; no turns, no figure
    restarted = {"me": ProcSample(pid=-1, cpu_s=0.0, rss_bytes=0)}
    assert cpu_ms_per_turn(restarted, after, 10) == {"total": 0}
    assert cpu_ms_per_turn(before, after, 0) == {}


def test_rss_and_growth():
    samples = [{"t_s": t, "total": 1000.0} for t in range(0, 600, 10)]
    assert run.growth_mb_per_min(samples) == 0
    growing = [{"t_s": t, "total": 1000.0 + t / 6} for t in range(0, 600, 10)]  # 10 MB a minute
    assert run.growth_mb_per_min(growing) == pytest.approx(10, abs=0.01)
    assert run.growth_mb_per_min(samples[:3]) is None
    memory = rss_mb({"a": ProcSample(1, 0, 2_000_000), "b": ProcSample(2, 0, 3_000_000)})
    assert memory == {"a": 2.0, "b": 3.0, "total": 5.0}


def test_command_line_bounds(monkeypatch):
    seen = {}

    def fake_bench(instances, users, duration, base_port, think, targets, warmup, sample_every, model):
        seen.update(instances=instances, users=users, duration=duration, think=think, targets=targets)
        return {
            "instances": instances,
            "redis": instances > 1,
            "runs": [],
            "memory_mb": [],
            "memory_growth_mb_per_min": None,
        }

    monkeypatch.setattr(run, "bench", fake_bench)
    monkeypatch.setattr(run, "ensure_model", lambda: type("M", (), {"name": "m.tar.gz"})())
    out = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"load-test-{os.getpid()}.json")
    assert (
        run.main(
            [
                "--users",
                "500",
                "--think",
                "0",
                "0",
                "--duration",
                "5000",
                "--instances",
                "1",
                "--targets",
                "front",
                "--out",
                out,
            ]
        )
        == 0
    )
    assert seen == {"instances": 1, "users": [200], "duration": 900, "think": (0.0, 0.0), "targets": ["front"]}
    os.remove(out)
