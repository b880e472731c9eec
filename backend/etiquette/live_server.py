"""A real ``etiquette serve`` in a child process, for tests, benchmarks and smoke scripts.

One helper for the four places that start the backend for real: ``tests/`` (the server's own
behaviour), ``e2e/`` (the browser talks to it), ``bench/`` (start-up and HTTP latency) and
``extension/build/firefox_smoke.py``. It lives in the package, not in a tests folder, because the
package is the one thing all four already import without pytest and without path tricks (the smoke
script, run by any ``python3``, puts ``backend/`` on its path). It uses only the standard library and
vocab.py (literal data), and nothing in the package imports it.

    with LiveServer(db=str(tmp / "t.sqlite3")) as server:   # free port, waits for /api/v1/health
        urllib.request.urlopen(server.url + "/api/v1/rules")

The child's stdout and stderr are read by two threads as they arrive (a full pipe never stalls the
server), so a test can wait for a line (``read_until``) and a failed start names its last words.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .vocab import LOOPBACK_HOSTS

LOOPBACK = LOOPBACK_HOSTS[0]
HEALTH = "/api/v1/health"


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on at ``host`` right now (the OS picks it; free until someone binds)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def etiquette_command() -> list[str]:
    """The ``etiquette`` console script beside this interpreter (what users run), else ``python -m etiquette``."""
    script = Path(sys.executable).with_name("etiquette")
    return [str(script)] if script.exists() else [sys.executable, "-m", "etiquette"]


class ServerDidNotStart(RuntimeError):
    """The server exited, or never answered health as asked, within the time given."""


class LiveServer:
    """``etiquette serve --host H --port P [--db DB] *args`` as a child process.

    ``port=None`` picks a free one; ``port=0`` lets the server choose (read its banner with
    ``read_until``). ``env`` is laid over ``os.environ`` (a value of None removes the variable).
    ``command`` replaces the ``etiquette`` executable (e.g. another venv's console script).
    ``merge_stderr`` sends stderr into stdout, one stream in the order the server wrote it.
    ``stop()`` then ``start()`` again runs a fresh process on the same port and database.
    """

    def __init__(
        self,
        *args: str,
        db: str | os.PathLike | None = None,
        host: str = LOOPBACK,
        port: int | None = None,
        env: dict[str, str | None] | None = None,
        command: list[str] | None = None,
        cwd: str | os.PathLike | None = None,
        merge_stderr: bool = False,
    ):
        self.host = host
        self.port = free_port(host) if port is None else port
        self.db = None if db is None else str(db)
        self.args = list(args)
        self.env = dict(env or {})
        self.command = list(command) if command else etiquette_command()
        self.cwd = cwd
        self.merge_stderr = merge_stderr
        self.proc: subprocess.Popen | None = None
        self.started = 0.0  # time.perf_counter() when the process was spawned
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._more = threading.Condition()
        self._readers: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://[{self.host}]:{self.port}" if ":" in self.host else f"http://{self.host}:{self.port}"

    def argv(self) -> list[str]:
        db = ["--db", self.db] if self.db is not None else []
        return [*self.command, "serve", "--host", self.host, "--port", str(self.port), *db, *self.args]

    # ---- life cycle

    def spawn(self) -> LiveServer:
        """Start the process and return at once (``wait_healthy`` or ``read_until`` to wait)."""
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        for key, value in self.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        self.stdout, self.stderr = [], []
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            self.argv(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if self.merge_stderr else subprocess.PIPE,
            text=True,
            errors="replace",
            env=env,
            cwd=None if self.cwd is None else str(self.cwd),
        )
        streams = [(self.proc.stdout, self.stdout)]
        if not self.merge_stderr:
            streams.append((self.proc.stderr, self.stderr))
        self._readers = [
            threading.Thread(target=self._read, args=pair, daemon=True, name=f"etiquette-serve-{i}")
            for i, pair in enumerate(streams)
        ]
        for reader in self._readers:
            reader.start()
        return self

    def start(self, timeout: float = 60.0) -> dict:
        """Spawn, then wait for health (see ``wait_healthy``); returns health's JSON body."""
        self.spawn()
        try:
            return self.wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self, timeout: float = 10.0) -> int | None:
        """Terminate (then kill, if it lingers), reap, and return the exit code (None if never started)."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        for reader in self._readers:
            reader.join(timeout)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        self.proc = None
        return proc.returncode

    def kill(self) -> None:
        """SIGKILL, no goodbye (crash tests); ``stop()`` afterwards reaps it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()

    def __enter__(self) -> LiveServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- waiting

    def wait_healthy(
        self, timeout: float = 60.0, ready: Callable[[dict], bool] | None = None, poll: float = 0.05
    ) -> dict:
        """Poll ``GET /api/v1/health`` until it answers 200 (and ``ready(body)``, if given); return the body.

        :raise ServerDidNotStart: the process exited, or ``timeout`` seconds passed; the message holds
            the exit code and the tail of what the server wrote.
        """
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is None or self.proc.poll() is not None:
                code = None if self.proc is None else self.proc.returncode
                raise ServerDidNotStart(f"etiquette serve exited (code {code}):\n{self.tail()}")
            body = self._health()
            if body is not None and (ready is None or ready(body)):
                return body
            if time.monotonic() > deadline:
                what = "answered health" if ready is None else "became ready"
                raise ServerDidNotStart(
                    f"etiquette serve never {what} within {timeout} s at {self.url}:\n{self.tail()}"
                )
            time.sleep(poll)

    def _health(self) -> dict | None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=2)
        try:
            conn.request("GET", HEALTH)
            response = conn.getresponse()
            data = response.read()
            return json.loads(data) if response.status == 200 else None
        except (OSError, http.client.HTTPException, ValueError):
            return None
        finally:
            conn.close()

    def read_until(self, predicate: Callable[[str], bool], timeout: float = 60.0) -> list[str]:
        """stdout lines (without their newline) up to and including the first that ``predicate`` accepts;
        all lines so far if the server closes its stdout or ``timeout`` passes first (no exception: the
        caller's assertion on the lines says what was missing)."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._more:
            while True:
                for index in range(seen, len(self.stdout)):
                    if predicate(self.stdout[index]):
                        return self.stdout[: index + 1]
                seen = len(self.stdout)
                left = deadline - time.monotonic()
                if left <= 0 or not (self._readers and self._readers[0].is_alive()):
                    return list(self.stdout)
                self._more.wait(min(left, 0.1))

    def first_line(self, timeout: float = 60.0) -> str:
        """The server's first stdout line, its banner ("" if none came within ``timeout``)."""
        return next(iter(self.read_until(lambda line: True, timeout)), "")

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            with self._more:
                lines.append(line.rstrip("\n"))
                self._more.notify_all()
        with self._more:
            self._more.notify_all()

    def tail(self, chars: int = 2000) -> str:
        """The last ``chars`` characters the server wrote (stderr first: that is where it complains)."""
        text = "\n".join(self.stderr) + ("\n" if self.stderr and self.stdout else "") + "\n".join(self.stdout)
        return text[-chars:]

    def rss_mb(self) -> tuple[float, float]:
        """(VmRSS, VmHWM) of the running server in MB, from /proc (Linux)."""
        values = {}
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024
        return round(values.get("VmRSS", float("nan")), 1), round(values.get("VmHWM", float("nan")), 1)
