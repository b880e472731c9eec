"""Tracker commands: ``etiquette interviews list|add|show|remind``, ``etiquette export``, ``etiquette import``.

They open the same SQLite file as ``etiquette serve`` (``--db`` overrides, as there) and go through
the same functions as the API, so the two can run at the same time safely.

Exit status: 0 done, 1 nothing found / the file does not fit / the database cannot be used,
2 usage errors (argparse's, and values the schema refuses, such as ``--at notadate``). The tracker's
errors (:class:`~etiquette.tracker.service.TrackerError`, :class:`~etiquette.tracker.db.StoreUnavailable`)
become that one line and exit 1 in :func:`_run`, and only there.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys

from marshmallow import ValidationError

from ..paths import default_database
from ..vocab import DEFAULT_STAGE, STAGES

EXIT_FAIL = 1
EXIT_USAGE = 2
# `interviews add` options by the field they fill, for error messages.
_OPTIONS = {"interview_at": "--at", "interviewer_email": "--email", "decision_by": "--decision-by"}


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLite file of the tracker (default: the one `etiquette serve` uses)")


def add_commands(sub) -> None:
    interviews = sub.add_parser("interviews", help="list, add or show tracked interviews")
    isub = interviews.add_subparsers(dest="interviews_command", required=True)

    lst = isub.add_parser("list", help="every tracked interview, one a line")
    lst.add_argument("--email", help="only those with this interviewer address")
    lst.add_argument("--json", action="store_true", help="print the API's JSON")
    _db_option(lst)
    lst.set_defaults(func=cmd_list)

    add = isub.add_parser("add", help="track an interview; prints its id")
    add.add_argument("--company", required=True)
    add.add_argument("--position")
    add.add_argument("--interviewer", help="the name you greet them by")
    add.add_argument("--email", dest="interviewer_email", help="the interviewer's address")
    add.add_argument("--at", dest="interview_at", help="when the interview was (ISO 8601)")
    add.add_argument("--decision-by", help="the date they said they would decide by")
    add.add_argument("--stage", choices=STAGES, default=DEFAULT_STAGE)
    add.add_argument("--notes")
    add.add_argument("--json", action="store_true", help="print the stored interview as JSON")
    _db_option(add)
    add.set_defaults(func=cmd_add)

    show = isub.add_parser("show", help="one interview and the messages logged for it")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="print the API's JSON (with a messages list)")
    _db_option(show)
    show.set_defaults(func=cmd_show)

    remind = isub.add_parser("remind", help="write the next step as a calendar event (.ics)")
    remind.add_argument("id", type=int)
    remind.add_argument(
        "--out", help="where to write (default: a file named for the step, here; - for stdout)"
    )
    remind.add_argument("--now", help="as of when (ISO 8601; default: now)")
    _db_option(remind)
    remind.set_defaults(func=cmd_remind)

    export = sub.add_parser("export", help="write every interview and message as JSON (a backup)")
    export.add_argument("file", nargs="?", default="-", help="where to write (default: - for stdout)")
    _db_option(export)
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="merge an export back in (records already present are skipped)")
    imp.add_argument("file", help="an `etiquette export` file, or - for stdin")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="overwrite records already present with the file's copy (default: keep them, and say so)",
    )
    _db_option(imp)
    imp.set_defaults(func=cmd_import)


def _fail(message: str) -> int:
    print(f"etiquette: {message}", file=sys.stderr)
    return EXIT_FAIL


def _open(args):
    from . import db

    # Only the default data directory is ever created; a --db in a missing folder is reported.
    return db.connect(args.db or default_database(), create_dir=not args.db)


def _run(args, action) -> int:
    """Open the store, run ``action(db)``, and turn the failures a user can meet into one clear line."""
    from .db import StoreUnavailable, describe
    from .service import TrackerError

    db = None
    try:
        db = _open(args)
        return action(db)
    except StoreUnavailable as exc:
        return _fail(exc.message)
    except TrackerError as exc:
        return _fail(exc.message)
    except sqlite3.Error as exc:
        return _fail(describe(exc, args.db or default_database()).message)  # the terminal may name the file
    finally:
        if db is not None:
            db.close()


def _line(interview: dict) -> str:
    parts = [f"#{interview['id']}", interview["company"]]
    if interview["position"]:
        parts.append(f"— {interview['position']}")
    details = [interview["stage"]]
    if interview["interviewer"] or interview["interviewer_email"]:
        who = interview["interviewer"] or ""
        if interview["interviewer_email"]:
            who = f"{who} <{interview['interviewer_email']}>".strip()
        details.append(who)
    if interview["interview_at"]:
        details.append(f"interview {interview['interview_at']}")
    return " ".join(parts) + "  (" + ", ".join(details) + ")"


def _print_json(value) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def cmd_list(args) -> int:
    from . import service

    def action(db):
        items = service.list_interviews(db, args.email)
        if args.json:
            _print_json(items)
        elif not items:
            print("No interviews tracked yet: add one with `etiquette interviews add --company NAME`.")
        else:
            for item in items:
                print(_line(item))
        return 0

    return _run(args, action)


def cmd_add(args) -> int:
    from . import service
    from .schemas import InterviewInSchema

    raw = {k: getattr(args, k) for k in service.INTERVIEW_FIELDS if getattr(args, k) is not None}
    try:
        data = InterviewInSchema().load(raw)
    except ValidationError as exc:
        # A value the option cannot take is a usage error (exit 2), with this sub-command's usage.
        problems = "; ".join(
            f"argument {_OPTIONS.get(k, '--' + k.replace('_', '-'))} ({k}): "
            f"{' '.join(map(str, v))} {raw.get(k)!r}"
            for k, v in exc.messages.items()
        )
        args.parser.print_usage(sys.stderr)
        print(f"{args.parser.prog}: error: {problems}", file=sys.stderr)
        return EXIT_USAGE

    def action(db):
        interview = service.create_interview(db, data)
        if args.json:
            _print_json(interview)
        else:
            print(f"Added {_line(interview)}")
        return 0

    return _run(args, action)


def cmd_remind(args) -> int:
    """``etiquette interviews remind ID``: the .ics file the panel's "Add to calendar" gives."""
    from ..engine.when import aware
    from ..reminders import NoReminder, reminder_for
    from . import service

    if args.now is not None and aware(args.now) is None:
        print(f"etiquette: --now {args.now!r} is not an ISO 8601 time", file=sys.stderr)
        return EXIT_USAGE

    def action(db):
        context = service.loaded_context(
            db, args.id
        )  # an older database's year 9999 is left out, not a traceback
        try:
            body, name = reminder_for(context, args.now, args.id)
        except NoReminder as exc:
            return _fail(str(exc))
        if args.out == "-":
            sys.stdout.write(body.decode("utf-8"))
            return 0
        path = args.out or name
        with open(path, "wb") as fh:
            fh.write(body)
        print(f"wrote {path}: import it into your calendar")
        return 0

    return _run(args, action)


def cmd_show(args) -> int:
    from . import service

    def action(db):
        interview = service.get_interview(db, args.id)
        messages = service.list_messages(db, args.id)
        if args.json:
            _print_json({**interview, "messages": messages})
            return 0
        print(_line(interview))
        if interview["decision_by"]:
            print(f"  decision by {interview['decision_by']}")
        if interview["notes"]:
            print(f"  notes: {interview['notes']}")
        if not messages:
            print("  no messages logged")
        for m in messages:
            note = f" — {m['note']}" if m["note"] else ""
            print(f"  {m['sent_at']}  {m['kind'].replace('_', '-')}{note}")
        return 0

    return _run(args, action)


def cmd_export(args) -> int:
    from . import service

    def action(db):
        # One read transaction, so the snapshot is consistent while the server keeps writing.
        db.execute("BEGIN")
        try:
            data = service.export_all(db)
        finally:
            db.execute("ROLLBACK")
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        if args.file == "-":
            sys.stdout.write(text)
        else:
            # Write beside, then rename: a backup is never left half-written over an older one.
            tmp = f"{args.file}.tmp-{os.getpid()}"
            try:
                with open(tmp, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, args.file)
            except OSError as exc:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                return _fail(f"cannot write {args.file}: {exc.strerror}")
            messages = sum(len(i["messages"]) for i in data["interviews"])
            print(
                f"Exported {len(data['interviews'])} interview(s) and {messages} message(s) to {args.file}",
                file=sys.stderr,
            )
        return 0

    return _run(args, action)


# An export is {interviews: [{messages: [{...}]}]}: five levels of arrays and objects, never more.
EXPORT_DEPTH = 5


def nesting_depth(value) -> int:
    """How deeply arrays and objects nest in parsed JSON (0 for a scalar), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > EXPORT_DEPTH:
            return deepest  # deep enough to refuse; no need to walk the rest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def cmd_import(args) -> int:
    from . import service
    from .schemas import ExportSchema

    try:
        if args.file == "-":
            raw = json.load(sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as fh:
                raw = json.load(fh)
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror}")
    except RecursionError:
        return _fail(
            f"{args.file} nests arrays or objects far deeper than an `etiquette export` file; nothing imported"
        )
    except (ValueError, UnicodeDecodeError) as exc:
        return _fail(f"{args.file} is not a JSON export: {exc}")
    if nesting_depth(raw) > EXPORT_DEPTH:
        return _fail(
            f"{args.file} nests arrays or objects deeper than an `etiquette export` file "
            f"({EXPORT_DEPTH} levels); nothing imported"
        )
    try:
        data = ExportSchema().load(raw if isinstance(raw, dict) else {"_": raw})
    except ValidationError as exc:
        return _fail(
            f"{args.file} does not look like an `etiquette export` file: "
            f"{json.dumps(exc.messages, ensure_ascii=False)[:600]}"
        )

    def action(db):
        counts = service.import_all(db, data, replace=args.replace)
        skipped = counts["skipped"]
        print(
            f"Imported {counts['interviews_added']} new interview(s), updated {counts['interviews_updated']}, "
            f"added {counts['messages_added']} message(s)"
            + (f", replaced {counts['messages_updated']} message(s)" if counts["messages_updated"] else "")
            + f"; skipped {len(skipped)} record(s) already present; nothing was duplicated."
        )
        for entry in skipped:
            print(f"  skipped {entry['record']} {entry['what']} (uid {entry['uid']}): {entry['reason']}")
        for entry in counts["renumbered"]:
            print(f"  renumbered {entry['record']} {entry['what']} (uid {entry['uid']}): {entry['reason']}")
        return 0

    return _run(args, action)
