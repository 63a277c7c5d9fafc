"""Parsers of plain cells (text, ids, whole numbers and numbers), each refusing what could
do harm downstream: a control character that would act in a terminal, an id that would be a
path, a number no database column holds."""

from __future__ import annotations

import re
from collections.abc import Callable

from workforce.store.people import control_character

#: A cell parser: the cell's text, the reference data and the ids known so far (unused here).
Parser = Callable[[str, object, object], object]


class Invalid(ValueError):
    """The cell's value is not allowed; the message says what is."""


def text(value: str, _ref: object, _known: object) -> str:
    found = control_character(value)
    if found:
        raise Invalid(f"contains a control character ({found}): use plain text on one line")
    return value.strip()


#: Ids name files (--split, --charts) and appear in commands: letters, digits, '-', '_' and
#: '.', never starting with '.', so that no id is a path, a hidden file or an option.
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def is_safe_id(value: str) -> bool:
    return SAFE_ID.fullmatch(value) is not None


def identifier(value: str, _ref: object, _known: object) -> str:
    cleaned = value.strip()
    if len(cleaned) > 64:
        raise Invalid("is too long for an id (64 characters at most)")
    if not is_safe_id(cleaned):
        raise Invalid("is not an id: use letters, digits, '-', '_' and '.', starting with a "
                      "letter, digit or '_'")
    return cleaned


def cycle_id(value: str, ref: object, known: object) -> str:
    """A placement cycle's name: an id, and when it is not one, what a cycle is called."""
    from workforce.io import cycles

    try:
        return identifier(value, ref, known)
    except Invalid as exc:
        if cycles.name_problem(value.strip()) is None:  # a well-formed name, too long
            raise
        raise Invalid("is not a cycle name: use YYYY-YY (e.g. 2026-27), or name it with "
                      "letters, digits, '-', '_' and '.' and give cycle_starts_on") from exc


#: The largest whole number a database column holds (a signed 64-bit integer): a storage
#: limit, not a domain figure.
STORED_INTEGER = 2**63 - 1


def integer(low: int | None = None, high: int | None = None) -> Parser:
    def parse(value: str, _ref: object, _known: object) -> int:
        cleaned = value.replace(",", "").strip()
        try:
            number = int(cleaned) if WHOLE.fullmatch(cleaned) else float(cleaned)
        except (ValueError, OverflowError):
            raise Invalid("is not a whole number") from None
        if isinstance(number, float) and not number.is_integer():
            raise Invalid("is not a whole number")
        if abs(number) > STORED_INTEGER:
            raise Invalid("is too large to be a plausible count")
        _in_range(number, low, high)
        return int(number)
    return parse


WHOLE = re.compile(r"[+-]?\d+")


def number(low: float | None = None, high: float | None = None) -> Parser:
    def parse(value: str, _ref: object, _known: object) -> float:
        try:
            result = float(value.replace(",", "").strip())
        except ValueError:
            raise Invalid("is not a number") from None
        if result != result or result in (float("inf"), float("-inf")):
            raise Invalid("is not a number")
        _in_range(result, low, high)
        return result
    return parse


def _in_range(value: float, low: float | None, high: float | None) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {low:g} and {high:g}" if low is not None and high is not None else (
            f"at least {low:g}" if low is not None else f"at most {high:g}")
        raise Invalid(f"is out of range: must be {bounds}")
