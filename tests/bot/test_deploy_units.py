"""deploy/systemd: the units parse, systemd-analyze accepts them, and what they start exists and runs.

The units name /srv/orientation and the user ``orientation``; here they are rendered for this checkout
and the current user, then checked with ``systemd-analyze verify`` (skipped where systemd-analyze is
missing; the other checks always run).
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from bot.cli import build_parser
from bot.paths import ROOT

UNITS = ROOT / "deploy" / "systemd"
INSTALL_ROOT = "/srv/orientation"
ENV_FILE = "/etc/orientation/orientation.env"
#: unit file -> the instance name checked for templates
INSTANCES = {"orientation-rasa@.service": "5005", "orientation-web@.service": "8080"}


def parse_unit(text: str) -> Dict[str, Dict[str, List[str]]]:
    """Sections -> key -> values (systemd keys may repeat; backslash continues a line)."""
    sections: Dict[str, Dict[str, List[str]]] = {}
    current = None
    logical = text.replace("\\\n", " ")
    for raw in logical.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None and "=" in line, f"not a unit line: {line!r}"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def render(text: str, env_file: Path) -> str:
    """The unit for this checkout and the current user."""
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    return (
        text.replace(ENV_FILE, str(env_file))
        .replace(INSTALL_ROOT, str(ROOT))
        .replace("User=orientation", f"User={user}")
        .replace("Group=orientation", f"Group={group}")
    )


def unit_files() -> List[Path]:
    return sorted(p for p in UNITS.iterdir() if p.suffix in (".service", ".target"))


def test_every_process_has_a_unit():
    names = {p.name for p in unit_files()}
    assert {
        "orientation-actions.service",
        "orientation-rasa@.service",
        "orientation-web@.service",
        "orientation.target",
    } <= names


@pytest.mark.parametrize("path", unit_files(), ids=lambda p: p.name)
def test_unit_commands_exist(path: Path, tmp_path: Path):
    unit = parse_unit(render(path.read_text(encoding="utf-8"), tmp_path / "orientation.env"))
    assert "Unit" in unit and "Install" in unit
    if path.suffix != ".service":
        return
    service = unit["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["EnvironmentFile"] == [str(tmp_path / "orientation.env")]
    commands = service.get("ExecStartPre", []) + service["ExecStart"]
    for command in commands:
        argv = shlex.split(command.replace("%i", INSTANCES.get(path.name, "0")))
        assert os.access(argv[0], os.X_OK), f"{path.name}: {argv[0]} is not executable"
        if argv[1:3] == ["-m", "bot"]:  # python -m bot <command>: a command of bot.cli
            build_parser().parse_args(argv[3:])
        elif argv[1:2] == ["-m"]:
            module = argv[2].replace(".", "/")
            assert (ROOT / f"{module}.py").exists() or (ROOT / module / "__main__.py").exists(), argv[2]
        for value in argv:  # every file the command names exists in the checkout
            if value.startswith(str(ROOT)) and "models/" not in value and "/run/" not in value:
                assert Path(value).exists(), f"{path.name}: {value} missing"


def test_rasa_unit_writes_the_endpoints_it_starts_with(tmp_path: Path):
    """ExecStartPre of the Rasa unit, run as written: the Redis stores with the privacy TTL."""
    unit = parse_unit(render((UNITS / "orientation-rasa@.service").read_text(encoding="utf-8"), tmp_path / "e"))
    out = tmp_path / "endpoints.yml"
    argv = shlex.split(unit["Service"]["ExecStartPre"][0].replace("%i", "5005"))
    argv[argv.index("--out") + 1] = str(out)
    env = {
        **os.environ,
        "REDIS_URL": "redis://:pw@127.0.0.1:6390/2",
        "BOT_ACTION_PORT": "5055",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("TRACKER_TTL_SECONDS", None)
    subprocess.run(argv, cwd=ROOT, env=env, check=True, timeout=120)
    config = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert config["tracker_store"]["type"] == "bot.rasa_plugins.redis_tracker_store.InboxRedisTrackerStore"
    assert config["tracker_store"]["record_exp"] == 1800 and config["tracker_store"]["db"] == 2
    assert config["lock_store"]["type"] == "redis"
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:5055/webhook"
    start = unit["Service"]["ExecStart"][0]
    assert "/run/orientation-rasa-%i/endpoints.yml" in start and "-m bot.rasa_plugins.run run" in start


def test_env_example_names_only_known_settings():
    """Every variable of orientation.env.example is read by the project (no typo an operator would copy)."""
    names = [
        line.split("=", 1)[0]
        for line in (UNITS / "orientation.env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sources = "\n".join(
        p.read_text(encoding="utf-8") for d in ("bot", "knowledge", "actions") for p in (ROOT / d).rglob("*.py")
    )
    for name in names:
        assert name in sources, name


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_verify(tmp_path: Path):
    env_file = tmp_path / "orientation.env"
    env_file.write_text((UNITS / "orientation.env.example").read_text(encoding="utf-8"), encoding="utf-8")
    names = []
    for path in unit_files():
        text = render(path.read_text(encoding="utf-8"), env_file)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        name = path.name.replace("@.", f"@{INSTANCES[path.name]}.") if path.name in INSTANCES else path.name
        if name != path.name:
            (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))
    result = subprocess.run(
        ["systemd-analyze", "verify", *names],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
    )
    assert result.returncode == 0, result.stderr
    # and it does fail on a unit whose command is missing (the check is real)
    broken = tmp_path / "orientation-broken.service"
    broken.write_text(
        (tmp_path / "orientation-actions.service").read_text().replace(f"{ROOT}/.venv/bin/rasa", "/nonexistent/rasa")
    )
    assert subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, timeout=120).returncode != 0
