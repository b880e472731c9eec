"""``etiquette service install | uninstall | status``: the backend starts with the computer.

``install`` writes the OS's service file (see :mod:`etiquette.autostart`) for this very interpreter and
registers it, so the checker is there after every login; ``--dry-run`` prints the file and the
commands instead. The service serves on 127.0.0.1 with the ``--db`` and token options given here.

Exit status: 0 done; 1 the OS refused (its own message is shown) or no service manager is known for
this system; 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .vocab import DEFAULT_HOST, DEFAULT_PORT

EXIT_FAIL = 1
EXIT_USAGE = 2


def _service_port(value: str) -> int:
    try:
        port = int(value, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is outside 1-65535 (the extension needs a fixed port)")
    return port


def add_commands(sub) -> None:
    service = sub.add_parser("service", help="start the backend with the computer (per-user service)")
    ssub = service.add_subparsers(dest="service_command", required=True)

    install = ssub.add_parser("install", help="register the backend to start at login, and start it now")
    install.add_argument(
        "--port",
        type=_service_port,
        default=DEFAULT_PORT,
        help=f"port on {DEFAULT_HOST} (default {DEFAULT_PORT}, the extension's default)",
    )
    install.add_argument("--db", help="SQLite file for the tracker (default: the user data directory)")
    token = install.add_mutually_exclusive_group()
    token.add_argument(
        "--token-file", metavar="FILE", help="require the bearer token kept in FILE (mode 600)"
    )
    token.add_argument(
        "--require-token",
        action="store_true",
        help="require a bearer token, generated once and kept beside the database",
    )
    install.add_argument(
        "--dry-run", action="store_true", help="print the service file and the commands, change nothing"
    )
    install.set_defaults(func=cmd_install)

    uninstall = ssub.add_parser("uninstall", help="stop the service and remove it (your data stays)")
    uninstall.add_argument("--dry-run", action="store_true", help="print the commands, change nothing")
    uninstall.set_defaults(func=cmd_uninstall)

    status = ssub.add_parser("status", help="is the service installed, running and answering?")
    status.set_defaults(func=cmd_status)


def _usage_error(args, message: str) -> int:
    args.parser.print_usage(sys.stderr)
    print(f"{args.parser.prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _fail(message: str) -> int:
    print(f"etiquette: {message}", file=sys.stderr)
    return EXIT_FAIL


def _interpreter() -> str:
    """This interpreter, absolute; on Windows its windowless twin, so no console opens at logon."""
    python = os.path.abspath(sys.executable)
    if os.name == "nt":
        windowless = os.path.join(os.path.dirname(python), "pythonw.exe")
        if os.path.exists(windowless):
            return windowless
    return python


def _plan_for(args, system: str, db: str, port: int, token_file: str | None, require_token: bool):
    from platformdirs import user_config_dir

    from . import autostart
    from .paths import default_data_dir

    spec = autostart.Spec(autostart.serve_argv(_interpreter(), port, db, token_file, require_token))
    user = None
    if system == "windows":
        domain = os.environ.get("USERDOMAIN")
        name = os.environ.get("USERNAME") or os.getlogin()
        user = f"{domain}\\{name}" if domain else name
    return autostart.plan(
        system,
        spec,
        home=Path.home(),
        config_dir=Path(user_config_dir()),
        data_dir=Path(default_data_dir()),
        uid=os.getuid() if hasattr(os, "getuid") else None,
        user=user,
    )


def _system(args):
    from . import autostart

    system = autostart.system_of(sys.platform)
    if system is None:
        _fail(
            f"no per-user service manager is known for {sys.platform}; start `etiquette serve` at login "
            "with your system's own tools"
        )
    return system


def _run(commands, dry_run: bool, check: bool = True, after: str = "") -> int:
    """Run each command (or print it). The first that fails stops the rest: its output is shown."""
    for command in commands:
        if dry_run:
            print(f"would run: {shlex.join(command)}", file=sys.stderr)
            continue
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except FileNotFoundError:
            return _fail(
                f"`{command[0]}` is not available here, so the service cannot be registered"
                + (after or "; start the backend with `etiquette serve` instead")
            )
        except subprocess.TimeoutExpired:
            return _fail(f"`{shlex.join(command)}` did not finish within 60 s")
        if done.returncode != 0 and check:
            said = (done.stderr or done.stdout).strip().splitlines()
            return _fail(
                f"`{shlex.join(command)}` failed (exit {done.returncode})"
                + (f": {said[-1]}" if said else "")
                + after
            )
    return 0


def cmd_install(args) -> int:
    """Write and register the service (or print both with --dry-run); 0, 1 when the OS refuses, 2 usage."""
    from .paths import default_data_dir, default_database, token_path
    from .tracker import db as tracker_db

    db = os.path.abspath(os.path.expanduser(args.db)) if args.db else default_database()
    if os.path.isdir(db):
        return _usage_error(args, f"argument --db: {args.db} is a folder; name the database file inside it")
    if os.path.exists(db) and not os.path.isfile(db):
        return _usage_error(args, f"argument --db: {args.db} is not a regular file")
    folder = os.path.dirname(db)
    is_default = folder == os.path.abspath(default_data_dir())
    if not os.path.isdir(folder) and not is_default:
        return _usage_error(
            args,
            f"argument --db: the folder {folder} does not exist "
            "(create it first, or leave out --db for the default data directory)",
        )
    token_file = os.path.abspath(os.path.expanduser(args.token_file)) if args.token_file else None
    if token_file and not os.path.isfile(token_file):
        return _usage_error(args, f"argument --token-file: {args.token_file}: no such file")
    system = _system(args)
    if system is None:
        return EXIT_FAIL
    plan = _plan_for(args, system, db, args.port, token_file, args.require_token)
    if args.dry_run:
        sys.stdout.write(plan.text)
        print(f"would write: {plan.path}", file=sys.stderr)
        return _run(plan.install, dry_run=True)
    if is_default:
        # The default data directory, made 0700 now so the service finds it (it never makes others).
        problem = tracker_db.probe(db, create_dir=True)
        if problem is not None:
            print(f"etiquette: note: {problem.message}", file=sys.stderr)
    try:
        plan.path.parent.mkdir(parents=True, exist_ok=True)
        plan.path.write_bytes(plan.content)
    except OSError as exc:
        return _fail(f"cannot write {plan.path}: {exc.strerror or exc}")
    status = _run(
        plan.install,
        dry_run=False,
        after=f"; {plan.path} is written but not registered: start the backend with `etiquette serve`",
    )
    if status:
        return status
    print(
        f"Installed: the backend starts at login and is starting now on http://{DEFAULT_HOST}:{args.port}/ "
        f"(tracker: {db}). Service file: {plan.path}. Remove with `etiquette service uninstall`."
    )
    if args.require_token:
        print(f"The token is written beside the tracker ({token_path(folder)}) on first start.")
    return 0


def cmd_uninstall(args) -> int:
    """Stop and remove the service; 0 also when it was not installed, 1 when the OS refuses."""
    system = _system(args)
    if system is None:
        return EXIT_FAIL
    plan = _plan_for(args, system, "", DEFAULT_PORT, None, False)
    if args.dry_run:
        status = _run(plan.uninstall, dry_run=True)
        print(f"would remove: {plan.path}", file=sys.stderr)
        return status
    if not plan.path.exists():
        print(f"Not installed (no {plan.path}); nothing to remove.")
        return 0
    # Stopping a service that is not running is no failure: carry on and remove the file.
    _run(plan.uninstall[:1], dry_run=False, check=False)
    try:
        plan.path.unlink()
    except OSError as exc:
        return _fail(f"cannot remove {plan.path}: {exc.strerror or exc}")
    status = _run(plan.uninstall[1:], dry_run=False)
    if status:
        return status
    print(f"Uninstalled: removed {plan.path}. Your interviews and settings are kept.")
    return 0


def _installed_port(plan) -> int:
    argv = plan.text.split()
    for i, word in enumerate(argv):
        if word.strip("<>\"'") == "--port" and i + 1 < len(argv):
            digits = "".join(c for c in argv[i + 1] if c.isdigit())
            if digits:
                return int(digits)
    return DEFAULT_PORT


def answering(port: int) -> str | None:
    """The version of a backend answering on 127.0.0.1:``port``, or None."""
    try:
        with urllib.request.urlopen(f"http://{DEFAULT_HOST}:{port}/api/v1/health", timeout=2) as resp:
            return json.loads(resp.read()).get("version") or "?"
    except (OSError, ValueError, urllib.error.URLError):
        return None


def cmd_status(args) -> int:
    """0 when installed and answering; 1 otherwise (what is missing is said)."""
    system = _system(args)
    if system is None:
        return EXIT_FAIL
    plan = _plan_for(args, system, "", DEFAULT_PORT, None, False)
    installed = plan.path.exists()
    port = DEFAULT_PORT
    if installed:
        try:
            plan.content = plan.path.read_bytes()  # the installed file may name another port
        except OSError:
            pass
        port = _installed_port(plan)
    version = answering(port)
    print(f"service file: {plan.path if installed else 'not installed'}")
    if installed:
        for command in plan.status:
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=30)
                said = (done.stdout or done.stderr).strip().splitlines()
                print(f"{shlex.join(command)}: " + (said[0] if said else f"exit {done.returncode}"))
            except (OSError, subprocess.TimeoutExpired) as exc:
                print(f"{shlex.join(command)}: not available ({exc})")
    print(
        f"backend on {DEFAULT_HOST}:{port}: "
        + (f"answering (version {version})" if version else "not answering")
    )
    if not installed:
        print("Run `etiquette service install` once to start it with the computer, or `etiquette serve` now.")
    return 0 if installed and version else EXIT_FAIL
