"""Numbers and moments as people write them in Dutch and in English: a decimal comma and a
thousands point in Dutch, the other way round in English; dates as ``ndsgraph.names.day``
writes them (30 november 2026), times in Dutch time. Four-digit numbers stay ungrouped (the Taalunie allows it), so a year reads
2026. The dashboard's script writes its chart values the same way."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from ndsgraph.names import day

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
SEPARATORS = {"nl": (".", ","), "en": (",", ".")}  # (thousands, decimal)
LOCALES = {"nl": "nl-NL", "en": "en-GB"}  # for the browser's Intl formatting
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")


def number(text: str, language: str) -> str:
    """A decimal number's text in the language's notation, digit for digit; anything that
    is not a plain decimal number is returned as it is."""
    if not _NUMBER.fullmatch(text):
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    group, point = SEPARATORS[language]
    whole, _, fraction = f"{abs(value):f}".partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", group)
    return ("-" if value < 0 else "") + whole + (point + fraction if fraction else "")


def percent(text: str, language: str) -> str:
    """A percentage: "66,7 %" in Dutch, "66.7%" in English."""
    return number(text, language) + (" %" if language == "nl" else "%")


def moment(text: str, language: str) -> str:
    """An xsd:date or xsd:dateTime as people read it ("31 december 2027", "30 november 2026
    14:35"), a time in Dutch time; any other text as it is."""
    if _DATE.fullmatch(text):
        return day(date.fromisoformat(text), language)
    if _TIME.fullmatch(text):
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        if when.tzinfo is not None:
            when = when.astimezone(LOCAL_TIME)
        return f"{moment(when.date().isoformat(), language)} {when:%H:%M}"
    return text


def readable(text: str, language: str) -> str:
    """A table cell as people read it: a number or a moment in the language's notation."""
    return number(text, language) if _NUMBER.fullmatch(text) else moment(text, language)
