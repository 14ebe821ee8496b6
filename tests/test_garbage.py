"""The cyclic garbage collector paused during bulk steps (ndsgraph.garbage)."""

import gc
import threading

import pytest

from ndsgraph import garbage


@pytest.fixture(autouse=True)
def collector_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_a_pause_ends_with_the_last_of_nested_pauses():
    gc.enable()
    with garbage.collection_paused():
        assert not gc.isenabled()
        with garbage.collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with garbage.collection_paused():
        pass
    assert not gc.isenabled()


def test_a_pause_ends_when_its_block_raises():
    gc.enable()
    with pytest.raises(ValueError), garbage.collection_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_overlapping_pauses_of_two_threads_end_with_the_later():
    gc.enable()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with garbage.collection_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with garbage.collection_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause still holds
    leave.set()
    thread.join(5)
    assert gc.isenabled()
