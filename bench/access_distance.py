"""Distance to the first access point offered, over all towns and all postal codes, and referral speed.

Places (from the offline gazetteer, knowledge/data/gazetteer.json.gz):
- every current commune or municipal arrondissement of 2,000 inhabitants or more, at its point;
- every postal code, at the point resolve(code) gives.
For each place: the distance to the first place local_referral() offers with no situation known
(targets: median <= 10 km, 90th percentile <= 30 km), then per situation to the first place of the
kind that situation calls for (extra lines, no target). Speed: p95 of local_referral() (target < 5 ms).

Run: `.venv/bin/python bench/access_distance.py`. Exits 1 if a target is missed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.gazetteer import gazetteer, resolve  # noqa: E402
from knowledge.kb import knowledge_base  # noqa: E402
from knowledge.referral import local_referral, nearest_access_points  # noqa: E402

PER_PROFILE = (
    ("jeune", "mission_locale"),
    ("etudiant", "cio"),
    ("cadre", "apec"),
    ("demandeur_emploi", "france_services"),
)


def quantile(values: Sequence[float], q: float) -> float:
    """Inclusive quantile (q in 0..1)."""
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def places() -> Tuple[List[Tuple[str, float, float]], List[Tuple[str, float, float]]]:
    """(towns of 2,000+ inhabitants, postal codes) as (label, lat, lon)."""
    g = gazetteer()
    towns = [(f"{c.name} ({c.dept})", c.lat, c.lon) for c in g.communes if c.kind in (0, 1) and c.population >= 2000]
    codes = []
    for code in sorted(g.by_postal):
        res = resolve(code)
        if res.status == "ok":
            codes.append((code, res.place.lat, res.place.lon))
    return towns, codes


def first_distance(lat: float, lon: float, profile: Optional[str] = None) -> Optional[float]:
    """Distance to the first place offered."""
    offered = local_referral(lat, lon, profile, 1)
    return offered[0].distance_km if offered else None


def row(label: str, distances: Iterable[Optional[float]], target: str = "") -> Tuple[str, float, float]:
    """Prints one markdown line; returns (label, median, p90)."""
    values = [d for d in distances if d is not None]
    med, p90 = statistics.median(values), quantile(values, 0.9)
    print(f"| {label} ({len(values)}) | {med:.1f} km | {p90:.1f} km | {target} |")
    return label, med, p90


def main() -> int:
    points = knowledge_base()[0]
    print(f"access points: {len(points)}")
    towns, codes = places()
    print("| places | median | 90th percentile | target |")
    print("|---|---|---|---|")
    _, t_med, t_p90 = row(
        "communes ≥ 2,000 inhabitants, first place offered, no situation",
        (first_distance(la, lo) for _, la, lo in towns),
        "≤ 10 / ≤ 30 km",
    )
    _, c_med, c_p90 = row(
        "postal codes, first place offered, no situation",
        (first_distance(la, lo) for _, la, lo in codes),
        "≤ 10 / ≤ 30 km",
    )
    for profile, kind in PER_PROFILE:
        row(
            f"communes ≥ 2,000, {profile} → nearest {kind}",
            (nearest_access_points(la, lo, 1, (kind,))[0][1] for _, la, lo in towns),
        )
    rng = random.Random(11)
    sample = rng.sample(codes, 1000)
    profiles = [None, "jeune", "etudiant", "cadre", "demandeur_emploi", "salarie", "handicap"]
    for profile in profiles:  # warm-up: builds the per-kind indexes once
        local_referral(48.0, 2.0, profile, 3)
    times = []
    for i, (_, la, lo) in enumerate(sample):
        t = time.perf_counter()
        local_referral(la, lo, profiles[i % len(profiles)], 3)
        times.append((time.perf_counter() - t) * 1000)
    p95 = quantile(times, 0.95)
    print(
        f"| local_referral(), {len(points)} access points, 1,000 postal codes: mean / p95 | "
        f"{statistics.mean(times):.3f} / {p95:.3f} ms | | < 5 ms (p95) |"
    )
    ok = t_med <= 10 and t_p90 <= 30 and c_med <= 10 and c_p90 <= 30 and p95 < 5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
