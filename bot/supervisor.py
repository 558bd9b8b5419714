"""Starts, watches and stops the three processes: action server, Rasa server, web front."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from bot.paths import LOGGING_CONFIG, ROOT, WEB_VENV, venv_bin
from bot.training import rasa_command, rasa_env, rasa_server_command


@dataclass(frozen=True)
class Ports:
    """Where each process listens (loopback by default)."""

    host: str = "127.0.0.1"
    web: int = 8080
    rasa: int = 5005
    actions: int = 5055

    @classmethod
    def from_env(cls) -> "Ports":
        env = os.environ
        return cls(
            host=env.get("BOT_HOST", "127.0.0.1"),
            web=int(env.get("BOT_WEB_PORT", 8080)),
            rasa=int(env.get("BOT_RASA_PORT", 5005)),
            actions=int(env.get("BOT_ACTION_PORT", 5055)),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.actions}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web}"


def http_ok(url: str, timeout: float = 2.0) -> bool:
    """True when ``url`` answers 200 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


@dataclass
class Stack:
    """The running processes. Use :meth:`start`, :meth:`wait_ready`, :meth:`stop`."""

    model: Path
    ports: Ports = field(default_factory=Ports)
    with_web: bool = True
    log_dir: Optional[Path] = None
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    #: extra environment variables for the three processes (e.g. the web front's BOT_* settings)
    extra_env: Dict[str, str] = field(default_factory=dict)
    #: Rasa servers, on consecutive ports from ``ports.rasa`` (more than one needs ``REDIS_URL``)
    instances: int = 1

    def __post_init__(self) -> None:
        if self.instances < 1:
            raise ValueError("RASA_INSTANCES must be at least 1")
        if self.instances > 1 and not self.redis_url:
            raise ValueError("RASA_INSTANCES > 1 needs REDIS_URL: the instances must share conversations and locks")

    @property
    def redis_url(self) -> Optional[str]:
        """Redis of the stack (``REDIS_URL`` of ``extra_env`` or of the environment), or None."""
        return self.extra_env.get("REDIS_URL", os.environ.get("REDIS_URL")) or None

    @property
    def rasa_names(self) -> List[str]:
        """Process names of the Rasa servers: ``rasa``, then ``rasa-1``, ``rasa-2``…"""
        return ["rasa"] + [f"rasa-{i}" for i in range(1, self.instances)]

    def rasa_port(self, name: str) -> int:
        """Port of the Rasa server called ``name``."""
        return self.ports.rasa + self.rasa_names.index(name)

    @property
    def rasa_urls(self) -> List[str]:
        """Base URL of every Rasa server, in order."""
        return [f"http://127.0.0.1:{self.rasa_port(name)}" for name in self.rasa_names]

    def commands(self) -> Dict[str, List[str]]:
        """The command line of each process."""
        cmds = {
            "actions": rasa_command(
                "run",
                "actions",
                "--actions",
                "actions",
                "--port",
                str(self.ports.actions),
                "--logging-config-file",
                str(LOGGING_CONFIG),
            ),
        }
        endpoints = str(self.endpoints_file())
        for name in self.rasa_names:
            cmds[name] = rasa_server_command(
                "run",
                "--model",
                str(self.model),
                "--endpoints",
                endpoints,
                "--credentials",
                "credentials.yml",
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port(name)),
                "--logging-config-file",
                str(LOGGING_CONFIG),
            )
        if self.with_web:
            cmds["web"] = [str(venv_bin(WEB_VENV, "python")), "-m", "bot.web"]
        return cmds

    def endpoints_file(self) -> Path:
        """endpoints.yml, or a copy pointing Rasa at this stack's action server port and stores.

        With ``REDIS_URL`` the copy uses Rasa's Redis tracker and lock stores (see bot.stores).
        """
        from bot.stores import ENDPOINTS, render_endpoints

        text = ENDPOINTS.read_text(encoding="utf-8")
        changed = render_endpoints(f"{self.ports.action_url}/webhook", self.redis_url, {**os.environ, **self.extra_env})
        if changed == text:
            return ENDPOINTS
        directory = self.log_dir or Path(tempfile.mkdtemp(prefix="orientation-endpoints-"))
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / "endpoints.yml"
        target.write_text(changed, encoding="utf-8")
        return target

    def env(self) -> Dict[str, str]:
        env = rasa_env()
        env.update(
            SANIC_HOST="127.0.0.1",
            LOG_LEVEL="WARNING",
            BOT_WEB_HOST=self.ports.host,
            BOT_WEB_PORT=str(self.ports.web),
            BOT_RASA_URL=self.ports.rasa_url,
            BOT_RASA_URLS=",".join(self.rasa_urls),
            BOT_ACTION_URL=self.ports.action_url,
        )
        env.update(self.extra_env)
        return env

    def start(self) -> None:
        """Starts every process in its own process group."""
        env = self.env()
        for name, cmd in self.commands().items():
            self._spawn(name, cmd, env)

    def _spawn(self, name: str, cmd: List[str], env: Dict[str, str]) -> None:
        out = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def restart(self, name: str) -> None:
        """Starts process ``name`` again (after it died)."""
        self.stop(name)
        self._spawn(name, self.commands()[name], self.env())

    def replaceable(self, dead: List[str]) -> bool:
        """True when only Rasa servers died and another one still serves (the front moves on to it)."""
        alive_rasa = [n for n in self.rasa_names if n not in dead and n in self.processes]
        return bool(dead) and all(n in self.rasa_names for n in dead) and bool(alive_rasa)

    def health(self) -> Dict[str, bool]:
        """Which processes answer."""
        checks = {"actions": f"{self.ports.action_url}/health"}
        for name, url in zip(self.rasa_names, self.rasa_urls):
            checks[name] = f"{url}/webhooks/rest/"
        if self.with_web:
            checks["web"] = f"http://127.0.0.1:{self.ports.web}/healthz"
        return {name: http_ok(url) for name, url in checks.items()}

    def dead(self) -> List[str]:
        """Processes that have exited."""
        return [name for name, p in self.processes.items() if p.poll() is not None]

    @contextmanager
    def serving(self, timeout: float = 240.0) -> Iterator["Stack"]:
        """Started and ready within the block, stopped on leaving it (errors included)."""
        self.start()
        try:
            self.wait_ready(timeout=timeout)
            yield self
        finally:
            self.stop()

    def wait_ready(self, timeout: float = 240.0) -> None:
        """Blocks until every process answers; raises if one dies or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.dead():
                raise RuntimeError(f"process(es) stopped during start-up: {', '.join(self.dead())}")
            if all(self.health().values()):
                return
            time.sleep(1.0)
        raise TimeoutError(f"not ready after {timeout:.0f} s: {self.health()}")

    def stop(self, name: Optional[str] = None, timeout: float = 15.0) -> None:
        """Stops one process (or all): SIGTERM to its group, then SIGKILL."""
        names = [name] if name else list(self.processes)
        for n in names:
            proc = self.processes.get(n)
            if proc and proc.poll() is None:
                _signal_group(proc, signal.SIGTERM)
        for n in names:
            proc = self.processes.get(n)
            if proc is None:
                continue
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=5)
            if name:
                self.processes.pop(n, None)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def instances_from_env() -> int:
    """``RASA_INSTANCES`` (default 1)."""
    raw = (os.environ.get("RASA_INSTANCES") or "1").strip()
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"RASA_INSTANCES must be an integer, got {raw!r}") from None


def up(model: Path, ports: Optional[Ports] = None) -> int:
    """Runs the stack in the foreground until Ctrl-C / SIGTERM or a process dies.

    ``RASA_INSTANCES=N`` starts N Rasa servers on consecutive ports (``REDIS_URL`` required).
    """
    try:
        stack = Stack(model=model, ports=ports or Ports.from_env(), instances=instances_from_env())
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    stopping = False

    def on_signal(signum, frame):  # noqa: ANN001 - signal handler signature
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    stack.start()
    try:
        print(
            f"Starting the action server, {stack.instances} Rasa server(s)"
            + (" (Redis stores)" if stack.redis_url else "")
            + " and the web front…",
            flush=True,
        )
        deadline = time.monotonic() + 300
        while not stopping and time.monotonic() < deadline:
            if stack.dead():
                print(f"Stopped during start-up: {', '.join(stack.dead())}", file=sys.stderr)
                return 1
            if all(stack.health().values()):
                break
            time.sleep(1.0)
        if stopping:
            return 0
        if not all(stack.health().values()):
            print(f"Not ready after 300 s: {stack.health()}", file=sys.stderr)
            return 1
        print(
            f"\nReady. Chat:    {stack.ports.web_url}/\n"
            f"       Adviser: {stack.ports.web_url}/conseiller\n"
            f"       API:     {stack.ports.web_url}/api/access-points?q=22300&profile=jeune\n"
            "Ctrl-C stops everything.",
            flush=True,
        )
        restarts: Dict[str, int] = {}
        while not stopping:
            dead = stack.dead()
            if dead and stack.replaceable(dead) and all(restarts.get(n, 0) < 5 for n in dead):
                # the front already sends these conversations to the other instance(s)
                for name in dead:
                    restarts[name] = restarts.get(name, 0) + 1
                    print(f"Rasa server {name} stopped; starting it again.", file=sys.stderr, flush=True)
                    stack.restart(name)
            elif dead:
                print(f"Process stopped: {', '.join(dead)}; stopping the others.", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        stack.stop()
