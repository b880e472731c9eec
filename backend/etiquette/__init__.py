"""Follow-up Etiquette: a local coach for post-interview thank-you and follow-up emails.

Python users call :func:`check`, which returns exactly what ``POST /api/v1/check`` answers.
"""

__version__ = "0.1.0"


def check(
    text, kind="auto", context=None, now=None, *, subject=None, dictionary=None, disabled=None, dialect=None
):
    """Check a draft and return ``{"kind", "verdict", "warnings", "stats", ...}`` as the API does.

    ``now`` may be a ``datetime`` or an ISO 8601 string; ``context`` is the API's context object.
    """
    from .engine import check as _check

    return _check(
        text,
        kind=kind,
        context=context,
        now=now,
        subject=subject,
        dictionary=dictionary,
        disabled=disabled,
        dialect=dialect,
    )
