"""CPU time and resident memory of the stack's processes, read from /proc (Linux).

Each process the supervisor starts leads its own process group; its children (the front's privacy
workers, Sanic's workers…) are in that group. ``snapshot`` reads every process of the given groups
and names it after its group (``web``, ``rasa``, ``actions``…), children as ``web/2`` (second child).

CPU time per turn is what a process consumed (user + system) between two snapshots divided by the
turns answered in between: unlike latencies it hardly moves when other work shares the machine, and
``1000 / cpu_ms_per_turn`` is what one quiet core can serve.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional

__all__ = ["ProcSample", "snapshot", "cpu_ms_per_turn", "rss_mb"]

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class ProcSample:
    """One process at one moment."""

    pid: int
    cpu_s: float  # user + system seconds since it started
    rss_bytes: int


def _read(pid: int) -> Optional[tuple]:
    """(pgrp, cpu seconds, rss bytes) of ``pid``, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        # fields[0] is stat field 3 (state): pgrp is field 5, utime 14, stime 15
        pgrp, utime, stime = int(fields[2]), int(fields[11]), int(fields[12])
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return None
    return pgrp, (utime + stime) / TICKS, rss


def snapshot(groups: Mapping[str, int], extra: Optional[Mapping[str, int]] = None) -> Dict[str, ProcSample]:
    """Every live process of the process groups ``groups`` (name -> pgid), plus the single processes
    ``extra`` (name -> pid, e.g. redis-server). Children are named ``<group>/<n>`` by pid order."""
    by_group: Dict[int, list] = {pgid: [] for pgid in groups.values()}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        read = _read(int(entry))
        if read is not None and read[0] in by_group:
            by_group[read[0]].append((int(entry), read[1], read[2]))
    result: Dict[str, ProcSample] = {}
    for name, pgid in groups.items():
        children = 0
        for pid, cpu, rss in sorted(by_group[pgid]):
            if pid == pgid:
                result[name] = ProcSample(pid, cpu, rss)
            else:
                children += 1
                result[f"{name}/{children}"] = ProcSample(pid, cpu, rss)
    for name, pid in (extra or {}).items():
        read = _read(pid)
        if read is not None:
            result[name] = ProcSample(pid, read[1], read[2])
    return result


def cpu_ms_per_turn(before: Mapping[str, ProcSample], after: Mapping[str, ProcSample], turns: int) -> Dict[str, float]:
    """Milliseconds of CPU each process spent per turn between two snapshots (same pid in both),
    and their ``total``."""
    result: Dict[str, float] = {}
    if turns <= 0:
        return result
    for name, end in after.items():
        start = before.get(name)
        if start is not None and start.pid == end.pid:
            result[name] = round(1000 * (end.cpu_s - start.cpu_s) / turns, 2)
    result["total"] = round(sum(result.values()), 2)
    return result


def rss_mb(sample: Mapping[str, ProcSample]) -> Dict[str, float]:
    """Resident memory (MB) of each process and their ``total``."""
    result = {name: round(s.rss_bytes / 1e6, 1) for name, s in sample.items()}
    result["total"] = round(sum(s.rss_bytes for s in sample.values()) / 1e6, 1)
    return result
