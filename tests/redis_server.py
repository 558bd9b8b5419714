"""A throw-away ``redis-server`` on a spare loopback port, for the tests (no persistence)."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from typing import List, Optional

import pytest

#: ports tried for test Redis servers (never Redis's default 6379)
PORT_RANGE = (16300, 16399)


def redis_server_binary() -> str:
    """Path of ``redis-server``; a missing one fails the test in CI (``CI=true``) and skips it elsewhere."""
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )
    if found:
        return found
    message = "redis-server missing: install Debian's redis-server package (make test does it as root)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError  # unreachable


def spare_port(low: int = PORT_RANGE[0], high: int = PORT_RANGE[1]) -> int:
    """A loopback port of ``[low, high]`` nobody listens on."""
    ports = list(range(low, high + 1))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no spare port in {low}-{high}")


class RedisServer:
    """One redis-server process; :meth:`start` again after :meth:`stop` reuses the same port."""

    def __init__(self, port: Optional[int] = None) -> None:
        self.binary = redis_server_binary()
        self.port = port or spare_port()
        self.dir = tempfile.mkdtemp(prefix="test-redis-")
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 15.0) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server stopped at start (port {self.port})")
            try:
                if self.reply("PING") == "PONG":
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise TimeoutError("redis-server not ready")

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def keys(self) -> List[str]:
        """Every key (SCAN, as ``redis-cli --scan`` does)."""
        found: List[str] = []
        cursor = "0"
        while True:
            reply = self.reply("SCAN", cursor, "COUNT", "1000")
            cursor, batch = reply[0], reply[1]
            found.extend(batch)
            if cursor == "0":
                return found

    def reply(self, *args: str):  # noqa: ANN201 - nested RESP values
        payload = f"*{len(args)}\r\n".encode() + b"".join(
            f"${len(a.encode())}\r\n".encode() + a.encode() + b"\r\n" for a in args
        )
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(payload)
            return _parse(sock.makefile("rb"))

    def dump_values(self) -> str:
        """Every key and its whole value as text (strings, hashes, sets, sorted sets, lists)."""
        parts: List[str] = []
        for key in self.keys():
            kind = self.reply("TYPE", key)
            if kind == "string":
                value = self.reply("GET", key)
            elif kind == "hash":
                value = self.reply("HGETALL", key)
            elif kind == "zset":
                value = self.reply("ZRANGE", key, "0", "-1", "WITHSCORES")
            elif kind == "set":
                value = self.reply("SMEMBERS", key)
            elif kind == "list":
                value = self.reply("LRANGE", key, "0", "-1")
            else:
                value = kind
            parts.append(f"{key} {value}")
        return "\n".join(parts)


def _parse(stream):  # noqa: ANN001, ANN202 - RESP2 values
    line = stream.readline()
    if not line:
        raise OSError("connection closed")
    kind, rest = line[:1], line[1:].rstrip(b"\r\n")
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        if size < 0:
            return None
        data = stream.read(size + 2)[:-2]
        return data.decode("utf-8", "replace")
    if kind == b"*":
        size = int(rest)
        return None if size < 0 else [_parse(stream) for _ in range(size)]
    raise OSError(f"unexpected reply {line!r}")
