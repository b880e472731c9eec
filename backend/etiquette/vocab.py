"""The words and limits every part of Follow-up Etiquette shares, each written here once.

The HTTP schemas validate against these, the engine and the rule-pack loader use them, the command
line offers them as choices, and ``extension/lib/constants.js`` is generated from this file, so it is
plain data: literals only (``ast.literal_eval`` reads each value), no imports, no code. A test keeps
these values from being written again anywhere else in the package (tests/test_one_source.py).
"""

# The API's largest draft (and quoted message), in code points; the command line reads no more either.
MAX_TEXT = 20_000
# JavaScript's largest safe integer (Number.MAX_SAFE_INTEGER): the largest id the extension reads exactly.
MAX_ID = 9_007_199_254_740_991  # 2**53 - 1
# The largest request body the server takes (Flask's MAX_CONTENT_LENGTH): 413 above it.
MAX_BODY = 262_144  # 256 KiB

# What a draft may be checked as (``auto``: the engine decides), and what a sent message was.
KINDS = ("auto", "thank_you", "follow_up", "other")
MESSAGE_KINDS = ("thank_you", "follow_up", "other")

# Where an application stands; a new interview in the tracker starts at DEFAULT_STAGE.
STAGES = ("applied", "interviewed", "offer", "rejected", "withdrawn")
DEFAULT_STAGE = "interviewed"

# The ten categories of GUIDELINES.md, in its order; shared-rules/categories.yml gives each its label,
# colour, guideline and default severity, and must map exactly these (checked when the pack loads).
CATEGORIES = (
    "timing",
    "persistence",
    "length",
    "salary",
    "tone",
    "assumption",
    "off_topic",
    "proofreading",
    "interest",
    "personalisation",
)
SEVERITIES = ("error", "warning", "suggestion")
# ``empty``: nothing of the candidate's own to check (see etiquette.engine.check).
VERDICTS = ("ready", "review", "fix", "empty")

# The Englishes the grammar layer knows (Harper's dialects); British unless the request says otherwise.
DIALECTS = ("british", "american", "canadian", "australian", "indian")
DEFAULT_DIALECT = "british"

# Where the backend listens: loopback only by default (shared/DESIGN.md, "Local API security"), on the
# port the extension's settings default to. LOOPBACK_HOSTS are the Host names it always answers to.
DEFAULT_HOST = "127.0.0.1"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
DEFAULT_PORT = 5455
