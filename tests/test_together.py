"""Independent reads side by side (ndsgraph.together)."""

import threading

import pytest

from ndsgraph.together import WIDTH, together


def test_answers_in_the_order_of_the_calls():
    assert together(lambda: 1, lambda: "two", lambda: [3]) == (1, "two", [3])
    assert together() == ()


def test_calls_run_at_the_same_time():
    # each waits for the others: run one after another, the barrier would break
    met = threading.Barrier(WIDTH, timeout=5)
    assert sorted(together(*[met.wait] * WIDTH)) == list(range(WIDTH))


def test_more_calls_than_threads_each_run_once():
    ran = []
    assert together(*(lambda n=n: ran.append(n) or n for n in range(10))) == tuple(range(10))
    assert sorted(ran) == list(range(10))


def test_a_call_may_itself_call_together():
    assert together(lambda: together(lambda: 1, lambda: 2), lambda: 3) == ((1, 2), 3)


def test_nested_calls_share_the_processs_threads():
    """Each thread of a query worker reserves a 64 MiB stack within its memory limit: nested
    calls (a profile's reads within a page's) reached ten threads at once."""
    running, most, counting = [0], [0], threading.Lock()

    def read() -> None:
        with counting:
            running[0] += 1
            most[0] = max(most[0], running[0])
        threading.Event().wait(0.05)
        with counting:
            running[0] -= 1

    reads = [read] * 4
    together(*[lambda: together(*reads)] * 4)
    assert most[0] == WIDTH


def test_the_first_error_is_raised_once_every_call_ended():
    ended = []

    def slow() -> None:
        threading.Event().wait(0.2)
        ended.append("slow")

    def fails(message: str):
        def call() -> None:
            raise ValueError(message)

        return call

    with pytest.raises(ValueError, match="first"):
        together(slow, fails("first"), fails("second"))
    assert ended == ["slow"]
