"""The knowledge base as it is after ``python -m bot sync-directory`` on the sample export (tests only).

The sample (tests/knowledge/fixtures/annuaire_sample.json) is synthetic: its one Cap emploi, "Cap emploi
Exemple - Lyon", stands for the Cap emploi offices that only the DILA directory lists (no open list of them is
in the repository, knowledge/build/DIRECTORY_IMPORT.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge import kb, referral
from knowledge.build.directory_import import import_directory

SAMPLE = Path(__file__).parent / "fixtures" / "annuaire_sample.json"
LYON_3E = (45.7597, 4.8422)  # the sample's Cap emploi, 69003 Lyon
SAMPLE_CAP_EMPLOI = "Cap emploi Exemple - Lyon"


def use_synced_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Imports the sample into a local_offices.yml and makes the referral index read it with the YAML points
    and the open directories, merged as knowledge.kb.knowledge_base merges them."""
    out = tmp_path / "local_offices.yml"
    import_directory(SAMPLE, out, region_lookup=lambda department, postal_code: None, today=dt.date(2026, 11, 28))
    points = kb.merge_directory(kb.load_access_points((kb.ACCESS_POINTS, out)), kb.load_local_access_points())
    index = referral.PointIndex(points)
    monkeypatch.setattr(referral, "_index", lambda: index)
