"""Drops for the places collection: claimed or repository-named URLs, lines near (difflib >= 0.8) existing data.

Reads tests/nlu_holdout_real.yml only by script: prints nothing of it, only each candidate's own verdict.
``--claimed FILE``: URLs already claimed by other collectors of the same session (lines "<who> <url>"), if any."""

import argparse
import difflib
import glob
import re
import subprocess
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def norm(text):
    text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def example_lines(path):
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if (
            s.startswith("- ")
            and not s.startswith("- intent:")
            and not s.startswith("- regex:")
            and not s.startswith("- lookup:")
            and not s.startswith("- synonym:")
        ):
            out.append(norm(s[2:]))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claimed", type=Path, help="coordination file of URLs claimed by other collectors")
    args = parser.parse_args()
    rows = []
    for f in sorted(glob.glob(str(ROOT / "bench/places_collection/cand*.tsv"))):
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            if line.strip():
                url, intent, text = line.split("\t")
                rows.append((url, intent, text))
    files = sorted(glob.glob(str(ROOT / "data/nlu/**/*.yml"), recursive=True)) + sorted(
        glob.glob(str(ROOT / "tests/*.yml"))
    )
    files += [
        p
        for p in glob.glob(str(ROOT / "bench/data/**"), recursive=True)
        if p.endswith((".yml", ".yaml", ".md", ".json", ".txt", ".csv"))
    ]
    existing = set()
    for p in files:
        try:
            existing.update(example_lines(p))
        except Exception:
            pass
    existing = [e for e in existing if e]
    claimed = set()
    if args.claimed is not None:
        for line in args.claimed.read_text().splitlines():
            parts = line.split(maxsplit=1)
            if len(parts) == 2 and not parts[0].startswith("places"):
                claimed.add(parts[1].strip())
    kept, seen = [], []
    drops = {"claimed": 0, "url in repo": 0, "near existing": 0, "near earlier": 0}
    for url, intent, text in rows:
        if url in claimed:
            drops["claimed"] += 1
            print("DROP claimed", url)
            continue
        hit = subprocess.run(
            ["grep", "-rlF", url, "bench", "tests", "data", "docs", "knowledge", "--exclude-dir=places_collection"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if hit:
            drops["url in repo"] += 1
            print("DROP url", url)
            continue
        n = norm(text)
        best = 0.0
        for e in existing:
            sm = difflib.SequenceMatcher(None, n, e)
            if sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8:
                best = max(best, sm.ratio())
        if best >= 0.8:
            drops["near existing"] += 1
            print("DROP near existing", round(best, 2), text)
            continue
        if any(difflib.SequenceMatcher(None, n, s).ratio() >= 0.8 for s in seen):
            drops["near earlier"] += 1
            print("DROP near earlier", text)
            continue
        seen.append(n)
        kept.append((url, intent, text))
    out = ROOT / "bench/places_collection/kept.tsv"
    out.write_text("".join("\t".join(r) + "\n" for r in kept), encoding="utf-8")
    print(drops, "kept", len(kept), "pages", len({r[0] for r in kept}))


main()
