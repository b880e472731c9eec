"""`etiquette service`: the files each OS wants, checked as text (and by systemd-analyze where it
runs), and install/uninstall/status carried out against a stand-in systemctl."""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from etiquette import autostart

ODD_DB = '/home/zoë/My Files/100% $HOME "quoted"/etiquette.sqlite3'
TASK_NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}


def spec(db="/home/jo/.local/share/follow-up-etiquette/etiquette.sqlite3", **kw):
    return autostart.Spec(autostart.serve_argv(sys.executable, 5455, db, **kw))


def systemd_words(exec_start: str) -> list[str]:
    """ExecStart read back as systemd does for our quoting (double quotes, backslash escapes, %% and $$)."""
    return [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(exec_start)]


def test_the_systemd_unit_runs_this_python_on_loopback_and_restarts_on_failure():
    unit = autostart.systemd_unit(spec(require_token=True))
    lines = unit.splitlines()
    exec_start = next(ln for ln in lines if ln.startswith("ExecStart="))[len("ExecStart=") :]
    assert systemd_words(exec_start) == [
        sys.executable,
        "-m",
        "etiquette",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "5455",
        "--db",
        "/home/jo/.local/share/follow-up-etiquette/etiquette.sqlite3",
        "--require-token",
    ]
    for line in ("Restart=on-failure", "WantedBy=default.target", "UMask=0077", "Type=simple"):
        assert line in lines, line
    assert lines.index("[Unit]") < lines.index("[Service]") < lines.index("[Install]")


def test_odd_characters_in_paths_survive_systemd_quoting():
    unit = autostart.systemd_unit(spec(ODD_DB, token_file="/tmp/a b/token"))
    exec_start = next(ln for ln in unit.splitlines() if ln.startswith("ExecStart="))[len("ExecStart=") :]
    words = systemd_words(exec_start)
    assert words[words.index("--db") + 1] == ODD_DB
    assert words[words.index("--token-file") + 1] == "/tmp/a b/token"
    assert "100%% $$HOME" in exec_start  # neither a specifier nor a variable to systemd


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed here")
def test_systemd_analyze_verifies_the_generated_user_unit(tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    unit = folder / autostart.UNIT
    unit.write_text(autostart.systemd_unit(spec(ODD_DB)), encoding="utf-8")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    # --user needs a runtime directory; offline verification needs no running systemd.
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    r = subprocess.run(
        ["systemd-analyze", "--user", "verify", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == "" and r.stdout.strip() == "", r.stderr + r.stdout


def test_the_launchd_agent_runs_at_load_and_restarts_only_after_a_failure(tmp_path):
    plan = autostart.plan(
        "macos", spec(ODD_DB), home=tmp_path, config_dir=tmp_path / "c", data_dir=tmp_path / "d", uid=501
    )
    assert plan.path == tmp_path / "Library" / "LaunchAgents" / "follow-up-etiquette.backend.plist"
    agent = plistlib.loads(plan.content)
    assert agent["Label"] == autostart.LAUNCHD_LABEL
    assert agent["ProgramArguments"][0] == sys.executable
    assert agent["ProgramArguments"][agent["ProgramArguments"].index("--db") + 1] == ODD_DB
    assert agent["ProgramArguments"][agent["ProgramArguments"].index("--host") + 1] == "127.0.0.1"
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["StandardErrorPath"].endswith("Library/Logs/follow-up-etiquette.log")
    assert plan.install == [["launchctl", "bootstrap", "gui/501", str(plan.path)]]
    assert plan.uninstall == [["launchctl", "bootout", "gui/501/follow-up-etiquette.backend"]]


def test_the_windows_task_starts_at_logon_with_no_time_limit_and_restarts_on_failure(tmp_path):
    argv = [
        "C:\\Users\\Zoë & Co\\pipx\\venvs\\follow-up-etiquette\\Scripts\\pythonw.exe",
        "-m",
        "etiquette",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "5455",
        "--db",
        "C:\\Users\\Zoë & Co\\data\\e.sqlite3",
    ]
    plan = autostart.plan(
        "windows",
        autostart.Spec(argv),
        home=tmp_path,
        config_dir=tmp_path,
        data_dir=tmp_path / "data",
        user="DESKTOP-1\\zoe",
    )
    assert plan.content.startswith(b"\xff\xfe")  # UTF-16 with its byte-order mark, as the declaration says
    root = ET.fromstring(plan.text.encode("utf-16"))
    assert root.find("t:Triggers/t:LogonTrigger/t:UserId", TASK_NS).text == "DESKTOP-1\\zoe"
    assert root.find("t:Principals/t:Principal/t:RunLevel", TASK_NS).text == "LeastPrivilege"
    settings = root.find("t:Settings", TASK_NS)
    assert settings.find("t:ExecutionTimeLimit", TASK_NS).text == "PT0S"
    assert settings.find("t:RestartOnFailure/t:Interval", TASK_NS).text == "PT1M"
    assert settings.find("t:DisallowStartIfOnBatteries", TASK_NS).text == "false"
    exec_ = root.find("t:Actions/t:Exec", TASK_NS)
    assert exec_.find("t:Command", TASK_NS).text == argv[0]
    assert exec_.find("t:Arguments", TASK_NS).text == subprocess.list2cmdline(argv[1:])
    assert '"C:\\Users\\Zoë & Co\\data\\e.sqlite3"' in exec_.find("t:Arguments", TASK_NS).text
    assert plan.install[0][:3] == ["schtasks", "/Create", "/TN"] and str(plan.path) in plan.install[0]


def test_systems_without_a_known_service_manager_are_named():
    assert autostart.system_of("linux") == "linux" and autostart.system_of("darwin") == "macos"
    assert autostart.system_of("win32") == "windows" and autostart.system_of("sunos5") is None


# --- the commands, against a stand-in systemctl ------------------------------------------------------


@pytest.fixture()
def fake_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "systemctl.log"
    fake = bin_dir / "systemctl"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> '{log}'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "ETIQUETTE_DATA_DIR"}
    env.update(HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return home, env, log


def etiquette(env, *argv):
    return subprocess.run(
        [sys.executable, "-m", "etiquette", *argv], capture_output=True, text=True, timeout=60, env=env
    )


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Linux flow; other systems are tested as text"
)
def test_dry_run_prints_the_unit_and_the_commands_and_changes_nothing(fake_home):
    home, env, log = fake_home
    r = etiquette(env, "service", "install", "--dry-run", "--port", "5466")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# Written by `etiquette service install`")
    assert "--port 5466" in r.stdout and "--host 127.0.0.1" in r.stdout
    assert f"would write: {home}/.config/systemd/user/follow-up-etiquette.service" in r.stderr
    assert "would run: systemctl --user enable --now follow-up-etiquette.service" in r.stderr
    assert list(home.iterdir()) == [] and not log.exists()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Linux flow; other systems are tested as text"
)
def test_install_status_uninstall_write_the_unit_and_drive_systemctl(fake_home, tmp_path):
    home, env, log = fake_home
    unit = home / ".config" / "systemd" / "user" / "follow-up-etiquette.service"
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "t.sqlite3"
    r = etiquette(env, "service", "install", "--db", str(db), "--require-token")
    assert r.returncode == 0, r.stderr
    assert "Installed" in r.stdout and unit.is_file()
    text = unit.read_text()
    assert (
        f"--db {db}" in text
        and "--require-token" in text
        and f"ExecStart={sys.executable} -m etiquette" in text
    )
    assert log.read_text().splitlines() == [
        "--user daemon-reload",
        "--user enable --now follow-up-etiquette.service",
    ]

    r = etiquette(env, "service", "status")
    assert f"service file: {unit}" in r.stdout
    assert "systemctl --user status" in r.stdout
    assert r.returncode in (0, 1)  # 1 unless something answers on 127.0.0.1:5455 here

    log.unlink()
    r = etiquette(env, "service", "uninstall")
    assert r.returncode == 0, r.stderr
    assert not unit.exists() and "Uninstalled" in r.stdout
    assert log.read_text().splitlines() == [
        "--user disable --now follow-up-etiquette.service",
        "--user daemon-reload",
    ]
    r = etiquette(env, "service", "uninstall")
    assert r.returncode == 0 and "Not installed" in r.stdout


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Linux flow; other systems are tested as text"
)
def test_a_refusing_systemctl_is_one_line_and_exit_1(fake_home):
    _home, env, _log = fake_home
    fake = Path(env["PATH"].split(os.pathsep)[0]) / "systemctl"
    fake.write_text("#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n")
    r = etiquette(env, "service", "install")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Failed to connect to bus" in lines[0] and "etiquette serve" in lines[0]
    assert "Traceback" not in r.stderr
