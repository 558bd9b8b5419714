"""Training with a model cache keyed by a hash of everything the model depends on."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterable, List, Optional

from bot.paths import MODELS_DIR, RASA_VENV, ROOT, cache_dir, venv_bin

# Everything that changes the trained model: the pipeline's own components (bot/rasa_plugins/nlu) store vocabulary
# computed with the gazetteer, its text folding and the French word list at training time; the
# response selector also learns the text of the precise answers (knowledge/faq/); the lock pins Rasa,
# scikit-learn and the sentence encoder whose weights the intent classifier relies on.
MODEL_INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "bot/rasa_plugins/nlu",
    "requirements/rasa.lock",
    "knowledge/faq",
    "knowledge/faq.py",
    "knowledge/faq.yml",
    "knowledge/french_words.py",
    "knowledge/textnorm.py",
    "knowledge/gazetteer.py",
    "knowledge/places_in_text.py",
    "knowledge/distress.py",
    "knowledge/text_spans.py",
    "knowledge/data/gazetteer.json.gz",
    "knowledge/data/commune_short_names.yml",
    "knowledge/data/city_areas.yml",
    "knowledge/not_places.yml",
)


def rasa_env() -> dict:
    """Environment for Rasa processes: telemetry off, quiet TensorFlow.

    No ``PYTHONPATH``: every process is started by :func:`rasa_command` (``python -m``) in ``ROOT``,
    so this checkout is first on ``sys.path`` and Rasa finds ``bot.rasa_plugins.nlu`` and the stores here.
    """
    env = dict(os.environ)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return env


def rasa_command(*args: str) -> List[str]:
    """``rasa ARGS`` as ``.venv/bin/python -m rasa ARGS``, to be run with ``cwd=ROOT``.

    ``python -m`` puts the working directory first on ``sys.path``: the checkout the command runs
    from wins over any other (an editable install of another clone sharing the venv included).
    """
    return [str(venv_bin(RASA_VENV, "python")), "-m", "rasa", *args]


def rasa_server_command(*args: str) -> List[str]:
    """Like :func:`rasa_command`, through ``bot.rasa_plugins.run``: Rasa's own CLI with the per-turn
    speed-ups of ``bot.rasa_plugins.speedups`` installed first (used for ``rasa run`` servers)."""
    return [str(venv_bin(RASA_VENV, "python")), "-m", "bot.rasa_plugins.run", *args]


def input_files(root: Path = ROOT) -> List[Path]:
    """The files the model is trained from, in a stable order."""
    files: List[Path] = []
    for name in MODEL_INPUTS:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml", ".py"})
    return sorted(files)


def fingerprint(files: Optional[Iterable[Path]] = None, root: Path = ROOT) -> str:
    """sha256 of the inputs' relative paths and contents (first 16 hex digits)."""
    digest = hashlib.sha256()
    for path in files if files is not None else input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(fp: Optional[str] = None) -> Path:
    """Where the model for these inputs lives in ./models."""
    return MODELS_DIR / f"orientation-{fp or fingerprint()}.tar.gz"


def ensure_model(force: bool = False) -> Path:
    """Returns an up-to-date model, copying it from the cache or training it if needed."""
    fp = fingerprint()
    target = model_path(fp)
    cached = cache_dir() / "models" / target.name
    if target.exists() and not force:
        return target
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    if cached.exists() and not force:
        shutil.copy2(cached, target)
        print(f"Model {target.name} taken from the cache ({cached.parent}).", flush=True)
        return target
    print(f"Training model {target.name} (inputs changed or no model yet)…", flush=True)
    cmd = rasa_command(
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--out",
        str(MODELS_DIR),
        "--fixed-model-name",
        target.name[: -len(".tar.gz")],
    )
    subprocess.run(cmd, cwd=ROOT, env=rasa_env(), check=True)
    if not target.exists():
        raise RuntimeError(f"rasa train did not write {target}")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, cached)
    except OSError:
        pass  # a read-only cache only costs a retrain next time
    return target
