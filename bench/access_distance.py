"""Distance to the first access point offered, over all towns and all postal codes, and referral speed.

Places (from the offline gazetteer, knowledge/data/gazetteer.json.gz):
- every current commune or municipal arrondissement of 2,000 inhabitants or more, at its point;
- every postal code, at the point resolve(code) gives.
For each place: the distance to the first place local_referral() offers with no situation known
(targets: median <= 10 km, 90th percentile <= 30 km), then per situation to the first place of the
kind that situation calls for (extra lines, no target; "none listed" when the knowledge base has no place of
that kind, as Cap emploi before the DILA directory is imported). Speed: p95 of local_referral() (target < 5 ms).

Places of a named kind ("la mission locale la plus proche", the adviser page's ``kind=``; no target): for
each kind of knowledge.kb.KIND_LABELS, what local_referral(..., kinds=(kind,)) offers first, over two
samples not picked by hand: every prefecture, and communes drawn at random weighted by population (fixed
seed, without replacement: where people live). Per kind: median and 90th percentile of the distance to
the first place, share within 30 km, share with none offered (none of the kind within MAX_KIND_KM), and
how often general places are added "plus près de vous" (the first one lies beyond MAX_NEAR_KM).

Run: `.venv/bin/python bench/access_distance.py [--named-only] [--sample 2000] [--seed 2026]`.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.gazetteer import gazetteer, resolve  # noqa: E402
from knowledge.kb import KIND_LABELS, knowledge_base  # noqa: E402
from knowledge.referral import local_referral, nearest_access_points  # noqa: E402

NEAR_KM = 30.0  # "within 30 km" share of the named-kind lines
CLOSER = "plus près de vous"  # how knowledge.referral words the general places added after a far one

PER_PROFILE = (
    ("jeune", "mission_locale"),
    ("etudiant", "cio"),
    ("cadre", "apec"),
    ("demandeur_emploi", "france_travail"),
    ("demandeur_emploi", "france_services"),
    ("handicap", "cap_emploi"),  # "none listed" until the DILA directory is imported (sync-directory)
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
    if not values:
        print(f"| {label} (0) | none listed | none listed | {target} |")
        return label, math.inf, math.inf
    med, p90 = statistics.median(values), quantile(values, 0.9)
    print(f"| {label} ({len(values)}) | {med:.1f} km | {p90:.1f} km | {target} |")
    return label, med, p90


Point = Tuple[str, float, float]


def prefectures() -> List[Point]:
    """The seat of every department and collectivity of the gazetteer (prefectures) as (label, lat, lon)."""
    g = gazetteer()
    by_insee = {c.insee: c for c in g.communes if c.kind == 0}
    seats = [by_insee[seat] for _, _, seat in g.departments.values() if seat in by_insee]
    return [(f"{c.name} ({c.dept})", c.lat, c.lon) for c in sorted(seats, key=lambda c: c.insee)]


def weighted_communes(n: int, seed: int) -> List[Point]:
    """``n`` current communes drawn without replacement, weighted by population (Efraimidis-Spirakis keys)."""
    rng = random.Random(seed)
    communes = [c for c in gazetteer().communes if c.kind == 0 and c.population > 0]
    keyed = sorted(communes, key=lambda c: rng.random() ** (1.0 / c.population), reverse=True)
    return [(f"{c.name} ({c.dept})", c.lat, c.lon) for c in keyed[:n]]


def named_kind_row(kind: str, sample: Sequence[Point]) -> str:
    """One markdown line: what a person asking for a place of ``kind`` is offered first, over ``sample``."""
    firsts: List[float] = []
    closer = 0
    for _, lat, lon in sample:
        offered = local_referral(lat, lon, None, 3, (kind,))
        if offered:
            firsts.append(offered[0].distance_km)
            closer += any(r.why.startswith(CLOSER) for r in offered)
    n = len(sample)
    if not firsts:
        return f"| {KIND_LABELS[kind]} | 0 | – | – | – | 100.0 % | 0.0 % |"
    near = sum(d <= NEAR_KM for d in firsts) / n
    return (
        f"| {KIND_LABELS[kind]} | {len(firsts)} | {statistics.median(firsts):.1f} km | {quantile(firsts, 0.9):.1f} km "
        f"| {100 * near:.1f} % | {100 * (n - len(firsts)) / n:.1f} % | {100 * closer / n:.1f} % |"
    )


def named_kinds(sample_size: int, seed: int) -> None:
    """Prints the named-kind tables (see the module docstring)."""
    samples = (
        ("every prefecture", prefectures()),
        (f"{sample_size:,} communes weighted by population (seed {seed})", weighted_communes(sample_size, seed)),
    )
    for title, sample in samples:
        print(f"\nfirst place of a named kind, {title} ({len(sample)} places); shares are of all places sampled")
        print(
            f"| kind | offered | median | 90th percentile | within {NEAR_KM:.0f} km | none offered "
            '| general places added "plus près de vous" |'
        )
        print("|---|---|---|---|---|---|---|")
        for kind in KIND_LABELS:
            print(named_kind_row(kind, sample))


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--named-only", action="store_true", help="only the tables of the places of a named kind")
    parser.add_argument("--sample", type=int, default=2000, help="communes drawn for the named-kind table")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.named_only:
        named_kinds(args.sample, args.seed)
        return 0
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
            (
                hits[0][1] if hits else None
                for hits in (nearest_access_points(la, lo, 1, (kind,)) for _, la, lo in towns)
            ),
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
    named_kinds(args.sample, args.seed)
    ok = t_med <= 10 and t_p90 <= 30 and c_med <= 10 and c_p90 <= 30 and p95 < 5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
