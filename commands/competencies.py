"""`workforce competencies ...`: audit AiMH levels, gap reports and progression paths."""

from __future__ import annotations

import click


@click.group()
def competencies() -> None:
    """Audit AiMH competencies: who holds which level, where teams fall short, what is next."""


COMMANDS = [competencies]
