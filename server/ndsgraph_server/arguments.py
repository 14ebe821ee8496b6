"""A request's arguments as its address gives them: each at most once, as a form sends them,
and numbers as digits; a refusal names the argument, in the page's language on a page."""

import re

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


def only(arguments: MultiDict, known: tuple[str, ...]) -> None:
    """Each argument at most once (``once``), and one the page does not read is refused by
    name, never silently ignored (the leg-uit page once ignored ``year``: it reads ``jaar``).
    Every page reads ``lang``, the language switch."""
    once(arguments)
    known = (*known, "lang")
    unknown = sorted(set(arguments) - set(known))
    if unknown:
        name, names = shown(unknown[0]), ", ".join(known)
        raise InputError(
            f"this page has no parameter '{name}' (its parameters: {names})",
            nl=f"deze pagina heeft geen parameter '{name}' (haar parameters: {names})",
        )


def whole_number(name: str, given: str | None) -> int | None:
    """A page's size or start: ASCII digits (``str.isdigit`` also takes '²'), at most 2^63-1,
    the largest number SPARQL engines take in LIMIT and OFFSET."""
    if given is None:
        return None
    if not re.fullmatch(r"[0-9]+", given):
        value = shown(given)
        raise InputError(
            f"{name}: '{value}' is not a whole number of 0 or more (in digits 0-9)",
            nl=f"{name}: '{value}' is geen geheel getal van 0 of meer (in cijfers 0-9)",
        )
    if len(given.lstrip("0")) > 19 or int(given) >= 2**63:  # int() refuses 4,300 digits
        raise InputError(
            f"{name}: {given[:40]} is too large (at most {2**63 - 1})",
            nl=f"{name}: {given[:40]} is te groot (hoogstens {2**63 - 1})",
        )
    return int(given)
