"""Named word lists in a rule file, so a long alternation is a list a reviewer can read.

A rule file may carry ``terms:``, a mapping of names to lists of regex alternatives::

    terms:
      # nouns that name a group: "the team have" is fine in British English
      group_nouns: [firm, team, company]
    patterns:
      - '\\bthe\\s+(?&group_nouns)\\s+have\\b'

When the pack loads, each ``(?&name)`` in the rule's patterns (``tokens``, ``patterns``, ``exceptions``,
``requires``, ``sentence_requires`` and any string in ``params``) becomes ``(?:firm|team|company)``: the
entries joined with ``|`` in the order written, inside a non-capturing group. The syntax is borrowed
from PCRE's named subroutine calls; Python's ``re`` has no such construct, so it cannot mean anything
else there. Unknown names and unused lists fail at load, naming the file.
"""

from __future__ import annotations

import re

REFERENCE = re.compile(r"\(\?&([a-z][a-z0-9_]*)\)")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
FIELDS = (
    "tokens",
    "patterns",
    "exceptions",
    "requires",
    "sentence_requires",
    "work_roles",
    "work_requires",
    "params",
)


class TermsError(ValueError):
    """A ``terms:`` list is malformed, unknown where referenced, or never used; the message names the field."""


def expand(data: dict) -> dict:
    """The rule file's mapping with ``terms:`` removed and every ``(?&name)`` replaced by its list.

    :raise TermsError: ``terms`` is not a mapping of names to non-empty lists of non-empty strings, a
        pattern names a list that is not there, or a list is never used.
    """
    terms = data.get("terms")
    if terms is None:
        return _check_unreferenced(data)
    if not isinstance(terms, dict) or not terms:
        raise TermsError("field 'terms': a mapping of names to lists of alternatives")
    groups = {}
    for name, items in terms.items():
        if not isinstance(name, str) or not NAME.match(name):
            raise TermsError(f"field 'terms': {name!r} is not a name (lower case, digits, _)")
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
            raise TermsError(f"field 'terms.{name}': a non-empty list of non-empty strings")
        groups[name] = "(?:" + "|".join(items) + ")"
    used: set = set()

    def fill(value, where):
        if isinstance(value, str):

            def one(match):
                name = match.group(1)
                if name not in groups:
                    raise TermsError(f"field '{where}': no list 'terms.{name}'")
                used.add(name)
                return groups[name]

            return REFERENCE.sub(one, value)
        if isinstance(value, list):
            return [fill(v, f"{where}.{i}") for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {k: fill(v, f"{where}.{k}") for k, v in value.items()}
        return value

    out = {k: v for k, v in data.items() if k != "terms"}
    for key in FIELDS:
        if key in out:
            out[key] = fill(out[key], key)
    unused = sorted(set(groups) - used)
    if unused:
        raise TermsError(f"field 'terms.{unused[0]}': no pattern uses it")
    return out


def _check_unreferenced(data: dict) -> dict:
    """A rule without ``terms:`` may not name one (a typo would otherwise be an odd literal)."""
    for key in FIELDS:
        match = _first_reference(data.get(key))
        if match:
            raise TermsError(f"field '{key}': no list 'terms.{match}' (the file has no terms:)")
    return data


def _first_reference(value):
    if isinstance(value, str):
        m = REFERENCE.search(value)
        return m.group(1) if m else None
    if isinstance(value, list):
        return next((r for r in map(_first_reference, value) if r), None)
    if isinstance(value, dict):
        return next((r for r in map(_first_reference, value.values()) if r), None)
    return None
