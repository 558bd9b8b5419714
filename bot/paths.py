"""Where things are: resolved from this package's folder, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "models"
RASA_VENV = ROOT / ".venv"
#: the web front's environment (BOT_WEB_VENV overrides, e.g. a scratch copy with extra packages)
WEB_VENV = Path(os.environ.get("BOT_WEB_VENV") or ROOT / ".venv-web")
LOGGING_CONFIG = ROOT / "bot" / "logging.yml"


def cache_dir() -> Path:
    """Trained-model cache shared by clones on this machine (ORIENTATION_CACHE overrides)."""
    base = os.environ.get("ORIENTATION_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "orientation-assistant"
    )
    return Path(base)


class MissingEnvironment(FileNotFoundError):
    """A virtual environment of the project is not installed (``make setup`` creates both)."""


def venv_bin(venv: Path, name: str) -> Path:
    """Executable ``name`` of a virtual environment; never another interpreter's in its place."""
    candidate = venv / "bin" / name
    if not candidate.exists():
        raise MissingEnvironment(f"{candidate} is missing: run `make setup` (it installs {venv.name})")
    return candidate
