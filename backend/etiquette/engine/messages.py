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
    """``message`` with each ``{name}`` replaced by ``values[name]``, as if in one pass: a value that
    itself reads like a placeholder ("Dear {name},") stays as it is."""
    if "{" not in message:
        return message
    filled = message
    for key, value in values.items():  # str.replace: ten times quicker than re.sub, and it runs per warning
        value = value if isinstance(value, str) else str(value)
        if "{" in value:
            return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), message)
        filled = filled.replace("{" + key + "}", value)
    return filled
