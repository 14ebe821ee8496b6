"""Independent reads side by side. Oxigraph evaluates a query without holding Python's lock
(the GIL), so on a machine with two cores the reads of one page take about the time of the
longest, not their sum: a national building block's page reads its thousands of dependants
while its references, adopters and targets are read beside them."""

import threading
from collections.abc import Callable
from typing import Any

# threads that run calls of ``together`` at once in a process, the caller's own included:
# more gain nothing on two cores, and each thread of a query worker reserves its large stack
# within the worker's memory limit
WIDTH = 3
_HELPERS = threading.BoundedSemaphore(WIDTH - 1)  # the threads beside the callers'


def together(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """What each of ``calls`` returns, in their order. They are taken in order by this thread
    and by as many others as are free of the process's ``WIDTH`` when it starts (none free:
    this thread runs them all, so a call that itself calls ``together`` never waits for a
    thread; threads started while calls ran, as they came free, made query workers hold
    hundreds of MiB more in the CI soak). If calls
    raise, the first of them (in order) raises here, once every call has ended."""
    answers: list[Any] = [None] * len(calls)
    errors: list[BaseException | None] = [None] * len(calls)
    waiting = iter(range(len(calls)))
    taking = threading.Lock()

    def work() -> None:
        while True:
            with taking:
                index = next(waiting, None)
            if index is None:
                return
            try:
                answers[index] = calls[index]()
            except BaseException as error:  # raised in the caller's thread, below
                errors[index] = error

    def helper() -> None:
        try:
            work()
        finally:
            _HELPERS.release()

    threads = []
    for _ in range(len(calls) - 1):
        if not _HELPERS.acquire(blocking=False):
            break
        thread = threading.Thread(target=helper, daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no thread to be had (memory): this one does the work
            _HELPERS.release()
            break
        threads.append(thread)
    work()
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return tuple(answers)
