"""Independent reads side by side. Oxigraph evaluates a query without holding Python's lock
(the GIL), so on a machine with two cores the reads of one page take about the time of the
longest, not their sum: a national building block's page reads its thousands of dependants
while its references, adopters and targets are read beside them."""

import threading
from collections.abc import Callable
from typing import Any


def together(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """What each of ``calls`` returns, in their order. The first runs in this thread, each
    other in a thread of its own: not a shared pool, in which a call that itself calls
    ``together`` could wait forever for a thread. If calls raise, the first of them (in
    order) raises here, once every call has ended."""
    answers: list[Any] = [None] * len(calls)
    errors: list[BaseException | None] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            answers[index] = calls[index]()
        except BaseException as error:  # raised in the caller's thread, below
            errors[index] = error

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(1, len(calls))]
    for thread in threads:
        thread.start()
    if calls:
        run(0)
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error
    return tuple(answers)
