"""Independent reads side by side. Oxigraph evaluates a query without holding Python's lock
(the GIL), so on a machine with two cores the reads of one page take about the time of the
longest, not their sum: a national building block's page reads its thousands of dependants
while its references, adopters and targets are read beside them."""

import threading
from collections.abc import Callable
from typing import Any

# threads that run one call of ``together``: more gain nothing on two cores, and each thread
# of a query worker reserves its large stack within the worker's memory limit
WIDTH = 3


def together(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """What each of ``calls`` returns, in their order. They are taken in order by ``WIDTH``
    threads: this one and others of their own, not a shared pool, in which a call that itself
    calls ``together`` could wait forever for a thread. If calls raise, the first of them (in
    order) raises here, once every call has ended."""
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

    threads = [
        threading.Thread(target=work, daemon=True) for _ in range(min(WIDTH, len(calls)) - 1)
    ]
    for thread in threads:
        thread.start()
    work()
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return tuple(answers)
