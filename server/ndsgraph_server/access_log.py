"""The access log with control characters escaped: Granian logs the decoded path as it came,
so ``GET /register%0A[2026-…] "GET /forged" 200`` would write a second, forged line."""

import copy
import logging
import re

from granian.log import LOGGING_CONFIG

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escaped(text: str) -> str:
    """The text with each control character as its escape (a line break as \\n, others \\xNN)."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class EscapingFormatter(logging.Formatter):
    """Formats as Granian does, then escapes what a request could smuggle into the line."""

    def format(self, record: logging.LogRecord) -> str:
        return escaped(super().format(record))


def logging_config() -> dict:
    """Granian's logging configuration with the access lines escaped."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["access"]["()"] = f"{__name__}.EscapingFormatter"
    return config
