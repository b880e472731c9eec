"""The drafts the benchmark times: the test corpus when it is there, a few built-in ones otherwise.

A corpus file is YAML with ``text`` and optionally ``subject``, ``kind``, ``context``, ``now``,
``dictionary``, ``disabled`` (other keys, such as expectations, are ignored). A file may also hold a
list of such drafts, or a mapping with a ``drafts`` list.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
REQUEST_KEYS = ("text", "subject", "kind", "context", "now", "dictionary", "disabled")

# Built-in stand-ins of about 150 words each, used only when tests/corpus/ has no drafts yet. They cover
# the shapes that matter for speed: a clean note, several rule hits, typos that reach the spell checker,
# a quoted earlier message with a signature, and a pushy follow-up.
_BUILTIN = [
    {
        "name": "builtin/thank-you-clean",
        "kind": "auto",
        "subject": "Thank you for yesterday's conversation",
        "context": {
            "interview_at": "2026-11-24T10:00:00+00:00",
            "interviewer": "Priya Raman",
            "company": "Northwind Analytics",
            "position": "Data Engineer",
        },
        "now": "2026-11-24T17:30:00+00:00",
        "text": (
            "Dear Priya,\n\n"
            "Thank you for taking the time to meet with me yesterday about the Data Engineer role at "
            "Northwind Analytics. I enjoyed hearing how your team moved the nightly batch jobs onto a "
            "streaming pipeline, and your point about keeping data contracts close to the producers has "
            "stayed with me since. It matches what I learned while migrating our reporting warehouse to "
            "dbt and Airflow, where most of the late surprises came from upstream schema changes.\n\n"
            "Our conversation made me even more enthusiastic about the role. I would be glad to bring "
            "that experience to the platform work you described, and I am happy to share more detail on "
            "the migration or anything else that would help your decision.\n\n"
            "Thank you again for a thoughtful and friendly interview. I look forward to hearing about the "
            "next steps.\n\n"
            "Kind regards,\n"
            "Jordan Lee\n"
        ),
    },
    {
        "name": "builtin/follow-up-salary-typos",
        "kind": "auto",
        "subject": "Following up on the Frontend Developer role",
        "context": {
            "interview_at": "2026-11-10T14:00:00+00:00",
            "interviewer": "Tom Becker",
            "company": "Acme Retail",
            "stage": "interviewed",
        },
        "now": "2026-11-25T09:00:00+00:00",
        "text": (
            "Hi Tom,\n\n"
            "I hope you are well. I am writting to follow up on my interview for the Frontend Developer "
            "position two weeks ago. I really enjoyed our discusion about the design system and the plan "
            "to move the checkout to server-side rendering.\n\n"
            "I wanted to ask whether there is any update on the timeline. Could you also tell me what the "
            "salary range and the bonus structure look like for this role, and whether the pension "
            "contributions are matched? I am currently weighing another offer at £65k, so it would help "
            "to know soon.\n\n"
            "I remain very interested in the position and in working with your team on the accessibility "
            "roadmap you mentioned. Please let me know if there is anything else you need from me, such as "
            "references or a code sample from my recent projects.\n\n"
            "Thank you for your time and consideration.\n\n"
            "Best wishes,\n"
            "Sam Carter\n"
        ),
    },
    {
        "name": "builtin/follow-up-pushy",
        "kind": "follow_up",
        "subject": "Status??",
        "context": {
            "interview_at": "2026-11-20T11:00:00+00:00",
            "previous_follow_ups": ["2026-11-22T09:00:00+00:00", "2026-11-24T09:00:00+00:00"],
        },
        "now": "2026-11-25T08:00:00+00:00",
        "text": (
            "Hello,\n\n"
            "This is my third email about the Operations Analyst role and I still have not heard anything. "
            "Did you get my last message? I also called your office twice yesterday and left voicemails. "
            "I assume you went with someone else, but I need an answer by Friday because I have other "
            "options and I cannot keep waiting forever.\n\n"
            "I really need this job and I would do anything to get it. My family is moving house next month "
            "and my holiday in Spain is booked for January, so please respond immediately. ASAP would be "
            "great!!! thx\n\n"
            "Also, by the way, what is the holiday allowance and is there private health insurance? Can I "
            "work remotely on Fridays? I would also like to know about the relocation package and the "
            "equity, since those matter a lot to me when I compare offers.\n\n"
            "Regards,\n"
            "Alex\n"
        ),
    },
    {
        "name": "builtin/thank-you-quoted-signature",
        "kind": "auto",
        "subject": "Re: Interview on Monday",
        "context": {
            "interview_at": "2026-11-23T15:00:00+00:00",
            "interviewer": "Siobhan O'Donnell",
            "company": "Brightwave Health",
        },
        "now": "2026-11-24T10:00:00+00:00",
        "dictionary": ["Brightwave"],
        "text": (
            "Dear Siobhan,\n\n"
            "Thank you for the conversation on Monday about the Product Designer position. I especially "
            "valued the walk-through of the patient onboarding flow in your Kubernetes-hosted prototype, and "
            "the way the team tests each change with clinicians before it ships. I am excited about the "
            "chance to help simplify those journeys further.\n\n"
            "Warm regards,\n"
            "Maria Gonzalez\n"
            "-- \n"
            "Maria Gonzalez | Product Designer\n"
            "+44 20 7946 0958 | maria@example.org | https://example.org/portfolio\n\n"
            "On Mon, 23 Nov 2026 at 16:02, Siobhan O'Donnell <siobhan@brightwave.example> wrote:\n"
            "> Hi Maria,\n"
            "> Thanks again for coming in today. We will be in touch by the end of next week once we have\n"
            "> spoken with the remaining candidates. In the meantime, feel free to send over the case study\n"
            "> you mentioned, and let me know if you have any questions about the team or the role.\n"
            "> Best,\n"
            "> Siobhan\n"
        ),
    },
    {
        "name": "builtin/other-after-offer",
        "kind": "auto",
        "subject": "Offer questions",
        "context": {"interview_at": "2026-11-12T10:00:00+00:00", "stage": "offer", "company": "Globex"},
        "now": "2026-11-25T12:00:00+00:00",
        "text": (
            "Dear Ms Okafor,\n\n"
            "Thank you very much for the offer for the Backend Engineer position at Globex; I was delighted "
            "to receive it. Before I confirm, I would like to ask a few questions about the package. Could "
            "you tell me a little more about how the annual bonus is calculated, and whether the salary is "
            "reviewed after the first six months? I would also like to understand the pension scheme and "
            "the private health insurance, and whether the relocation support covers temporary housing "
            "for the first month.\n\n"
            "I am excited about joining the payments team and about the microservices migration we "
            "discussed during the final round. Please let me know if a short call would be easier than "
            "email for these points; I am free most afternoons this week.\n\n"
            "With best regards,\n"
            "Daniel Kowalski\n"
        ),
    },
]


def _as_request_value(value):
    """YAML turns ISO timestamps into datetime objects; the API receives strings."""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_request_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_request_value(v) for v in value]
    return value


def _drafts_in(doc) -> list[dict]:
    if isinstance(doc, dict) and isinstance(doc.get("drafts"), list):
        return [d for d in doc["drafts"] if isinstance(d, dict)]
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict)]
    if isinstance(doc, dict):
        return [doc]
    return []


def corpus_drafts() -> list[dict]:
    """Every draft in tests/corpus/*.yml (and *.yaml), as request bodies with a ``name``."""
    drafts: list[dict] = []
    if not CORPUS.is_dir():
        return drafts
    for path in sorted([*CORPUS.glob("*.yml"), *CORPUS.glob("*.yaml")]):
        try:
            docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError) as exc:
            print(f"bench: skipping {path.name}: {exc}")
            continue
        found = [d for doc in docs for d in _drafts_in(doc)]
        for i, raw in enumerate(found):
            if not isinstance(raw.get("text"), str) or not raw["text"].strip():
                continue
            body = {k: _as_request_value(raw[k]) for k in REQUEST_KEYS if raw.get(k) is not None}
            suffix = f"#{i + 1}" if len(found) > 1 else ""
            body["name"] = f"corpus/{path.stem}{suffix}"
            drafts.append(body)
    return drafts


def builtin_drafts() -> list[dict]:
    return [dict(d) for d in _BUILTIN]


def load() -> tuple[str, list[dict]]:
    """(source, drafts): the corpus when it has drafts, else the built-in stand-ins."""
    drafts = corpus_drafts()
    if drafts:
        return f"tests/corpus ({len(drafts)} drafts)", drafts
    return f"built-in fallback ({len(_BUILTIN)} drafts; tests/corpus/ not present yet)", builtin_drafts()


def request_body(draft: dict) -> dict:
    """The JSON body for POST /api/v1/check."""
    return {k: draft[k] for k in REQUEST_KEYS if k in draft}
