"""A page's arguments as its address gives them: each at most once, as a form sends them."""

from werkzeug.datastructures import MultiDict

from ndsgraph.errors import InputError, shown


def once(arguments: MultiDict) -> None:
    """A repeated argument is refused by name: which of the two was meant is not known."""
    repeated = sorted(k for k, v in arguments.lists() if len(v) > 1)
    if repeated:
        name = shown(repeated[0])
        raise InputError(
            f"more than one '{name}' parameter", nl=f"de parameter '{name}' staat er meer dan eens"
        )
