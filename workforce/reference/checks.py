"""Small helpers for validating reference data read from YAML, with errors that name the place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from workforce.errors import ReferenceDataError


class Checker:
    """Reads typed values out of parsed YAML, raising one clear error naming file and key."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.path}: {where}: {message}")

    def get(self, mapping: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if not isinstance(mapping, dict):
            raise self.fail(where, "expected a mapping")
        if key not in mapping:
            raise self.fail(where, f"missing '{key}'")
        value = mapping[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, bool) and kind is not bool:
            raise self.fail(f"{where}.{key}", f"expected {_name(kind)}, got {value!r}")
        if not isinstance(value, kind):
            raise self.fail(f"{where}.{key}", f"expected {_name(kind)}, got {value!r}")
        return value

    def fraction(self, mapping: Any, key: str, where: str) -> float:
        value = self.get(mapping, key, float, where)
        if not 0 <= value <= 1:
            raise self.fail(f"{where}.{key}", f"expected a fraction between 0 and 1, got {value}")
        return value

    def positive(self, mapping: Any, key: str, kind: type, where: str) -> Any:
        value = self.get(mapping, key, kind, where)
        if value <= 0:
            raise self.fail(f"{where}.{key}", f"expected a positive number, got {value}")
        return value

    def pay_range(self, mapping: Any, where: str) -> tuple[int, int]:
        """A pay scale's yearly `min` and `max`: positive whole pounds, max not below min."""
        low = self.positive(mapping, "min", int, where)
        high = self.positive(mapping, "max", int, where)
        if high < low:
            raise self.fail(where, f"max pay {high} is below min pay {low}")
        return low, high


def _name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(k.__name__ for k in kind)
    return {"str": "text", "int": "a whole number", "float": "a number", "list": "a list",
            "dict": "a mapping", "bool": "true or false"}.get(kind.__name__, kind.__name__)


def date_text(value: object) -> str:
    """A YAML date (parsed or not) as ISO text; '' when absent."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
