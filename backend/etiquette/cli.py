"""The ``etiquette`` command: ``serve`` runs the API, ``check`` lints a draft like any linter.

Exit status of ``check``: 1 when the verdict is ``fix``, 0 otherwise (also for an empty draft), 2 on
usage errors and drafts that cannot be read. ``serve``: 2 when it cannot start. Every command: 2 for a
usage error, with that sub-command's own usage.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys

from .vocab import DEFAULT_HOST, DEFAULT_PORT, KINDS, LOOPBACK_HOSTS, STAGES

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep messages on stderr."""


class _NoTokenInArgv(argparse.Action):
    """``--token T`` is gone: every user on the machine can read a process's argv (/proc/PID/cmdline).
    Declared (not just dropped) so argparse cannot take ``--token`` as an abbreviation of ``--token-file``."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(
            "--token is no longer accepted: a token on the command line is visible to every user "
            "in the process list. Put it in a file only you can read (chmod 600) and pass "
            "--token-file FILE, or set ETIQUETTE_TOKEN, or use --require-token."
        )


def _encoding(value: str) -> str:
    from .draft_file import encoding_name

    try:
        return encoding_name(value)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding: {value!r}") from None


def _port(value: str) -> int:
    try:
        port = int(value, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is outside 1-65535 (0 picks a free port)")
    return port


def _moment(value: str) -> str:
    """A date option: ISO 8601 in 1970-2100 (as the API takes), else a usage error naming the value."""
    from .date_window import range_problem

    problem = range_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r}: {problem}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="etiquette", description="Etiquette coach for post-interview emails.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help=f"run the local API (waitress) on {DEFAULT_HOST}")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"1-65535, or 0 for any free port (default {DEFAULT_PORT})",
    )
    serve.add_argument("--db", help="SQLite file for the tracker (default: the user data directory)")
    serve.add_argument(
        "--token-file",
        metavar="FILE",
        help="require the bearer token kept in FILE (yours, mode 600); or set ETIQUETTE_TOKEN",
    )
    serve.add_argument("--token", action=_NoTokenInArgv, help=argparse.SUPPRESS)
    serve.add_argument(
        "--require-token",
        action="store_true",
        help="require a bearer token, generated once and kept in the data directory",
    )
    serve.set_defaults(func=cmd_serve)

    pair = sub.add_parser("pair", help="print a fresh pairing code for the extension's options page")
    where = pair.add_mutually_exclusive_group()
    where.add_argument("--db", help="the tracker file the server uses (the code goes beside it)")
    where.add_argument("--data-dir", help="the server's data directory (default: the user data directory)")
    pair.add_argument(
        "--forget",
        action="store_true",
        help="unpair every extension instead (each must pair again with a new code)",
    )
    pair.set_defaults(func=cmd_pair)

    chk = sub.add_parser("check", help="check a draft file (or - for stdin)")
    chk.add_argument("file", nargs="?", help="the draft (- for stdin; read from stdin when piped)")
    chk.add_argument(
        "--encoding", type=_encoding, default="utf-8", help="the file's text encoding (default utf-8)"
    )
    chk.add_argument("--kind", default="auto", choices=list(KINDS))
    chk.add_argument("--subject")
    chk.add_argument("--interview-at", type=_moment, help="ISO 8601, years 1970-2100")
    chk.add_argument("--decision-by", type=_moment, help="ISO 8601 date or date-time, years 1970-2100")
    chk.add_argument("--stage", choices=list(STAGES))
    chk.add_argument("--interviewer")
    chk.add_argument("--company")
    chk.add_argument("--now", type=_moment, help="ISO 8601 (default: the clock)")
    chk.add_argument("--json", action="store_true", help="print the API's JSON response")
    chk.set_defaults(func=cmd_check)

    from . import cli_autostart, cli_dates
    from .tracker import cli as cli_tracker

    cli_tracker.add_commands(sub)

    cli_dates.add_commands(sub)
    cli_autostart.add_commands(sub)
    from .meaning import cli as cli_model

    cli_model.add_commands(sub)
    return parser


def _usage_error(args, message: str) -> int:
    """A usage error found after parsing: the sub-command's own usage and one line, exit 2."""
    args.parser.print_usage(sys.stderr)
    print(f"{args.parser.prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _check_db_argument(args) -> str | None:
    """What is wrong with ``--db`` as a path (its folder is never created for it), or None."""
    if not args.db:
        return None
    path = os.path.abspath(os.path.expanduser(args.db))
    if os.path.isdir(path):
        return f"argument --db: {args.db} is a folder; name the database file inside it"
    if os.path.exists(path) and not os.path.isfile(path):
        return f"argument --db: {args.db} is not a regular file"
    from .paths import default_data_dir

    if not os.path.isdir(os.path.dirname(path)) and os.path.dirname(path) != os.path.abspath(
        default_data_dir()
    ):
        return (
            f"argument --db: the folder {os.path.dirname(path)} does not exist "
            "(create it first, or leave out --db for the default data directory)"
        )
    return None


def cmd_serve(args) -> int:
    """Serve until interrupted: 0 then; 2 when it cannot start (usage, port, rule pack, token file).

    A tracker database that cannot be used does not stop it: checking works without the tracker, the
    trouble is printed once now and reported by ``/api/v1/health`` (and 503 on tracker routes).
    """
    import waitress

    from . import memory, tokens
    from .app import create_app
    from .tracker import db

    problem = _check_db_argument(args)
    if problem:
        return _usage_error(args, problem)
    # Before create_app starts the encoder's loader thread and waitress its request threads.
    memory.limit_arenas()
    try:
        # The environment is read here, at the command's entry, and handed on as configuration.
        token = tokens.token_from_args(args, env_token=os.environ.get("ETIQUETTE_TOKEN"))
    except SystemExit as exc:
        if isinstance(exc.code, str):  # a refusal worded for the user (e.g. a public --host without a token)
            print(exc.code, file=sys.stderr)
            return EXIT_USAGE
        raise
    except OSError as exc:
        print(
            f"etiquette: cannot keep the API token in {tokens.token_file_path(args)}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    config = {"TOKEN": token, "BIND_HOST": args.host}
    if args.db:
        config["DATABASE"] = os.path.abspath(os.path.expanduser(args.db))
    app = create_app(config)
    trouble = db.probe(app.config["DATABASE"], create_dir=app.config["DATABASE_CREATE_DIR"])
    if trouble is not None:
        print(
            f"etiquette: tracker unavailable: {trouble.message} Checking still works; interview "
            "tracking answers 503 until this is fixed.",
            file=sys.stderr,
            flush=True,
        )
    try:
        # waitress binds 0.0.0.0 by default: always pass the host.
        server = waitress.create_server(
            # A burst of checks leaves ~20-40 MB of freed heap: given back once the user pauses.
            memory.TrimWhenIdle(app),
            host=args.host,
            port=args.port,
            threads=2,
            ident="etiquette",
            # 4x Flask's cap: up to 1 MiB Flask answers with its JSON 413.
            max_request_body_size=4 * app.config["MAX_CONTENT_LENGTH"],
        )
    except (OSError, ValueError, OverflowError) as exc:
        hint = " (is the backend already running?)" if getattr(exc, "errno", None) == errno.EADDRINUSE else ""
        print(
            f"etiquette: cannot listen on {args.host}:{args.port}: "
            f"{getattr(exc, 'strerror', None) or exc}{hint}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    host, port = _listening(server, args)
    print(
        f"Follow-up Etiquette {app.config['VERSION']} on http://{host}:{port}/ "
        f"(tracker: {app.config['DATABASE']})",
        flush=True,
    )
    _print_pairing_code(app.config["DATA_DIR"])
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    return 0


def _listening(server, args) -> tuple[str, int]:
    """The address actually bound (``--port 0`` asks the system for a free port)."""
    listen = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    host, port = listen[0]
    host = args.host if args.host in LOOPBACK_HOSTS else host
    return (f"[{host}]" if ":" in host else host), port


def _print_pairing_code(data_dir: str) -> bool:
    from . import pairing

    try:
        code = pairing.new_code(data_dir)
    except OSError as exc:
        print(
            f"etiquette: no pairing code: cannot write to {data_dir}: {exc.strerror or exc}", file=sys.stderr
        )
        return False
    print(pairing.PAIRING_LINE.format(code=code), flush=True)
    return True


def cmd_pair(args) -> int:
    """A fresh code for ``POST /api/v1/pair``, valid for the server using this data directory."""
    from . import pairing, tokens
    from .paths import default_data_dir

    problem = _check_db_argument(args)
    data_dir = tokens.data_dir_from_args(args)
    if not problem and not os.path.isdir(data_dir) and data_dir != os.path.abspath(default_data_dir()):
        problem = f"argument --data-dir: {data_dir} does not exist (no server keeps its data there)"
    if problem:
        return _usage_error(args, problem)
    if getattr(args, "forget", False):
        try:
            count = pairing.forget_all(data_dir)
        except OSError as exc:
            print(f"etiquette: cannot change {data_dir}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"Unpaired {count} extension(s); pair again with `etiquette pair`.")
        return 0
    return 0 if _print_pairing_code(data_dir) else 2


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def cmd_check(args) -> int:
    """Lint one draft: 1 when the verdict is ``fix``; 0 otherwise (also for nothing to check); 2 when
    it cannot be read (missing, not in its encoding, over the API's 20,000 characters) or no draft
    was given (no FILE and a terminal on stdin: usage, instead of waiting for typing)."""
    from . import draft_file
    from .engine import check, get_pack

    if args.file is None and (sys.stdin is None or sys.stdin.isatty()):
        return _usage_error(args, "give the draft FILE to check (or - to type it on stdin)")
    name = "<stdin>" if args.file in (None, "-") else args.file
    try:
        if name == "<stdin>":
            data = draft_file.read_bytes(sys.stdin.buffer, name)
        else:
            data = draft_file.open_and_read(args.file)
        text = draft_file.decode(data, name, args.encoding)
    except draft_file.DraftFileError as exc:
        print(f"etiquette: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    context = {}
    for key in ("interview_at", "decision_by", "stage", "interviewer", "company"):
        value = getattr(args, key)
        if value is not None:
            context[key] = value
    result = check(text, kind=args.kind, context=context, now=args.now, subject=args.subject)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    elif result["verdict"] == "empty":
        print(f"{name}: nothing to check (the draft has no text of its own)")
    else:
        for w in result["warnings"]:
            line, col = line_col(text, w["offset"])
            print(f"{name}:{line}:{col}: {w['severity']} {w['category']} {w['message']} [{w['rule']}]")
        labels = get_pack().labels  # the words the panel and the playground use too
        n = len(result["warnings"])
        print(
            f"{name}: {labels['kinds'][result['kind']]}: {labels['verdicts'][result['verdict']]} "
            f"({n} finding{'s' if n != 1 else ''})"
        )
    return 1 if result["verdict"] == "fix" else 0


def _remember_parsers(parser: argparse.ArgumentParser) -> None:
    """Each sub-command's namespace carries its own parser, so any usage error found later prints
    that sub-command's usage (``etiquette interviews add``), not the top level's."""
    parser.set_defaults(parser=parser)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _remember_parsers(child)


def main(argv=None) -> int:
    from .engine.pack import RulePackError

    parser = build_parser()
    _remember_parsers(parser)
    args, extra = parser.parse_known_args(argv)
    if extra:
        args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except RulePackError as exc:
        # A broken rule file: say which file and field, and refuse to run a half-blind checker.
        print(f"etiquette: the rule pack is broken: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130  # Ctrl+C (say, at `check -` waiting for typing): the shell's usual status, no traceback
    except BrokenPipeError:
        # `etiquette check draft.txt | head -1`: the reader left; stop quietly, as linters do.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1


if __name__ == "__main__":
    sys.exit(main())
