"""Gazetteer coverage and referral speed.

Truth:
- postal codes: every distinct postal code of the official commune list
  (@etalab/decoupage-administratif); a code "resolves" when resolve(code) is ok,
  and is "placed" when the point returned lies within 10 km of the mean GeoNames
  point(s) of that postal code (an independent source for the code's location).
- communes >= 2,000 inhabitants (current communes and municipal arrondissements):
  resolve(name) — or "name (dept)" when the name is ambiguous, as the bot asks —
  must return that very commune (same INSEE code) within 5 km of its GeoNames
  point for one of its postal codes.
- speed: mean and p95 time of referral() over 1,000 queries, with the real
  knowledge base and with 3,000 synthetic access points.

Run: `.venv/bin/python bench/gazetteer_coverage.py` (downloads the two
pinned archives into the build cache if absent). Exits 1 if a target is missed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge import referral as referral_mod  # noqa: E402
from knowledge.build import gazetteer as build_gazetteer  # noqa: E402
from knowledge.gazetteer import resolve  # noqa: E402
from knowledge.kb import AccessPoint  # noqa: E402
from knowledge.referral import PointIndex, haversine_km, referral  # noqa: E402


def main() -> int:
    etalab, wheel = build_gazetteer.fetch()
    communes = build_gazetteer.read_etalab(etalab)["communes"]
    geonames = build_gazetteer.read_geonames(wheel)
    failures = []

    codes = sorted({cp for c in communes for cp in c.get("codesPostaux", []) if c["type"] != "commune-deleguee"})
    resolved = placed = 0
    for code in codes:
        res = resolve(code)
        if res.status != "ok":
            continue
        resolved += 1
        pts = geonames.get(code)
        if not pts:
            continue
        lat = sum(p[1] for p in pts) / len(pts)
        lon = sum(p[2] for p in pts) / len(pts)
        placed += haversine_km(res.place.lat, res.place.lon, lat, lon) <= 10
    with_truth = sum(1 for code in codes if geonames.get(code))
    pc_rate, pc_placed = resolved / len(codes), placed / with_truth

    towns = [
        c
        for c in communes
        if c["type"] in ("commune-actuelle", "arrondissement-municipal") and (c.get("population") or 0) >= 2000
    ]
    good = by_name_alone = 0
    for c in towns:
        res = resolve(c["nom"])
        alone = res.status == "ok" and res.place.insee == c["code"]
        by_name_alone += alone
        if not alone:  # as the bot does: ask which department, then resolve "Name (dept)"
            res = resolve(f"{c['nom']} ({c['departement']})")
        place = res.place if res.status == "ok" else None
        truth = [p for cp in c.get("codesPostaux", []) for p in geonames.get(cp, [])]
        near = (
            place is not None
            and place.insee == c["code"]
            and any(haversine_km(place.lat, place.lon, la, lo) <= 5 for _, la, lo in truth)
            if truth
            else place is not None and place.insee == c["code"]
        )
        good += bool(near)
        if not near and len(failures) < 15:
            failures.append((c["nom"], c["departement"], res.status, place.label if place else None))
    town_rate = good / len(towns)

    queries = [
        random.Random(i).choice(
            ["22300", "Lannion", "Saint-Brieuc", "75019", "Lyon 3e", "93", "Bretagne", "Marseille", "97600", "Besançon"]
        )
        for i in range(1000)
    ]
    referral(queries[0])  # load
    times = []
    for q in queries:
        t = time.perf_counter()
        referral(q, "jeune")
        times.append((time.perf_counter() - t) * 1000)
    # 3,000 synthetic offices placed in random communes (mainland and overseas, like real local offices)
    from knowledge.gazetteer import gazetteer

    rng = random.Random(7)
    spots = rng.sample([c for c in gazetteer().communes if c.kind == 0], 3000)
    synthetic = PointIndex(
        [
            AccessPoint(
                f"s{i}", "x", "france_services", None, None, c.name, c.dept, None, c.lat, c.lon, None, None, None
            )
            for i, c in enumerate(spots)
        ]
    )
    original = referral_mod._index
    referral_mod._index = lambda: synthetic
    synth_times = []
    try:
        for q in queries:
            t = time.perf_counter()
            referral(q, "jeune")
            synth_times.append((time.perf_counter() - t) * 1000)
    finally:
        referral_mod._index = original

    def p95(values):
        return statistics.quantiles(values, n=20)[18]

    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| postal codes resolving ({len(codes)}) | {pc_rate:.2%} | ≥ 98% |")
    print(f"| postal codes placed within 10 km of GeoNames ({with_truth} with a point) | {pc_placed:.2%} | |")
    print(f"| communes ≥ 2,000 inhabitants found by name alone ({len(towns)}) | {by_name_alone / len(towns):.2%} | |")
    print(
        f"| communes ≥ 2,000 inhabitants resolving to themselves within 5 km, with the department when the name is shared ({len(towns)}) | {town_rate:.2%} | 100% |"
    )
    print(
        f"| referral(), real knowledge base: mean / p95 | {statistics.mean(times):.3f} / {p95(times):.3f} ms | < 1 ms |"
    )
    print(
        f"| referral(), 3,000 access points: mean / p95 | {statistics.mean(synth_times):.3f} / {p95(synth_times):.3f} ms | < 1 ms |"
    )
    if failures:
        print("communes not resolved (first 15):", failures)
    ok = pc_rate >= 0.98 and town_rate >= 1.0 and statistics.mean(synth_times) < 1.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
