"""Exceptions the domain raises; the command layer turns each into a one-line error.

`UserError` and its subclasses are mistakes in what the user asked for or gave
us (exit code 2); `CannotDo` means the request was fine but the work could not
be done, e.g. an infeasible plan (exit code 1).
"""

from __future__ import annotations

from dataclasses import dataclass


class WorkforceError(Exception):
    """Base of every error the domain raises on purpose."""

    exit_code = 1


class UserError(WorkforceError):
    """Bad usage or bad input: the user can fix it."""

    exit_code = 2


class NotFound(UserError):
    """A named thing (team, area, plan, person) is not in the database."""


class ReferenceDataError(UserError):
    """A reference data file (data/*.yaml) is missing or invalid."""


class CannotDo(WorkforceError):
    """The request was valid but the work could not be done."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell of an input file."""

    file: str
    row: int | None
    field: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        if self.value is None or self.value == "":
            return f"{where}: {self.message}"
        return f"{where}: {self.value!r} {self.message}"


class InvalidInput(UserError):
    """An input file has problems; nothing was written. Lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0]) if problems else "invalid input"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more)
