"""`workforce report ...`: the funding-bid report."""

from __future__ import annotations

import click


@click.group()
def report() -> None:
    """Reports for funding bids: need, coverage, staffing and cost gap, pipeline."""


COMMANDS = [report]
