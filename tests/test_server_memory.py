"""memory.py: the server caps glibc's malloc arenas and gives freed heap back once it is idle, without
touching what a request gets back."""

from __future__ import annotations

import time

import pytest
from etiquette import memory

glibc_only = pytest.mark.skipif(memory._libc is None, reason="glibc's mallopt/malloc_trim only")


@glibc_only
def test_the_arena_cap_is_accepted_by_glibc():
    assert memory.limit_arenas(memory.ARENAS) is True


def test_freeing_memory_never_raises_anywhere():
    memory.release_free_memory()
    assert memory.limit_arenas(2) in (True, False)


def _app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_requests_pass_through_unchanged_and_the_heap_is_trimmed_once_after_a_pause():
    calls = []
    trimmer = memory.TrimWhenIdle(_app, idle=0.05)
    body = trimmer({}, lambda status, headers: calls.append(status))
    assert body == [b"ok"] and calls == ["200 OK"]
    deadline = time.monotonic() + 5
    while trimmer.trims == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert trimmer.trims == 1, "no trim within 5 s of the last request"
    time.sleep(0.2)
    assert trimmer.trims == 1, "trimmed again with no request in between"


def test_no_trim_while_requests_keep_coming():
    trimmer = memory.TrimWhenIdle(_app, idle=0.5)
    for _ in range(5):
        trimmer({}, lambda status, headers: None)
        time.sleep(0.05)
    assert trimmer.trims == 0
