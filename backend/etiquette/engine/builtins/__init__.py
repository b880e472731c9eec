"""Named engine checks that rule files switch on with ``kind: builtin`` and tune with ``params``.

Each yields ``(offset, length, message, suggestions)`` like the declarative runners. ``BUILTINS`` is
the one registry: a builtin's function, the schema of its params (engine/params.py) and the
``{placeholders}`` it fills in its rule's message (checked at load, engine/messages.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .. import params as p
from .greeting import greeting_mismatch
from .name_case import name_case
from .other_company import another_employer, other_company
from .pattern_fix import pattern_fix
from .persistence import follow_ups_sent
from .specific import nothing_specific
from .spelling import spelling
from .subject import empty_subject, subject_placeholder
from .timing import before_decision_date, follow_up_too_soon, thank_you_late, thank_you_missing
from .verb_forms import verb_form


class Builtin(NamedTuple):
    run: Callable
    params: type[p.ParamsSchema] = p.NoParams
    fills: tuple[str, ...] = ()
    # True for a check that lets through every word of the user's dictionary (the request's
    # ``dictionary``): its warnings are about one word the user may add there, so they say so
    # (``"dictionary": true``) and the extension offers "Add to dictionary" on them and nothing else.
    reads_dictionary: bool = False


BUILTINS = {
    "spelling": Builtin(spelling, fills=("match",), reads_dictionary=True),
    "thank_you_late": Builtin(thank_you_late, p.ThankYouLateParams, ("when",)),
    "follow_up_too_soon": Builtin(follow_up_too_soon, p.FollowUpTooSoonParams, ("when", "since", "date")),
    "before_decision_date": Builtin(before_decision_date, fills=("date",)),
    "thank_you_missing": Builtin(thank_you_missing),
    "follow_ups_sent": Builtin(follow_ups_sent, p.FollowUpsSentParams, ("count",)),
    "greeting_mismatch": Builtin(greeting_mismatch, fills=("match", "expected")),
    "other_company": Builtin(other_company, p.OtherCompanyParams, ("match", "expected")),
    "another_employer": Builtin(another_employer, p.AnotherEmployerParams, ("match", "expected")),
    "empty_subject": Builtin(empty_subject),
    "subject_placeholder": Builtin(subject_placeholder, p.SubjectPlaceholderParams, ("match",)),
    "nothing_specific": Builtin(nothing_specific, p.NothingSpecificParams),
    "verb_form": Builtin(verb_form, p.VerbFormParams, ("match", "expected")),
    "pattern_fix": Builtin(pattern_fix, p.PatternFixParams, ("match", "expected")),
    "name_case": Builtin(name_case, fills=("match", "expected")),
}
