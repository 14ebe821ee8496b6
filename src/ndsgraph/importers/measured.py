"""What the importers of measured sources (internet.nl, the API register) share in checking
what they are sent."""

from datetime import UTC, date, datetime, timedelta

import pyoxigraph as ox

from ndsgraph.errors import InputError, shown
from ndsgraph.vocabulary import XSD

SHOWN = 40  # characters of a wrong scalar a message repeats


def described(value: object) -> str:
    """A parsed JSON value as an error message names it: its JSON type and, for a scalar, at
    most ``SHOWN`` characters of it. Never the whole of an array or object, which can nest a
    thousand deep (describing it must not recurse) or be megabytes long."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, str):
        return f"a string ('{shown(value, SHOWN)}')"
    return f"a number ({shown(str(value), SHOWN)})"


def measurement_day(day: date, where: str) -> date:
    """``day``, unless it is later than tomorrow (today somewhere on earth): a measurement
    dated in the future would stay the latest, its verdict pinned, until that day."""
    if day > date.today() + timedelta(days=1):
        raise InputError(
            f"{where}: {day.isoformat()} is in the future (a measurement is dated when it was made)"
        )
    return day


def moment(when: datetime) -> ox.Literal:
    """A batch's moment (``ndsg:measuredAt``) as an xsd:dateTime in UTC: of two measurements
    of one subject and standard the later moment is the latest, however many a day has."""
    utc = when.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return ox.Literal(utc, datatype=XSD.dateTime)
