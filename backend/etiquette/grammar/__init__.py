"""The grammar layer: Harper (``harper-py``, Automattic's offline checker in Rust) with a curated set of
its lints, each mapped to a ``kind: grammar`` rule file in ``shared-rules/rules/proofreading/``.

Facts about harper-py 0.2.0 this module relies on (read from its installed ``harper/__init__.pyi`` and
tried): ``Linter(dialect)`` costs ~0.4 s the first time in a process (the curated dictionary is built
once) and ~4 ms after that; a ``Linter`` is not thread-safe (a call while another thread is inside one
raises ``RuntimeError``). Memory (measured with ``malloc_trim`` after each step): the first
``get_default_lint_config()`` or ``Linter`` in a process builds Harper's curated dictionary, ~87 MB
(two blocks of ~38 MB and ~11 MB of heap) resident for good and shared by every linter and thread;
harper-py has no option to build a smaller one or to build it lazily. What is not shared is per
*thread*: the first lint in a thread builds ~6-8 MB of Harper's own state for that thread (freed only
when the thread ends), and each linter adds ~2.5 MB. (Harper also remembers what it has read: +17 MB
after ~10,000 distinct sentences, where it levels off.) So every Harper call runs on one thread of
ours (``_on_harper_thread``), with one linter per dialect: a server whose start-up thread and two
request threads each linted held that state three times over (idle server RSS with the model
246.6 -> 231.1 MB, bench/meaning_bench.py). The request's thread waits for the answer (Harper lets go
of the GIL; the round trip is ~30 us, and only sentences our own cache has not seen make one).
``organized_lints`` keys each lint by the Harper rule that made it; spans are code points of the
``str`` linted, like our offsets; ``import_words`` adds to the dictionary for good (only
``clear_words`` takes words out, all at once).

So the shared vocabulary (``shared-rules/vocab/``) goes into every linter's dictionary once, while a
draft's own words (the context's names, the personal dictionary) are not imported: a linter that
kept every name it was ever given would answer the same draft differently over time, and a fresh
linter per set of names costs 0.05-0.1 s on this machine. A Harper finding on one of those words is
dropped instead (``runner._quirk``), so they are never flagged either way.

A Harper that is not installed or does not load turns the layer off: ``status()`` says why, the
grammar rules yield nothing and every other rule runs as before.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from ..vocab import DEFAULT_DIALECT, DIALECTS  # noqa: F401  (one list: the API validates against it)

_HARPER_DIALECT = {"american": 0, "british": 1, "australian": 2, "canadian": 3, "indian": 4}

# Sentences are linted one by one and remembered, so a re-check after one sentence changed lints only
# that sentence (the budget in DESIGN.md: a re-check in a few milliseconds). Every curated lint reads
# words inside one sentence: Harper's findings per sentence were the same as per paragraph on every
# paragraph of tests/corpus, tests/grammar_slips, bench/blind (b1-b8, grammar-g2..g4) and the
# adversarial drafts, in British and American English (bench/grammar_units.py checks it again).
CACHE_SIZE = 4096

_PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")
# A sentence ends at . ! ? (then closing quotes or brackets) after a lower-case word or a digit, where
# white space and a capital letter follow: "Dr. Patel" and "e.g. the" stay in one unit.
_UNIT_BREAK = re.compile(r"(?<=[a-z0-9][.!?])[\"'\u2019\u201d)\]]*\s+(?=[A-Z])")
_LETTER = re.compile(r"[^\W\d_]")
# Harper's time grows with the square of a sentence's tokens (a 20,000-character run of brackets or
# emoji took ~3 s): a longer stretch is cut at white space, so junk costs linear time. No sentence of
# the corpus or the blind batches comes near this length.
MAX_UNIT = 400
_SPACE = re.compile(r"\s+")

_lock = threading.Lock()
_status: dict = {"state": None, "reason": None}
_names: frozenset = frozenset()  # Harper rule names the pack's grammar rules ask for
_vocabulary: tuple = ()  # shared-rules/vocab words, given to every linter
_vocabulary_set: frozenset = frozenset()
_linters: dict = {}  # dialect -> Linter, touched only on the Harper thread
_worker = None  # the one thread every Harper call runs on (a one-worker executor), started on first use
_worker_lock = threading.Lock()
_worker_ident: list = []  # that thread's ident, once it runs
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()
_inflight: dict = {}  # (dialect, unit) -> the _Job linting it on the Harper thread (under _cache_lock)
_generation = [0]  # bumped whenever the cache is emptied: a job begun before then caches nothing


def _harper():
    import harper

    return harper


def configure(names, vocabulary) -> None:
    """Set the Harper rules to run and the shared vocabulary; loads Harper once (never raises)."""
    global _names, _vocabulary, _vocabulary_set
    with _lock:
        _names = frozenset(names)
        _vocabulary = tuple(sorted({w for w in vocabulary if w}))
        _vocabulary_set = frozenset(w.lower() for w in _vocabulary)
        with _cache_lock:
            _forget()
    _drop_linters()
    _load()


def _load() -> None:
    with _lock:
        if _status["state"] is not None:
            return
        try:
            harper = _harper()
            known = harper.get_default_lint_config()
        except Exception as exc:  # ImportError, a broken wheel (OSError), anything the binding raises
            _status.update(state="off", reason=_reason(exc))
            return
        _status.update(state="on", reason=None, known=frozenset(known))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ImportError):
        return (
            "Harper (the harper-py package) is not installed; run 'make install' to turn grammar checks on."
        )
    return f"Harper could not be loaded ({type(exc).__name__}); grammar checks are off."


def reset() -> None:
    """Forget the load result and every linter (tests simulate a missing Harper with this)."""
    with _lock:
        _status.update(state=None, reason=None)
        _status.pop("known", None)
    _drop_linters()
    with _cache_lock:
        _forget()


def status() -> tuple[str, str | None]:
    """``("on", None)`` or ``("off", reason)``; the reason never names a file-system path."""
    if _status["state"] is None:
        _load()
    return _status["state"], _status["reason"]


def available() -> bool:
    return status()[0] == "on"


def known_lint_names() -> frozenset:
    """Every Harper rule name this Harper knows (empty when the layer is off)."""
    return _status.get("known", frozenset()) if available() else frozenset()


def _harper_executor():
    """The one-worker executor whose thread makes every Harper call, started on first use."""
    global _worker
    if _worker is None:
        with _worker_lock:
            if _worker is None:
                from concurrent.futures import ThreadPoolExecutor

                _worker = ThreadPoolExecutor(
                    1,
                    thread_name_prefix="etiquette-harper",
                    initializer=lambda: _worker_ident.append(threading.get_ident()),
                )
    return _worker


def _on_harper_thread(fn, *args):
    """``fn(*args)`` run on the Harper thread (at once when already there), its result or exception."""
    if _worker_ident and threading.get_ident() == _worker_ident[0]:
        return fn(*args)
    return _harper_executor().submit(fn, *args).result()


def _drop_linters() -> None:
    """Forget every linter (the next call builds them with the current rules and vocabulary)."""
    if _worker is not None:
        _on_harper_thread(_linters.clear)
    else:
        _linters.clear()


def _linter(dialect: str):
    """The linter for ``dialect`` (call on the Harper thread only), built on first use with only our
    curated rules on and the shared vocabulary in its dictionary, then reused for every draft."""
    linter = _linters.get(dialect)
    if linter is None:
        harper = _harper()
        linter = harper.Linter(harper.Dialect(_HARPER_DIALECT[dialect]))
        linter.set_lint_config({name: name in _names for name in linter.get_default_lint_config()})
        if _vocabulary:
            linter.import_words(list(_vocabulary))
        _linters[dialect] = linter
    return linter


def _units(paragraph: str):
    """(start, end) of each unit of ``paragraph`` Harper reads on its own; stretches without a letter
    are left out (every curated lint is about words)."""
    start = 0
    for m in _UNIT_BREAK.finditer(paragraph):
        yield from _capped(paragraph, start, m.start())
        start = m.end()
    yield from _capped(paragraph, start, len(paragraph))


def _capped(paragraph: str, a: int, b: int):
    while b - a > MAX_UNIT:
        cut = None
        for cut in _SPACE.finditer(paragraph, a + MAX_UNIT // 2, a + MAX_UNIT):  # noqa: B007 (the last)
            pass
        end, a_next = (cut.start(), cut.end()) if cut is not None else (a + MAX_UNIT, a + MAX_UNIT)
        if _LETTER.search(paragraph, a, end):
            yield a, end
        a = a_next
    if b > a and _LETTER.search(paragraph, a, b):
        yield a, b


def _in_units(paragraphs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(offset, text) of every unit of the given (offset, paragraph) pairs, in order."""
    return [(base + a, paragraph[a:b]) for base, paragraph in paragraphs for a, b in _units(paragraph)]


def _lint_paragraphs(dialect: str, paragraphs: list[tuple[int, str]]) -> list[tuple]:
    """Harper's findings in the given (offset, paragraph) pairs, unit by unit, offsets shifted by each
    paragraph's offset (a unit's findings in its own order, units in order)."""
    units = _in_units(paragraphs)
    found = []
    for (at, _), findings in zip(units, _lint_units(dialect, [u for _, u in units]), strict=True):
        found.extend((name, at + x, at + y, problem, sugg) for name, x, y, problem, sugg in findings)
    return found


class _Job:
    """Units a prefetch handed to the Harper thread: their findings once ``done`` is set (or the error)."""

    def __init__(self, dialect: str, units: list[str]):
        self.dialect = dialect
        self.units = units
        self.results: list | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.generation = _generation[0]

    def run(self) -> None:
        try:
            self.results = _lint_fresh(self.dialect, self.units)
        except BaseException as exc:  # re-raised in the thread that waits for these units
            self.error = exc
        with _cache_lock:
            for row, unit in enumerate(self.units):
                key = (self.dialect, unit)
                if _inflight.get(key) is self:
                    del _inflight[key]
                if self.results is not None and self.generation == _generation[0]:
                    _remember(key, self.results[row])
        self.done.set()


def _remember(key, result) -> None:
    """Cache one unit's findings (call with _cache_lock held)."""
    _cache[key] = result
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def prefetch(text: str, dialect: str = DEFAULT_DIALECT) -> None:
    """Start linting, on the Harper thread, the units of ``text`` neither cached nor already being
    linted, and return at once: ``lint`` collects them. A check calls this as it starts, so Harper
    (which lets go of the GIL) reads the draft while the phrase rules run."""
    if not available() or not _names:
        return
    if dialect not in _HARPER_DIALECT:
        dialect = DEFAULT_DIALECT
    units = _in_units([(m.start(), m.group(0)) for m in _PARAGRAPH.finditer(text)])
    with _cache_lock:
        fresh = [
            u
            for u in dict.fromkeys(u for _, u in units)
            if (dialect, u) not in _cache and (dialect, u) not in _inflight
        ]
        if not fresh:
            return
        job = _Job(dialect, fresh)
        for unit in fresh:
            _inflight[(dialect, unit)] = job
    _harper_executor().submit(job.run)


def _lint_units(dialect: str, units: list[str]) -> list[tuple]:
    """Each unit's findings: remembered ones from the cache, those a prefetch is linting when it is
    done, the rest linted on the Harper thread in one call."""
    out: list = [None] * len(units)
    missing: dict[str, list[int]] = {}
    waiting: dict[int, _Job] = {}
    with _cache_lock:
        for i, unit in enumerate(units):
            key = (dialect, unit)
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
                out[i] = hit
            elif key in _inflight:
                waiting[i] = _inflight[key]
            else:
                missing.setdefault(unit, []).append(i)
    if missing:
        fresh = _on_harper_thread(_lint_fresh, dialect, list(missing))
        with _cache_lock:
            for unit, result in zip(missing, fresh, strict=True):
                _remember((dialect, unit), result)
                for i in missing[unit]:
                    out[i] = result
    for i, job in waiting.items():
        job.done.wait()
        if job.error is not None:
            raise job.error
        out[i] = job.results[job.units.index(units[i])]
    return out


def _lint_fresh(dialect: str, units: list[str]) -> list[tuple]:
    """Harper's findings in each unit (on the Harper thread), sorted by position then rule."""
    linter = _linter(dialect)
    results = []
    for unit in units:
        found = []
        for name, lints in linter.organized_lints(unit, language="plaintext").items():
            for lint in lints:
                found.append(
                    (
                        name,
                        lint.span.start,
                        lint.span.end,
                        lint.problem_text,
                        tuple((s.kind, s.replacement_text) for s in lint.suggestions),
                    )
                )
        results.append(tuple(sorted(found, key=lambda f: (f[1], f[2], f[0]))))
    return results


def lint(text: str, dialect: str = DEFAULT_DIALECT) -> list[tuple]:
    """Harper's findings in ``text`` as ``(rule_name, start, end, problem_text, suggestions)``.

    ``suggestions`` are ``(kind, replacement)`` pairs as Harper gives them (kind 0 replace, 1 remove,
    2 insert after). Offsets are code points of ``text``. Empty when the layer is off.
    """
    if not available() or not _names:
        return []
    if dialect not in _HARPER_DIALECT:
        dialect = DEFAULT_DIALECT
    return _lint_paragraphs(dialect, [(m.start(), m.group(0)) for m in _PARAGRAPH.finditer(text)])


def clean_fix(text: str, start: int, end: int, replacement: str, dialect: str = DEFAULT_DIALECT) -> bool:
    """Does replacing ``text[start:end]`` leave Harper nothing to say there? (Harper offers "there's"
    for "their is"; "there's is" would be a new slip, so such a suggestion is not passed on.)"""
    if not available() or not _names:
        return True
    if dialect not in _HARPER_DIALECT:
        dialect = DEFAULT_DIALECT
    for m in _PARAGRAPH.finditer(text):
        if m.start() <= start < m.end():
            a, b = start - m.start(), end - m.start()
            paragraph = m.group(0)
            fixed = paragraph[:a] + replacement + paragraph[b:]
            stop = a + max(len(replacement), 1)
            return not any(
                la < stop + 1 and a - 1 < lb for _, la, lb, _, _ in _lint_paragraphs(dialect, [(0, fixed)])
            )
    return True


def warm_up() -> None:
    """Build the British linter on the Harper thread and lint once, so a user's first draft does not
    pay for it."""
    if available() and _names:
        lint("Thank you for the interview today; it was a pleasure to meet the team.", DEFAULT_DIALECT)


def clear_cache() -> None:
    """Forget every linted paragraph (the benchmark measures cold checks with this)."""
    with _cache_lock:
        _forget()


def _forget() -> None:
    """Empty the cache, and keep what a job already under way finds out of it (call with _cache_lock
    held): it may have been linted with the rules or vocabulary before a ``configure``."""
    _cache.clear()
    _inflight.clear()
    _generation[0] += 1
