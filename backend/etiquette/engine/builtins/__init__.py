"""Named engine checks that rule files switch on with ``kind: builtin`` and tune with ``params``.

Each yields ``(offset, length, message, suggestions)`` like the declarative runners.
"""

from __future__ import annotations

from .greeting import greeting_mismatch
from .other_company import other_company
from .pattern_fix import pattern_fix
from .persistence import follow_ups_sent
from .specific import nothing_specific
from .spelling import spelling
from .subject import empty_subject, subject_placeholder
from .timing import before_decision_date, follow_up_too_soon, thank_you_late, thank_you_missing
from .verb_forms import verb_form

BUILTINS = {
    "spelling": spelling,
    "thank_you_late": thank_you_late,
    "follow_up_too_soon": follow_up_too_soon,
    "before_decision_date": before_decision_date,
    "thank_you_missing": thank_you_missing,
    "follow_ups_sent": follow_ups_sent,
    "greeting_mismatch": greeting_mismatch,
    "other_company": other_company,
    "empty_subject": empty_subject,
    "subject_placeholder": subject_placeholder,
    "nothing_specific": nothing_specific,
    "verb_form": verb_form,
    "pattern_fix": pattern_fix,
}
