"""A rule's message and its ``{placeholders}``: the one way they are filled, and what each kind fills.

A rule file may only use the placeholders its kind (or its builtin, see ``BUILTINS``) fills: the pack
refuses any other at load, naming the file and the placeholder, so a misspelt ``{mach}`` never reaches
a user as it was typed.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")

# What each kind's runner fills (engine/runners.py, etiquette/grammar/runner.py); a builtin says its own.
FILLS = {
    "existence": ("match",),
    "substitution": ("match", "expected"),
    "occurrence": ("count", "limit"),
    "metric": ("count", "limit"),
    "conditional": (),
    "grammar": ("match", "expected"),
    "meaning": (),
}


def placeholders(message: str) -> list[str]:
    """The placeholder names in ``message``, in order."""
    return _PLACEHOLDER.findall(message)


def fill(message: str, **values) -> str:
    """``message`` with each ``{name}`` replaced by ``values[name]`` (in one pass: a value that itself
    reads like a placeholder stays as it is)."""
    if "{" not in message:
        return message
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), message
    )
