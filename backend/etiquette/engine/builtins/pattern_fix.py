"""``builtin: pattern_fix``: a slip found by a pattern that needs context of any length around it
("Both of the case studies was", "The tour of the labs were", "Mr Patel don't"), which a
``substitution`` key cannot express (Python's lookbehinds are fixed-width).

Params: ``pattern`` (one or a list), matched against the lower-cased draft (or the draft as typed with
``case: true``), with a named group ``slip`` marking the words to replace; ``fix``, a mapping from the
slip (lower case) to its replacement (the key ``"*"`` stands for any slip, and ``{slip}`` in its value
for the slip as typed: ``"{slip},"`` adds a comma, and ``{keep}`` for what a named group ``keep``
inside the slip matched, as typed: a slip "the giving" with ``keep`` on "giving" and the value
``"{keep}"`` drops the stray "the"; any other named group works the same way, so ``"{subject} {modal}"``
reorders "will the panel" as "the panel will"); optionally ``not_after``, a pattern that must not
end right before the match ("make the role sound exciting" is right).
"""

from __future__ import annotations

from ..scan import finditer

# A rule with this many fix keys or fewer first looks for one of them in the draft: a slip is one of the
# keys or nothing is reported, so a draft without any cannot give a warning ("discuss about" in a draft
# that never says it). Each look is a plain substring search; past a few keys they cost more than the
# patterns they would skip.
GATE_KEYS = 4


def pattern_fix(rule, state):
    params = rule.params  # compiled at load (engine/params.py, PatternFixParams)
    draft = state.draft
    keys = params.replacements
    if len(keys) <= GATE_KEYS and "*" not in keys:
        # keys are lower case with a straight apostrophe (the slip is compared that way, below)
        lowered = draft.lowered
        if not any(k in lowered or ("'" in k and k.replace("'", "\u2019") in lowered) for k in keys):
            return
    text = draft.masked if params.case else draft.lowered
    matches = sorted(
        (m for p in params.patterns for m in finditer(p, text, 0, draft.end)),
        key=lambda m: m.start("slip"),
    )
    for m in matches:
        a, b = m.span("slip")
        if params.not_after is not None and params.not_after.search(
            draft.lowered, max(0, m.start() - 40), m.start()
        ):
            continue
        original = draft.text[a:b]
        right = params.replacements.get(original.lower().replace("\u2019", "'"))
        if right is None and "*" in params.replacements:
            right = params.replacements["*"].replace("{slip}", original)  # "{slip}," adds a comma
            # "{keep}" (or any other named group) stands for what that group matched, as typed:
            # "{subject} {modal}" puts "when will the panel decide" in statement order
            missing = False
            for name in m.re.groupindex:
                if name != "slip" and "{" + name + "}" in right:
                    k = m.span(name)
                    if k[0] < 0:
                        missing = True
                        break
                    right = right.replace("{" + name + "}", draft.text[k[0] : k[1]])
            if missing or "{keep}" in right:
                continue
        if right is None:
            continue
        if original[:1].isupper() and original != "I":  # "I" is capitalised for itself, not its place
            right = right[:1].upper() + right[1:]
        yield a, b - a, rule.say(match=original, expected=right), [right]
