"""Independent reads side by side. Oxigraph evaluates a query without holding Python's lock
(the GIL), so on a machine with two cores the reads of one page take about the time of the
longest, not their sum: a national building block's page reads its thousands of dependants
while its references, adopters and targets are read beside them."""

import threading
from collections.abc import Callable
from typing import Any

# threads that run calls of ``together`` at once in a process, the callers' own included:
# more gain nothing on two cores, and each thread of a query worker reserves its large stack
# within the worker's memory limit
WIDTH = 3
_HELPERS = threading.BoundedSemaphore(WIDTH - 1)  # the threads beside the callers'


def together(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """What each of ``calls`` returns, in their order. This thread takes them in order, and
    so does each thread of the process's ``WIDTH`` that is free, also one that becomes free
    while they run (none free: this thread runs them all, so a call that itself calls
    ``together`` never waits for a thread). If calls raise, the first of them (in order)
    raises here, once every call has ended."""
    answers: list[Any] = [None] * len(calls)
    errors: list[BaseException | None] = [None] * len(calls)
    waiting = list(range(len(calls)))[::-1]  # the next call last
    threads: list[threading.Thread] = []
    taking = threading.Lock()

    def work() -> None:
        while True:
            with taking:
                if not waiting:
                    return
                index = waiting.pop()
                if waiting and _HELPERS.acquire(blocking=False):  # one more to take them
                    _start(threading.Thread(target=helper, daemon=True))
            try:
                answers[index] = calls[index]()
            except BaseException as error:  # raised in the caller's thread, below
                errors[index] = error

    def helper() -> None:
        try:
            work()
        finally:
            _HELPERS.release()

    def _start(thread: threading.Thread) -> None:
        try:
            thread.start()
        except RuntimeError:  # no thread to be had (memory): the others do the work
            _HELPERS.release()
            return
        threads.append(thread)

    work()
    for thread in threads:  # no call waits: no thread is started any more
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return tuple(answers)
