"""Email templates from ``shared-rules/templates/``: known context fields filled, the rest left as
visible ``[placeholders]`` that the proofreading rule flags until the user fills them."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from .engine.pack import RulePackError, rules_root
from .engine.when import aware, day_label, decision_day

_FIELD = re.compile(r"\{([a-z_]+)\}")

# What each field is called when it has to stay a placeholder.
PLACEHOLDER_NAMES = {
    "interviewer_first": "Interviewer's name",
    "company": "Company",
    "position": "Position",
    "topic": "something specific you discussed",
    "candidate": "Your name",
    "interview_date": "interview date",
    "decision_by": "decision date",
}
_REQUIRED = ("id", "kind", "title", "description", "subject", "text")


def _load(root=None) -> dict:
    """The templates of the rule pack at ``root`` (the process's pack folder by default), read once."""
    return _load_from(Path(root) if root is not None else rules_root())


@lru_cache(maxsize=4)
def _load_from(root: Path) -> dict:
    folder = root / "templates"
    found = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RulePackError(f"{path}: cannot read template: {exc}") from None
        if not isinstance(data, dict) or any(not isinstance(data.get(k), str) for k in _REQUIRED):
            raise RulePackError(f"{path}: a template needs the text fields {list(_REQUIRED)}")
        unknown = set(_FIELD.findall(data["subject"] + data["text"])) - set(PLACEHOLDER_NAMES)
        if unknown:
            raise RulePackError(f"{path}: field 'text': unknown template fields {sorted(unknown)}")
        found[data["id"]] = data
    if not found:
        raise RulePackError(f"{folder}: no templates")
    return found


def catalogue(root=None) -> list[dict]:
    """Id, kind, title and description of each template (``GET /api/v1/templates``).

    :raise RulePackError: a template file is missing a field or names an unknown one.
    """
    return [{k: t[k] for k in ("id", "kind", "title", "description")} for t in _load(root).values()]


def canonical_id(template_id: str) -> str:
    """'thank_you' and 'Thank-You' name the same template as 'thank-you'."""
    return template_id.strip().lower().replace("_", "-")


def exists(template_id: str, root=None) -> bool:
    return canonical_id(template_id) in _load(root)


def _values(context: dict) -> dict:
    values = {}
    interviewer = (context.get("interviewer") or "").strip()
    if interviewer:
        values["interviewer_first"] = interviewer.split()[0]
    for key in ("company", "position", "topic", "candidate"):
        value = context.get(key)
        if isinstance(value, str) and value.strip():
            values[key] = value.strip()
    interview = aware(context.get("interview_at"))
    if interview is not None:
        values["interview_date"] = day_label(interview)
    said = decision_day(context.get("decision_by"), None)
    if said is not None:
        values["decision_by"] = day_label(said)
    return values


def render(template_id: str, context: dict | None = None, root=None) -> dict:
    """The template filled from ``context``; fields it lacks stay as visible ``[placeholders]``.

    :raise KeyError: no such template (ask :func:`exists` first).
    """
    template = _load(root)[canonical_id(template_id)]
    values = _values(context or {})
    missing = []

    def fill(match):
        name = match.group(1)
        if name in values:
            return values[name]
        label = f"[{PLACEHOLDER_NAMES[name]}]"
        if label not in missing:
            missing.append(label)
        return label

    subject = _FIELD.sub(fill, template["subject"])
    text = _FIELD.sub(fill, template["text"]).rstrip("\n")
    return {"subject": subject, "text": text, "placeholders": missing}
