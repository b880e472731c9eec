"""The ``params`` of each rule kind and each builtin: one marshmallow schema apiece, loaded into a
frozen dataclass the runner reads by attribute.

A misspelt or wrongly typed param stops the pack at load, naming the file and the field, instead of
quietly falling back to a default in the code; the defaults live here, in the schemas, and nowhere
else. Which schema a rule gets: its kind's (``KIND_PARAMS``), or for ``kind: builtin`` its builtin's
(``engine/builtins/__init__.py``, ``BUILTINS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate, validates_schema

FIXES = ("remove_sentence", "rewrite_clause")  # how engine/fixes.py fits a finding to the draft
VERB_FORMS = ("base", "s", "past", "participle", "gerund")


class Params:
    """Params with nothing in them; every params class answers ``fix`` (engine/fixes.py asks any rule)."""

    fix: str | None = None


class ParamsSchema(Schema):
    """A params schema: unknown keys are errors, and loading gives ``made`` (a frozen dataclass)."""

    class Meta:
        unknown = RAISE

    made: type = Params

    @post_load
    def _make(self, data, **kwargs):
        return self.made(**data)


def defaults(schema: type[ParamsSchema]):
    """The params a rule gets when its file says none: the schema's defaults."""
    return schema().load({})


def _regex(value: str, name: str, wrap: str = "{}") -> re.Pattern:
    try:
        return re.compile(wrap.format(value))
    except re.error as exc:
        raise ValidationError(f"invalid regular expression: {exc}", name) from None


class NoParams(ParamsSchema):
    """Kinds and builtins that take no params: any key is a typo."""


# --- kinds --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Existence(Params):
    unless_role_word: bool  # a match made of the job's own words (position, company) is not a slip
    rewrite: str | None  # the polite clause ``fix: rewrite_clause`` offers
    fix: str | None


class ExistenceParams(ParamsSchema):
    made = Existence
    unless_role_word = fields.Boolean(load_default=False)
    fix = fields.String(load_default=None, validate=validate.OneOf(FIXES))
    rewrite = fields.String(load_default=None, validate=validate.Length(min=3))

    @validates_schema
    def _rewrite_goes_with_its_fix(self, data, **kwargs):
        if (data.get("fix") == "rewrite_clause") != (data.get("rewrite") is not None):
            raise ValidationError("'fix: rewrite_clause' and 'rewrite' go together", "rewrite")


@dataclass(frozen=True, kw_only=True)
class Conditional(Params):
    subject_counts: bool  # the subject line may say it instead of the body


class ConditionalParams(ParamsSchema):
    made = Conditional
    subject_counts = fields.Boolean(load_default=False)


@dataclass(frozen=True, kw_only=True)
class Meaning(Params):
    head: str  # the trained head's file, relative to the pack
    threshold: float
    judge: str
    backs: str | None  # present judge: the word-list rule whose "missing" warning it can withdraw
    absent_below: float | None
    fix: str | None
    spare_decided: bool = False  # kind other: a sentence that is only the candidate's decision is spared


class MeaningParams(ParamsSchema):
    """``params`` of a ``meaning`` rule (etiquette/meaning/runner.py says what each judge does)."""

    made = Meaning
    head = fields.String(required=True)
    threshold = fields.Float(required=True, validate=validate.Range(min=0.5, max=1.0, max_inclusive=False))
    judge = fields.String(load_default="flag", validate=validate.OneOf(("flag", "present")))
    fix = fields.String(load_default=None, validate=validate.OneOf(("remove_sentence",)))
    backs = fields.String(load_default=None)
    absent_below = fields.Float(load_default=None, validate=validate.Range(min=0.0, max=0.5))
    # In a message of kind other, a sentence whose only telling part is the candidate's own decision
    # (kinds.yml other.decided: "I must withdraw from consideration") is not this head's to judge.
    spare_decided = fields.Boolean(load_default=False)

    @validates_schema
    def _present_backs_a_rule(self, data, **kwargs):
        if data.get("judge") == "present" and data.get("backs") is None:
            raise ValidationError("a present judge backs a word-list rule", "backs")


KIND_PARAMS = {
    "existence": ExistenceParams,
    "substitution": NoParams,
    "occurrence": NoParams,
    "metric": NoParams,
    "conditional": ConditionalParams,
    "grammar": NoParams,
    "meaning": MeaningParams,
    # "builtin": the builtin's own schema (BUILTINS in engine/builtins/__init__.py)
}


# --- builtins -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ThankYouLate(Params):
    hours: int  # after the interview; also the next step's thank-you window (engine/next_step.py)


class ThankYouLateParams(ParamsSchema):
    made = ThankYouLate
    hours = fields.Integer(load_default=24, validate=validate.Range(min=1))


@dataclass(frozen=True, kw_only=True)
class FollowUpTooSoon(Params):
    days: int  # after the last contact; also when the next step says to follow up
    # False: speaks below the persistence limit (and names a date); True: only once that many
    # follow-ups were sent, when another inside the week is both too many and too soon (its wait is
    # then the other rule's ``days``, Pack.thresholds, so the two never disagree).
    after_limit: bool


class FollowUpTooSoonParams(ParamsSchema):
    made = FollowUpTooSoon
    days = fields.Integer(load_default=7, validate=validate.Range(min=1))
    after_limit = fields.Boolean(load_default=False)


@dataclass(frozen=True, kw_only=True)
class FollowUpsSent(Params):
    at_least: int  # follow-ups already sent (the lowest across the pack is the next step's limit)
    below: int | None


class FollowUpsSentParams(ParamsSchema):
    made = FollowUpsSent
    at_least = fields.Integer(load_default=2, validate=validate.Range(min=1))
    below = fields.Integer(load_default=None, validate=validate.Range(min=1))

    @validates_schema
    def _a_range(self, data, **kwargs):
        if data.get("below") is not None and data["below"] <= data.get("at_least", 2):
            raise ValidationError("must be more than at_least", "below")


@dataclass(frozen=True, kw_only=True)
class NothingSpecific(Params):
    min_specific: int
    generic_words: str  # the list of words any thank-you could contain, relative to the pack
    # a sentence selling the candidate or praising any employer (None: none is set aside) ...
    not_a_detail: re.Pattern | None = None
    # ... unless it also ties itself to what was said ("you mentioned", "we discussed")
    from_the_talk: re.Pattern | None = None
    # what the interviewer said, told back ("you mentioned", "good to hear you're taking on"): with
    # words of its own, a detail however low a head reads it (meaning/runner.py, the floor)
    said_by_them: re.Pattern | None = None


class NothingSpecificParams(ParamsSchema):
    made = NothingSpecific
    min_specific = fields.Integer(load_default=2, validate=validate.Range(min=1))
    generic_words = fields.String(load_default="lists/generic-thank-you-words.txt")
    not_a_detail = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    from_the_talk = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    said_by_them = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)

    @post_load
    def _make(self, data, **kwargs):
        def joined(name):
            found = data[name]
            return _regex("|".join(f"(?:{p})" for p in found), name, "(?i:{})") if found else None

        return NothingSpecific(
            min_specific=data["min_specific"],
            generic_words=data["generic_words"],
            not_a_detail=joined("not_a_detail"),
            from_the_talk=joined("from_the_talk"),
            said_by_them=joined("said_by_them"),
        )


@dataclass(frozen=True, kw_only=True)
class SubjectPlaceholder(Params):
    same_as: str  # the phrase rule whose patterns find a placeholder


class SubjectPlaceholderParams(ParamsSchema):
    made = SubjectPlaceholder
    same_as = fields.String(load_default="proofreading.placeholders")


class _OneOrMany(fields.Field):
    """A string or a list of strings, loaded as a tuple."""

    def _deserialize(self, value, attr, data, **kwargs):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(p, str) and p for p in items):
            raise ValidationError("a pattern or a non-empty list of patterns")
        return tuple(items)


@dataclass(frozen=True, kw_only=True)
class PatternFix(Params):
    patterns: tuple[re.Pattern, ...]  # each with a named group ``slip``
    replacements: dict  # the slip (lower case) -> its replacement
    not_after: re.Pattern | None  # must not end right before the match
    case: bool  # match the draft as typed, not lower-cased


class PatternFixParams(ParamsSchema):
    """``builtin: pattern_fix`` (engine/builtins/pattern_fix.py)."""

    made = PatternFix
    patterns = _OneOrMany(required=True, data_key="pattern")
    replacements = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1)),
        values=fields.String(),
        required=True,
        data_key="fix",
        validate=validate.Length(min=1),
    )
    not_after = fields.String(load_default=None, validate=validate.Length(min=1))
    case = fields.Boolean(load_default=False)

    @post_load
    def _make(self, data, **kwargs):
        patterns = tuple(_regex(p, "pattern") for p in data["patterns"])
        if not all("slip" in p.groupindex for p in patterns):
            raise ValidationError("every pattern needs a named group 'slip'", "pattern")
        return PatternFix(
            patterns=patterns,
            replacements={k.lower(): v for k, v in data["replacements"].items()},
            not_after=_regex(data["not_after"], "not_after", "(?:{})$") if data["not_after"] else None,
            case=data["case"],
        )


@dataclass(frozen=True, kw_only=True)
class AnotherEmployer(Params):
    patterns: tuple[re.Pattern, ...]  # each with a named group ``name``, matched as typed
    ignore: frozenset  # lower-case words that name no employer of their own (ltd, group, the)
    many_sites: frozenset = frozenset()  # company words of an employer with many named sites (nhs, council)


class AnotherEmployerParams(ParamsSchema):
    """``builtin: another_employer`` (engine/builtins/other_company.py)."""

    made = AnotherEmployer
    patterns = _OneOrMany(required=True, data_key="pattern")
    ignore = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    many_sites = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)

    @post_load
    def _make(self, data, **kwargs):
        patterns = tuple(_regex(p, "pattern") for p in data["patterns"])
        if not all("name" in p.groupindex for p in patterns):
            raise ValidationError("every pattern needs a named group 'name'", "pattern")
        return AnotherEmployer(
            patterns=patterns,
            ignore=frozenset(w.lower() for w in data["ignore"]),
            many_sites=frozenset(w.lower() for w in data["many_sites"]),
        )


@dataclass(frozen=True, kw_only=True)
class OtherCompany(Params):
    # lower-case end words people drop ("Digital" of "Ravenscourt Digital")
    trade_words: frozenset = frozenset()


class OtherCompanyParams(ParamsSchema):
    """``builtin: other_company`` (engine/builtins/other_company.py)."""

    made = OtherCompany
    trade_words = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)

    @post_load
    def _make(self, data, **kwargs):
        return OtherCompany(trade_words=frozenset(w.lower() for w in data["trade_words"]))


@dataclass(frozen=True, kw_only=True)
class VerbForm(Params):
    after: str  # a pattern (lower case) that must end just before the verb
    want: str
    wrong: frozenset
    verbs: frozenset  # only these (empty: any)
    skip: frozenset  # never these
    capital_is_name: bool  # a capitalised first word is a name ("Will sent me the brief")


class VerbFormParams(ParamsSchema):
    """``builtin: verb_form`` (engine/builtins/verb_forms.py)."""

    made = VerbForm
    after = fields.String(required=True, validate=validate.Length(min=1))
    want = fields.String(required=True, validate=validate.OneOf(("base", "gerund", "participle")))
    wrong = fields.List(fields.String(validate=validate.OneOf(VERB_FORMS)), load_default=list)
    verbs = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    skip = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    capital_is_name = fields.Boolean(load_default=False)

    @post_load
    def _make(self, data, **kwargs):
        _regex(data["after"], "after")
        return VerbForm(
            after=data["after"],
            want=data["want"],
            wrong=frozenset(data["wrong"]),
            verbs=frozenset(data["verbs"]),
            skip=frozenset(data["skip"]),
            capital_is_name=data["capital_is_name"],
        )
