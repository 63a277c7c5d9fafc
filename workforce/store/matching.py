"""Find a person in stored values by structure, not by text: their name as a whole value
(whatever its case or spacing), or their id, inside parsed JSON; never a piece of another
value. Values that only resemble the name are near matches, for the operator to judge.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

ERASED = "(erased)"
#: How alike a value must be to the name to be listed as a near match (difflib ratio).
NEAR = 0.85


def normal(value: str) -> str:
    """A value as compared: Unicode-normalised, case-folded, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def search_token(name: str) -> str | None:
    """The longest run of ASCII letters and digits in the name, which any stored encoding
    of the name keeps as it is (JSON escapes only quotes, backslashes and other characters),
    so a database can narrow its rows by it; None when there is none worth using."""
    runs = re.findall(r"[a-z0-9]+", normal(name))
    longest = max(runs, key=len, default="")
    return longest if len(longest) >= 3 else None


@dataclass
class Person:
    """The person being erased, and what was found of them."""

    name: str
    person_id: str
    own_key: str  # the key naming a row as theirs: staff_id or trainee_id
    near: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._name = normal(self.name)
        self._words = self._name.split()

    def is_name(self, value: str) -> bool:
        return normal(value) == self._name

    def is_near(self, value: str) -> bool:
        """The name inside a longer value as whole words, or a value spelt much like it."""
        words = normal(value).split()
        size = len(self._words)
        inside = any(words[i:i + size] == self._words for i in range(len(words) - size + 1))
        return inside or difflib.SequenceMatcher(None, normal(value), self._name).ratio() >= NEAR

    def text(self, value: str | None, where: str) -> str | None:
        """A free-text value with the person's name replaced if it is the whole value."""
        if value is None:
            return None
        if self.is_name(value):
            return ERASED
        if self.is_near(value):
            self.near.append(f"{where}: {value!r}")
        return value

    def scrub(self, value: Any, where: str) -> Any:
        """A parsed JSON value without the person: their name or id as a value becomes
        (erased), an object that is theirs keeps only its erased key, and a key that is
        their id goes with its value."""
        if isinstance(value, str):
            return ERASED if value == self.person_id else self.text(value, where)
        if isinstance(value, list):
            return [self.scrub(v, where) for v in value]
        if isinstance(value, dict):
            if value.get(self.own_key) == self.person_id:
                return {self.own_key: ERASED}
            return {k: self.scrub(v, f"{where}.{k}") for k, v in value.items()
                    if k != self.person_id}
        return value

    def scrub_changes(self, changes: dict, where: str) -> dict:
        """A change row's fields: another person's or team's own `name` is theirs, and kept
        even when it is the same as the erased person's."""
        return {k: v if k == "name" else self.scrub(v, f"{where}.{k}")
                for k, v in changes.items()}
