"""`workforce placements ...`: plan trainee placements under supervision capacity."""

from __future__ import annotations

import click


@click.group()
def placements() -> None:
    """Place this cycle's trainees with supervisors who can take them, and explain why."""


COMMANDS = [placements]
