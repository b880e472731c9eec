"""The rule pack: YAML files in ``shared-rules/``, validated with marshmallow when loaded.

A file that does not validate stops start-up with the file and the field named, because a silently
skipped rule is a coach that quietly stops warning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import yaml
from marshmallow import INCLUDE, RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..vocab import CATEGORIES, MESSAGE_KINDS, SEVERITIES, STAGES, VERDICTS
from . import params as kind_params
from . import terms
from .messages import FILLS, fill, placeholders
from .params import Params
from .phrase_index import PhraseIndex
from .regex_shapes import alternation, lower_literals

RULE_KINDS = (
    "existence",
    "substitution",
    "occurrence",
    "metric",
    "conditional",
    "builtin",
    "grammar",
    "meaning",
)
METRICS = ("words", "sentence_words", "questions")
RULE_ID = r"^[a-z_]+(\.[a-z0-9_]+)+$"
RULE_OR_ANY = r"^(\*|[a-z_]+(\.[a-z0-9_]+)+)$"


def rules_root() -> Path:
    """The rule pack folder (the shipped pack, or ``ETIQUETTE_RULES``: see :mod:`etiquette.paths`).

    :raise RulePackError: the pack is not installed with the package.
    """
    from ..paths import RulesNotInstalled, rules_dir

    try:
        return rules_dir()
    except RulesNotInstalled as exc:
        raise RulePackError(str(exc)) from None


class RulePackError(Exception):
    """A rule file is missing, unreadable or invalid; the message names the file and the field."""


class _Example(fields.Field):
    """An example is a plain draft or ``{text, subject, kind, context, now}``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return {"text": value}
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            unknown = set(value) - {"text", "subject", "kind", "context", "now", "disabled", "dictionary"}
            if unknown:
                raise ValidationError(f"unknown example keys: {sorted(unknown)}")
            return value
        raise ValidationError("an example is a string or a mapping with 'text'")


class ExamplesSchema(Schema):
    class Meta:
        unknown = RAISE

    fail = fields.List(_Example(), required=True, validate=validate.Length(min=1))
    # Interest and personalisation have nothing to "pass" except drafts that show them; keep at least one.
    pass_ = fields.List(_Example(), required=True, data_key="pass", validate=validate.Length(min=1))


class LimitSchema(Schema):
    class Meta:
        unknown = RAISE

    min = fields.Integer()
    max = fields.Integer()


_PHRASE_KINDS = ("existence", "substitution", "occurrence", "conditional")
# The fields only some kinds read (build_rule below), and which kinds those are.
_KIND_ONLY_FIELDS = {
    "scope": _PHRASE_KINDS,
    "ignorecase": _PHRASE_KINDS,
    "exceptions": _PHRASE_KINDS,
    "tokens": ("existence", "occurrence", "conditional"),  # substitution matches its swap keys
    "patterns": ("existence", "occurrence", "conditional"),
    "swap": ("substitution",),
    "sentence_requires": ("existence",),
    "work_roles": ("existence",),
    "work_requires": ("existence",),
    "requires": ("conditional",),
    "metric": ("metric",),
    "limits": ("metric", "occurrence"),
    "builtin": ("builtin",),
    "harper": ("grammar",),
}


class RuleFileSchema(Schema):
    class Meta:
        unknown = RAISE

    id = fields.String(required=True, validate=validate.Regexp(RULE_ID))
    # ids this rule had before (issue 9 made every id its path): a `disabled` list naming one still works
    aliases = fields.List(fields.String(validate=validate.Regexp(RULE_ID)), load_default=list)
    kind = fields.String(required=True, validate=validate.OneOf(RULE_KINDS))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    message = fields.String(required=True, validate=validate.Length(min=3))
    guideline = fields.String(required=True)
    description = fields.String(load_default="")
    source = fields.String(
        load_default="",
        validate=validate.Regexp(r"^[^\n]{3,300}$", error="one line of 3 to 300 characters"),
        metadata={"description": "where the rule's idea comes from, something a reader can open"},
    )
    # One explanation per slip (engine._drop_explained). yields_to: this rule's warning is dropped
    # where a warning of one of these rules overlaps it. explains_inside: warnings of these rules lying
    # wholly inside this rule's warning are dropped. "*" is every other rule.
    yields_to = fields.List(fields.String(validate=validate.Regexp(RULE_OR_ANY)), load_default=list)
    explains_inside = fields.List(fields.String(validate=validate.Regexp(RULE_OR_ANY)), load_default=list)
    # A template's unfilled blank ("[Company]"): its warnings say so (``"blank": true``), and straight
    # after a template is inserted the panel lists them as blanks to fill rather than as errors.
    blank = fields.Boolean(load_default=False)
    applies_to = fields.List(
        fields.String(validate=validate.OneOf(MESSAGE_KINDS)), load_default=list(MESSAGE_KINDS)
    )
    unless_stage = fields.List(fields.String(validate=validate.OneOf(STAGES)), load_default=list)
    ignorecase = fields.Boolean(load_default=True)
    tokens = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    patterns = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    exceptions = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    swap = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    suggestions = fields.List(fields.String(), load_default=list)
    scope = fields.String(load_default="text", validate=validate.OneOf(("body", "text", "letter")))
    metric = fields.String(validate=validate.OneOf(METRICS))
    limits = fields.Dict(
        keys=fields.String(validate=validate.OneOf(MESSAGE_KINDS + ("any",))),
        values=fields.Nested(LimitSchema),
        load_default=dict,
    )
    requires = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    # existence rules: a match counts only when its sentence also says one of these
    sentence_requires = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    # existence rules: when the job itself is this kind of work (context.position, else the subject or
    # the draft naming the post matches one of work_roles), a match counts only when its sentence also
    # says one of work_requires (a benefits administrator's plan options are the work; "the dental cover
    # for new starters" is still the candidate's own terms)
    work_roles = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    work_requires = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    builtin = fields.String()
    # grammar rules: the Harper rule names (keys of harper.get_default_lint_config()) they stand for
    harper = fields.List(fields.String(validate=validate.Regexp(r"^[A-Z][A-Za-z0-9]+$")), load_default=list)
    params = fields.Dict(load_default=dict)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000))
    examples = fields.Nested(ExamplesSchema, required=True)

    @validates_schema(pass_original=True)
    def _kind_fields(self, data, original, **kwargs):
        kind = data.get("kind")
        # A field the rule's kind never reads is a mistake that would pass silently (a metric rule
        # with `patterns:` matches nothing): name it.
        stray = sorted(
            key for key in _KIND_ONLY_FIELDS if key in original and kind not in _KIND_ONLY_FIELDS[key]
        )
        if stray:
            raise ValidationError(f"a {kind} rule does not read {', '.join(stray)}", stray[0])
        need = {
            "existence": ("tokens", "patterns"),
            "substitution": ("swap",),
            "occurrence": ("patterns",),
            "metric": ("metric",),
            "conditional": ("requires",),
            "builtin": ("builtin",),
            "grammar": ("harper",),
            "meaning": ("params",),
        }.get(kind, ())
        if need and not any(data.get(k) for k in need):
            raise ValidationError(f"a {kind} rule needs {' or '.join(need)}", need[0])
        if kind in ("metric", "occurrence") and not data.get("limits"):
            raise ValidationError(f"a {kind} rule needs limits", "limits")


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A rule file, loaded: what every kind has, and its ``params`` typed by its kind or builtin
    (engine/params.py). Each kind that needs more has its own class below."""

    id: str
    kind: str
    category: str
    severity: str
    message: str
    guideline: str
    description: str
    applies_to: tuple
    unless_stage: tuple
    limit: int
    suggestions: tuple
    examples: dict
    path: str  # the rule file, for messages
    params: Params
    aliases: tuple = ()  # the ids it had before, still accepted in `disabled`
    source: str = ""  # where the rule's idea comes from
    yields_to: tuple = ()  # rule ids ("*": any other) whose overlapping warning replaces this one's
    explains_inside: tuple = ()  # rule ids ("*": any other) whose warnings inside this one's are dropped
    blank: bool = False  # its warnings are a template's unfilled blanks
    # Only the kinds that look for words (PhraseRule) match text; any other rule answers None.
    regex = exceptions = requires = sentence_requires = None

    def say(self, **values) -> str:
        """The message with its placeholders filled (engine/messages.py: the one way they are)."""
        return fill(self.message, **values)

    def public(self) -> dict:
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity,
            "guideline": self.guideline,
            "description": self.description or self.message,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class PhraseRule(Rule):
    """The kinds that look for words in the draft (matched lower-cased unless ``ignorecase: false``)."""

    scope: str
    ignorecase: bool
    regex: re.Pattern | None
    exceptions: re.Pattern | None
    items: tuple  # tokens (or swap keys) as written in the rule file
    patterns: tuple  # raw patterns as written in the rule file


@dataclass(frozen=True, slots=True, kw_only=True)
class ExistenceRule(PhraseRule):
    sentence_requires: re.Pattern | None  # a match counts only when its sentence also says one of these
    work_roles: re.Pattern | None = None  # the job is this work (position, else subject or draft) ...
    work_requires: re.Pattern | None = (
        None  # ... so a match counts only when its sentence also says one of these
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SubstitutionRule(PhraseRule):
    swap: dict  # bad (lower case) -> better; "a|b" offers both


@dataclass(frozen=True, slots=True, kw_only=True)
class OccurrenceRule(PhraseRule):
    limits: dict  # message kind (or "any") -> {min, max}


@dataclass(frozen=True, slots=True, kw_only=True)
class ConditionalRule(PhraseRule):
    requires: re.Pattern


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricRule(Rule):
    metric: str
    limits: dict


@dataclass(frozen=True, slots=True, kw_only=True)
class BuiltinRule(Rule):
    builtin: str  # a name in engine/builtins BUILTINS


@dataclass(frozen=True, slots=True, kw_only=True)
class GrammarRule(Rule):
    harper: tuple  # the Harper rules it reports


def _compile(source: str, name: str, pattern: str, ignorecase: bool) -> re.Pattern:
    try:
        # Case-insensitive rules are matched against Draft.lowered (see lower_literals).
        return re.compile(lower_literals(pattern) if ignorecase else pattern)
    except re.error as exc:
        raise RulePackError(f"{source}: field '{name}': invalid regular expression: {exc}") from None


def build_rule(data: dict, source: str, params: Params) -> Rule:
    """The rule of a validated rule file, its patterns compiled.

    :raise RulePackError: a pattern does not compile.
    """
    core = {
        "id": data["id"],
        "kind": data["kind"],
        "category": data["category"],
        "severity": data["severity"],
        "message": data["message"],
        "guideline": data["guideline"],
        "description": data["description"],
        "applies_to": tuple(data["applies_to"]),
        "unless_stage": tuple(data["unless_stage"]),
        "limit": data["limit"],
        "suggestions": tuple(data["suggestions"]),
        "examples": data["examples"],
        "path": source,
        "params": params,
        "aliases": tuple(data["aliases"]),
        "source": data["source"],
        "yields_to": tuple(data["yields_to"]),
        "explains_inside": tuple(data["explains_inside"]),
        "blank": data["blank"],
    }
    kind = data["kind"]
    if kind == "metric":
        return MetricRule(**core, metric=data["metric"], limits=data["limits"])
    if kind == "builtin":
        return BuiltinRule(**core, builtin=data["builtin"])
    if kind == "grammar":
        return GrammarRule(**core, harper=tuple(data["harper"]))
    if kind == "meaning":
        return Rule(**core)
    ic = data["ignorecase"]
    regex = None
    if kind == "substitution":
        regex = _compile(source, "swap", alternation(list(data["swap"]), True), ic)
    elif data["tokens"] or data["patterns"]:
        parts = []
        if data["tokens"]:
            parts.append(alternation(data["tokens"], True))
        if data["patterns"]:
            parts.append(alternation(data["patterns"], False))
        regex = _compile(source, "tokens/patterns", "|".join(parts), ic)
    phrase = {
        **core,
        "scope": data["scope"],
        "ignorecase": ic,
        "regex": regex,
        "exceptions": (
            _compile(source, "exceptions", alternation(data["exceptions"], True), ic)
            if data["exceptions"]
            else None
        ),
        "items": tuple(data["swap"]) if kind == "substitution" else tuple(data["tokens"]),
        "patterns": tuple(data["patterns"]),
    }
    if kind == "substitution":
        return SubstitutionRule(**phrase, swap={k.lower(): v for k, v in data["swap"].items()})
    if kind == "occurrence":
        return OccurrenceRule(**phrase, limits=data["limits"])
    if kind == "conditional":
        return ConditionalRule(
            **phrase, requires=_compile(source, "requires", alternation(data["requires"], True), ic)
        )
    sentence_requires = None
    if data["sentence_requires"]:
        sentence_requires = _compile(
            source, "sentence_requires", alternation(data["sentence_requires"], False), ic
        )
    work = {}
    for key in ("work_roles", "work_requires"):
        if data[key]:
            work[key] = _compile(source, key, alternation(data[key], False), ic)
    if bool(data["work_roles"]) != bool(data["work_requires"]):
        raise RulePackError(f"{source}: 'work_roles' and 'work_requires' go together")
    return ExistenceRule(**phrase, sentence_requires=sentence_requires, **work)


@dataclass(frozen=True)
class Thresholds:
    """The timing the next step and the timing rules share, read from the rules' own params (one
    source per fact: see ``Pack.thresholds``)."""

    thank_you_hours: int  # a thank-you is late after this (timing/thank_you_late.yml)
    follow_up_days: int  # wait this long after the last contact (timing/follow_up_too_soon.yml)
    follow_up_limit: int  # follow-ups sent that make another unwelcome (persistence/follow_ups_sent.yml)


def _thresholds(rules: list[Rule]) -> Thresholds:
    """Each threshold from the builtin rules that carry it (the lowest if several do; the schema's
    default in a pack without one)."""

    def lowest(builtin: str, schema, name: str) -> int:
        values = [
            getattr(r.params, name)
            for r in rules
            if r.kind == "builtin" and r.builtin == builtin and not getattr(r.params, "after_limit", False)
        ]
        return min(values, default=getattr(kind_params.defaults(schema), name))

    return Thresholds(
        thank_you_hours=lowest("thank_you_late", kind_params.ThankYouLateParams, "hours"),
        follow_up_days=lowest("follow_up_too_soon", kind_params.FollowUpTooSoonParams, "days"),
        follow_up_limit=lowest("follow_ups_sent", kind_params.FollowUpsSentParams, "at_least"),
    )


@dataclass
class Pack:
    rules: list[Rule]
    guidelines: dict
    vocabulary: frozenset
    root: Path
    kind_patterns: dict = field(default_factory=dict)
    kind_days: KindDays | None = None  # kinds.yml ``days``
    labels: dict = field(default_factory=dict)
    phrase_index: object = None
    thresholds: Thresholds = None
    aliases: dict = field(default_factory=dict)  # an old rule id -> the id it has now

    def __post_init__(self):
        self.phrase_index = PhraseIndex(self.rules)
        self.thresholds = _thresholds(self.rules)
        self.aliases = {old: rule.id for rule in self.rules for old in rule.aliases}
        self._by_id = {rule.id: rule for rule in self.rules}
        # Two rules' warnings over one span, of one category and severity, are said once (engine._dedupe):
        # the rule whose id sorts first speaks, and the order of equal warnings follows ids too. A renamed
        # rule sorts by its old id while the alias lives, so the rename changes no answer.
        # TODO [2027-06-01]: drop with the aliases.
        self._sort_names = {rule.id: rule.aliases[0] if rule.aliases else rule.id for rule in self.rules}

    def sort_name(self, rule_id: str) -> str:
        """The name that orders this rule's warnings among equals (its id, or its old id for now)."""
        return self._sort_names.get(rule_id, rule_id)

    def current_id(self, name: str) -> str:
        """The id a rule has now, for a name a user saved (an old id); any other name unchanged."""
        return self.aliases.get(name, name)

    def by_id(self, rule_id: str) -> Rule:
        """The rule with this id. :raise KeyError: no such rule."""
        return self._by_id[rule_id]


class _GuidelineSchema(Schema):
    class Meta:
        unknown = INCLUDE

    guideline = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    label = fields.String(required=True, validate=validate.Length(min=1, max=40))
    colour = fields.Dict(
        required=True,
        keys=fields.String(validate=validate.OneOf(("light", "dark"))),
        values=fields.String(validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$")),
        validate=validate.Length(equal=2),
    )


def _names(keys):
    """A mapping of exactly these keys to short display names."""
    return fields.Dict(
        required=True,
        keys=fields.String(validate=validate.OneOf(keys)),
        values=fields.String(validate=validate.Length(min=1, max=40)),
        validate=validate.Length(equal=len(keys)),
    )


class KindSwitchFileSchema(Schema):
    class Meta:
        unknown = RAISE

    label = fields.String(required=True, validate=validate.Length(min=1, max=40))
    to = fields.String(required=True, validate=validate.OneOf(MESSAGE_KINDS))


class LabelsFileSchema(Schema):
    """``labels.yml``: verdict, group (severity) and kind names, and the one-click kind switch."""

    class Meta:
        unknown = RAISE

    verdicts = _names(VERDICTS)
    groups = _names(SEVERITIES)
    kinds = _names(MESSAGE_KINDS)
    kind_switch = fields.Dict(
        required=True,
        keys=fields.String(validate=validate.OneOf(MESSAGE_KINDS)),
        values=fields.Nested(KindSwitchFileSchema),
        validate=validate.Length(equal=len(MESSAGE_KINDS)),
    )


def _read_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise RulePackError(f"{path}: not valid YAML: {exc}") from None


def _first_error(messages, prefix="") -> str:
    if isinstance(messages, dict):
        key = next(iter(messages))
        return _first_error(messages[key], f"{prefix}.{key}" if prefix else str(key))
    if isinstance(messages, list) and messages:
        return (
            f"field '{prefix}': {messages[0]}"
            if isinstance(messages[0], str)
            else _first_error(messages[0], prefix)
        )
    return f"field '{prefix}': {messages}"


def load_vocabulary(root: Path) -> frozenset:
    words = set()
    vocab_dir = root / "vocab"
    for path in sorted(vocab_dir.glob("*.txt")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise RulePackError(f"{path}: cannot read: {exc}") from None
        for line in lines:
            words.update(w.lower() for w in line.split("#", 1)[0].split())
    return frozenset(words)


def rule_id_for(path: Path, rules_dir: Path) -> str:
    """A rule's id is its file's path under ``rules/``: ``tone/demands.yml`` is ``tone.demands``."""
    return ".".join(path.relative_to(rules_dir).with_suffix("").parts)


def load_pack(root: Path | None = None) -> Pack:
    root = Path(root) if root else rules_root()
    if not root.is_dir():
        raise RulePackError(f"{root}: the rule pack folder is missing")
    guide_path = root / "categories.yml"
    raw = _read_yaml(guide_path)
    if not isinstance(raw, dict) or set(raw) != set(CATEGORIES):
        raise RulePackError(f"{guide_path}: must map exactly the ten categories {list(CATEGORIES)}")
    guidelines = {}
    for category, entry in raw.items():
        try:
            guidelines[category] = _GuidelineSchema().load(entry)
        except ValidationError as exc:
            raise RulePackError(f"{guide_path}: {category}: {_first_error(exc.messages)}") from None

    rules, seen = [], {}
    files = sorted((root / "rules").rglob("*.yml"))
    if not files:
        raise RulePackError(f"{root / 'rules'}: no rule files")
    schema = RuleFileSchema()
    for path in files:
        data = _read_yaml(path)
        if not isinstance(data, dict):
            raise RulePackError(f"{path}: a rule file must be a YAML mapping")
        try:
            data = schema.load(terms.expand(data))
        except terms.TermsError as exc:
            raise RulePackError(f"{path}: {exc}") from None
        except ValidationError as exc:
            raise RulePackError(f"{path}: {_first_error(exc.messages)}") from None
        if data["guideline"] != guidelines[data["category"]]["guideline"]:
            raise RulePackError(
                f"{path}: field 'guideline': must be the {data['category']} guideline "
                f"{guidelines[data['category']]['guideline']!r}"
            )
        expected = rule_id_for(path, root / "rules")
        if data["id"] != expected:
            raise RulePackError(f"{path}: field 'id': must be {expected!r}, the file's path under rules/")
        if data["id"] in seen:
            raise RulePackError(f"{path}: field 'id': {data['id']!r} is already used by {seen[data['id']]}")
        for old in data["aliases"]:
            if old in seen:
                raise RulePackError(f"{path}: field 'aliases': {old!r} is already used by {seen[old]}")
            seen[old] = path
        params = _load_params(path, data)
        _check_placeholders(path, data)
        if data["kind"] == "meaning":
            _check_meaning(path, params, root)
        if data["kind"] == "grammar":
            from ..grammar import known_lint_names

            unknown = sorted(set(data["harper"]) - known_lint_names()) if known_lint_names() else []
            if unknown:
                raise RulePackError(f"{path}: field 'harper': unknown Harper rules {unknown}")
        seen[data["id"]] = path
        rules.append(build_rule(data, str(path), params))
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        _check_references(rule, by_id, root)
    return Pack(
        rules=rules,
        guidelines=guidelines,
        vocabulary=load_vocabulary(root),
        root=root,
        kind_patterns=load_kind_patterns(root),
        kind_days=load_kind_days(root),
        labels=load_labels(root, guidelines),
    )


def load_labels(root: Path, guidelines: dict) -> dict:
    """Every display name a surface shows: categories (from categories.yml) plus ``labels.yml``."""
    path = root / "labels.yml"
    raw = _read_yaml(path)
    try:
        labels = LabelsFileSchema().load(raw if isinstance(raw, dict) else {})
    except ValidationError as exc:
        raise RulePackError(f"{path}: {_first_error(exc.messages)}") from None
    categories = {
        name: {
            "label": g["label"],
            "guideline": g["guideline"],
            "severity": g["severity"],
            "colour": dict(g["colour"]),
        }
        for name, g in guidelines.items()
    }
    return {"categories": categories, **labels}


def _builtin(path: Path, data: dict):
    from .builtins import BUILTINS

    if data["builtin"] not in BUILTINS:
        raise RulePackError(
            f"{path}: field 'builtin': unknown check {data['builtin']!r}; known: {sorted(BUILTINS)}"
        )
    return BUILTINS[data["builtin"]]


def _load_params(path: Path, data: dict) -> Params:
    """The rule's ``params``, loaded with its kind's (or its builtin's) schema.

    :raise RulePackError: a param is unknown, missing or of the wrong type (file and field named).
    """
    kind = data["kind"]
    schema = _builtin(path, data).params if kind == "builtin" else kind_params.KIND_PARAMS[kind]
    loader = schema()
    try:
        return loader.load(data["params"])
    except ValidationError as exc:
        known = sorted(f.data_key or name for name, f in loader.fields.items())
        unknown = sorted(k for k in exc.messages if k not in known)
        if unknown:  # a misspelt name is also a missing one: say the misspelling
            near = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"known: {known or 'none'}"
            raise RulePackError(f"{path}: field 'params.{unknown[0]}': unknown param; {hint}") from None
        raise RulePackError(f"{path}: {_first_error(exc.messages, 'params')}") from None


def _check_placeholders(path: Path, data: dict) -> None:
    """Every ``{placeholder}`` in the message is one this rule's kind (or builtin) fills."""
    kind = data["kind"]
    fills = _builtin(path, data).fills if kind == "builtin" else FILLS[kind]
    for name in placeholders(data["message"]):
        if name not in fills:
            what = f"builtin {data['builtin']!r}" if kind == "builtin" else f"{kind} rule"
            known = ", ".join(f"{{{f}}}" for f in fills) or "none"
            raise RulePackError(
                f"{path}: field 'message': placeholder '{{{name}}}' is not one a {what} fills ({known})"
            )


def _check_meaning(path: Path, params, root: Path) -> None:
    """A meaning rule names a head that exists and loads."""
    from ..meaning.heads import HeadError, load_head

    try:
        load_head(str(root / params.head))
    except HeadError as exc:
        raise RulePackError(f"{path}: field 'params.head': {exc}") from None


def _check_references(rule: Rule, by_id: dict, root: Path) -> None:
    """What a rule's params point at exists: the rule a meaning rule backs, the rule whose placeholder
    patterns the subject check borrows, the rules it yields to or explains, the word list of the
    nothing-specific check."""
    params = rule.params
    if isinstance(params, kind_params.Meaning) and params.backs is not None and params.backs not in by_id:
        raise RulePackError(f"{rule.path}: field 'params.backs': no rule {params.backs!r}")
    if (
        isinstance(params, kind_params.SubjectPlaceholder)
        and getattr(by_id.get(params.same_as), "regex", None) is None
    ):
        raise RulePackError(f"{rule.path}: field 'params.same_as': no phrase rule {params.same_as!r}")
    for key in ("yields_to", "explains_inside"):
        unknown = [name for name in getattr(rule, key) if name != "*" and name not in by_id]
        if unknown:
            raise RulePackError(f"{rule.path}: field '{key}': no rule {unknown[0]!r}")
    if isinstance(params, kind_params.NothingSpecific) and not (root / params.generic_words).is_file():
        raise RulePackError(f"{rule.path}: field 'params.generic_words': no file {params.generic_words!r}")


@dataclass(frozen=True)
class KindDays:
    """How long after the interview the date decides a draft's kind (kinds.yml ``days``)."""

    thank_you_within: timedelta
    follow_up_from: timedelta


class _KindDaysSchema(Schema):
    class Meta:
        unknown = RAISE

    thank_you_within = fields.Integer(required=True, validate=validate.Range(min=1))
    follow_up_from = fields.Integer(required=True, validate=validate.Range(min=1))


def _kinds_file(root: Path) -> tuple[Path, dict]:
    path = root / "kinds.yml"
    raw = _read_yaml(path)
    if not isinstance(raw, dict) or set(raw) != {"thank_you", "follow_up", "time_passed", "other", "days"}:
        raise RulePackError(
            f"{path}: must map 'thank_you', 'follow_up' and 'time_passed' to lists of phrases, 'other' to "
            "'settled', 'decided' and 'errands' lists, and 'days' to the days that decide a kind"
        )
    return path, raw


def load_kind_days(root: Path) -> KindDays:
    """``kinds.yml`` ``days``, the only place kind detection's dates are written.

    :raise RulePackError: missing or not whole days (file and field named).
    """
    path, raw = _kinds_file(root)
    try:
        days = _KindDaysSchema().load(raw["days"] if isinstance(raw["days"], dict) else {})
    except ValidationError as exc:
        raise RulePackError(f"{path}: {_first_error(exc.messages, 'days')}") from None
    return KindDays(**{name: timedelta(days=n) for name, n in days.items()})


def load_kind_patterns(root: Path) -> dict:
    """``kinds.yml``: phrases that mark a thank-you or a follow-up (and time gone by), and the settled
    outcomes, the candidate's decisions and the errands that mark anything else (keys ``settled``,
    ``decided`` and ``errands``), for kind detection (and ``decided`` for the meaning rules that spare it).

    :raise RulePackError: a list missing, empty or not phrases, or a phrase that does not compile.
    """
    path, raw = _kinds_file(root)
    other = raw["other"] if isinstance(raw["other"], dict) else {}
    lists = {kind: (kind, raw[kind]) for kind in ("thank_you", "follow_up", "time_passed")}
    lists.update({key: (f"other.{key}", other.get(key)) for key in ("settled", "decided", "errands")})
    if set(other) != {"settled", "decided", "errands"}:
        raise RulePackError(
            f"{path}: field 'other': must map 'settled', 'decided' and 'errands' to lists of phrases"
        )
    compiled = {}
    for key, (name, phrases) in lists.items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p for p in phrases):
            raise RulePackError(f"{path}: field '{name}': a non-empty list of phrases")
        compiled[key] = _compile(str(path), name, alternation(phrases, True), True)
    return compiled
