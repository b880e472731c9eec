"""`etiquette dates [FILE|-] [--sent-at T] [--json]`: the dates an employer's message gives.

Paste the message you are replying to (with its "On ... wrote:" or "Sent:" line) and see the decision
date and interview time it states, as the extension's panel would propose them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime


def _iso(value: str) -> datetime:
    from .date_window import RANGE_MESSAGE, in_range

    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date or time: {value!r}") from None
    if not in_range(moment):
        raise argparse.ArgumentTypeError(f"{value!r}: {RANGE_MESSAGE}")
    return moment


def add_commands(sub) -> None:
    """Registers `dates` on the CLI's sub-command parser."""
    p = sub.add_parser("dates", help="the decision date and interview time an employer's message gives")
    p.add_argument("file", nargs="?", default="-", help="the quoted message (default: stdin)")
    p.add_argument("--sent-at", type=_iso, help="when they sent it (default: its header line)")
    p.add_argument("--json", action="store_true", help="print the API's JSON response")
    p.set_defaults(func=cmd_dates)


def cmd_dates(args) -> int:
    """Prints the dates found; exit 0 with or without any, 2 when the file cannot be read."""
    from . import draft_file
    from .thread_dates import extract_dates

    # Read as `etiquette check` reads a draft: bounded, strict UTF-8, one line naming file and byte.
    name = "<stdin>" if args.file == "-" else args.file
    try:
        data = (
            draft_file.read_bytes(sys.stdin.buffer, name)
            if args.file == "-"
            else draft_file.open_and_read(name)
        )
        text = draft_file.decode(data, name)
    except draft_file.DraftFileError as exc:
        print(f"etiquette: {exc.message}", file=sys.stderr)
        return 2
    result = extract_dates(text, args.sent_at)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    labels = {"decision_by": "decision by", "interview_at": "interview at"}
    for key, label in labels.items():
        words = [e["excerpt"] for e in result["evidence"] if e["field"] == key]
        print(f"{label}: {result[key] or '-'}" + (f'  ("{words[0]}")' if words else ""))
    print(f"read from: {result['sent_at'] or 'no date for the message (relative words skipped)'}")
    return 0
