"""The backend as a per-user service that starts at login: the files each OS wants, as text.

- Linux: a systemd user unit (``~/.config/systemd/user/follow-up-etiquette.service``), enabled for
  ``default.target``; ``Restart=on-failure``. Format: systemd.service(5), systemd.unit(5).
- macOS: a launchd agent (``~/Library/LaunchAgents/follow-up-etiquette.backend.plist``), ``RunAtLoad``
  and ``KeepAlive: {SuccessfulExit: false}`` (restart when it fails). Format: launchd.plist(5).
- Windows: a Task Scheduler task run at the user's logon, restarted on failure, no time limit.
  Format: the Task Scheduler schema (learn.microsoft.com, "Task Scheduler Schema").

Nothing here touches the system: :func:`plan` says what to write where and which commands register,
remove or query it; :mod:`etiquette.cli_autostart` carries that out (or prints it, with ``--dry-run``).
The service always serves on 127.0.0.1, with an explicit ``--db`` so it uses the very file chosen now.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from .vocab import DEFAULT_HOST

NAME = "follow-up-etiquette"
UNIT = f"{NAME}.service"
LAUNCHD_LABEL = f"{NAME}.backend"
TASK_NAME = "Follow-up Etiquette"
DESCRIPTION = "Follow-up Etiquette backend: checks post-interview emails on this computer (127.0.0.1 only)"
RESTART_DELAY_S = 5


@dataclass
class Spec:
    """What the service runs: ``argv`` (an absolute interpreter first), and its log file (launchd)."""

    argv: list[str]
    log: str | None = None
    environment: dict = field(default_factory=lambda: {"PYTHONUNBUFFERED": "1"})


@dataclass
class Plan:
    """One OS's service: ``path`` gets ``content``; then ``install`` runs; ``uninstall`` and ``status``
    are the commands that undo and query it."""

    system: str
    path: Path
    content: bytes
    install: list[list[str]]
    uninstall: list[list[str]]
    status: list[list[str]]

    @property
    def text(self) -> str:
        return self.content.decode("utf-16" if self.system == "windows" else "utf-8")


def serve_argv(
    python: str, port: int, db: str, token_file: str | None = None, require_token: bool = False
) -> list[str]:
    """The service's command line: always loopback, always an explicit database, at most one token option."""
    argv = [python, "-m", "etiquette", "serve", "--host", DEFAULT_HOST, "--port", str(port), "--db", db]
    if token_file:
        argv += ["--token-file", token_file]
    elif require_token:
        argv.append("--require-token")
    return argv


# ------------------------------------------------------------------------------------------ systemd


def _systemd_word(word: str) -> str:
    """One ExecStart word, quoted as systemd.service(5) "Command lines" reads it: specifiers (%) and
    variables ($) are doubled so a path keeps its letters; quotes and backslashes escaped."""
    word = word.replace("%", "%%").replace("$", "$$")
    if word and not any(c in word for c in " \t\"'\\;"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _systemd_env(key: str, value: str) -> str:
    # Environment= expands specifiers (%) but not variables.
    word = f"{key}={value}".replace("%", "%%")
    if not any(c in word for c in " \t\"'\\"):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_unit(spec: Spec) -> str:
    """The user unit's text; ``systemd-analyze --user verify`` accepts it (tests/test_autostart.py)."""
    env = "".join(f"Environment={_systemd_env(k, v)}\n" for k, v in spec.environment.items())
    return (
        "# Written by `etiquette service install`; remove with `etiquette service uninstall`.\n"
        "[Unit]\n"
        f"Description={DESCRIPTION}\n"
        # Give up after 5 failed starts in 2 minutes (a broken rule pack, the port taken for good).
        "StartLimitIntervalSec=120\n"
        "StartLimitBurst=5\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={' '.join(_systemd_word(w) for w in spec.argv)}\n"
        f"{env}"
        "Restart=on-failure\n"
        f"RestartSec={RESTART_DELAY_S}\n"
        # The tracker and tokens it creates are the user's alone.
        "UMask=0077\n"
        "NoNewPrivileges=yes\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


# ------------------------------------------------------------------------------------------ launchd


def launchd_plist(spec: Spec) -> bytes:
    """The agent's property list as XML bytes (plistlib escapes every string)."""
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(spec.argv),
        "EnvironmentVariables": dict(spec.environment),
        "RunAtLoad": True,
        # Restart when it exits with a failure (not after a clean stop).
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": RESTART_DELAY_S * 2,
        "ProcessType": "Background",
        "Umask": 0o077,
    }
    if spec.log:
        agent["StandardOutPath"] = spec.log
        agent["StandardErrorPath"] = spec.log
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=False)


# ------------------------------------------------------------------------------------ Task Scheduler


def task_xml(spec: Spec, user: str) -> str:
    """A logon task for ``user`` (``DOMAIN\\name``), at least privilege, restarted on failure."""
    command = spec.argv[0]
    arguments = subprocess.list2cmdline(spec.argv[1:])
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{escape(DESCRIPTION)}</Description>
    <URI>\\{escape(TASK_NAME)}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>{escape(user)}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>{escape(user)}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>10</Count>
    </RestartOnFailure>
    <Hidden>true</Hidden>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(command)}</Command>
      <Arguments>{escape(arguments)}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


# --------------------------------------------------------------------------------------------- plans


def system_of(platform: str) -> str | None:
    """``linux``, ``macos``, ``windows``, or None where no per-user service is known to us."""
    if platform.startswith("linux"):
        return "linux"
    if platform == "darwin":
        return "macos"
    if platform in ("win32", "cygwin"):
        return "windows"
    return None


def plan(
    system: str,
    spec: Spec,
    *,
    home: Path,
    config_dir: Path,
    data_dir: Path,
    uid: int | None = None,
    user: str | None = None,
) -> Plan:
    """Where the service file goes on ``system`` and the commands around it (nothing is run here)."""
    if system == "linux":
        path = config_dir / "systemd" / "user" / UNIT
        return Plan(
            system,
            path,
            systemd_unit(spec).encode("utf-8"),
            install=[
                ["systemctl", "--user", "daemon-reload"],
                ["systemctl", "--user", "enable", "--now", UNIT],
            ],
            uninstall=[
                ["systemctl", "--user", "disable", "--now", UNIT],
                ["systemctl", "--user", "daemon-reload"],
            ],
            status=[["systemctl", "--user", "status", "--no-pager", "--lines=5", UNIT]],
        )
    if system == "macos":
        path = home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"
        domain = f"gui/{uid if uid is not None else os.getuid()}"
        log = str(home / "Library" / "Logs" / f"{NAME}.log")
        agent = Spec(spec.argv, log=log, environment=spec.environment)
        return Plan(
            system,
            path,
            launchd_plist(agent),
            install=[["launchctl", "bootstrap", domain, str(path)]],
            uninstall=[["launchctl", "bootout", f"{domain}/{LAUNCHD_LABEL}"]],
            status=[["launchctl", "print", f"{domain}/{LAUNCHD_LABEL}"]],
        )
    if system == "windows":
        path = data_dir / "follow-up-etiquette-task.xml"
        # schtasks reads the XML in the encoding its declaration names: UTF-16, with its byte-order mark.
        content = task_xml(spec, user or "").encode("utf-16")
        return Plan(
            system,
            path,
            content,
            install=[
                ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(path), "/F"],
                ["schtasks", "/Run", "/TN", TASK_NAME],
            ],
            uninstall=[
                ["schtasks", "/End", "/TN", TASK_NAME],
                ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"],
            ],
            status=[["schtasks", "/Query", "/TN", TASK_NAME, "/FO", "LIST"]],
        )
    raise ValueError(f"no per-user service for {system!r}")
