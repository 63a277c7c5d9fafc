"""Everyday mistakes are refused with exit code 2 and leave the database as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest
from sqlmodel import Session

from commands.cli import cli
from workforce.errors import UserError
from workforce.store.db import get_engine
from workforce.store.models import PlacementCycle
from workforce.store.overview import current_cycle


def snapshot(url: str) -> dict:
    """Every row of every table of an SQLite database."""
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_pin_of_a_trainee_who_does_not_exist_says_so(runner, sample_copy):
    saved = runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save", "p1"])
    assert saved.exit_code == 0, saved.output
    before = snapshot(sample_copy)
    result = runner.invoke(cli, ["--db", sample_copy, "placements", "pin", "p1", "R99"])
    assert result.exit_code == 2
    assert result.output == "Error: no trainee R99\n"
    assert snapshot(sample_copy) == before


@pytest.mark.parametrize("today, cycle", [(dt.date(2026, 11, 23), "2026-27"),
                                          (dt.date(2026, 8, 31), "2025-26"),
                                          (dt.date(2027, 8, 31), "2026-27"),
                                          (dt.date(2025, 1, 1), "2025-26"),
                                          (dt.date(2027, 9, 1), None)])
def test_the_default_cycle_is_the_one_containing_today(sample_engine, today, cycle):
    with Session(sample_engine) as session:
        assert current_cycle(session, today) == cycle


def test_two_cycles_containing_today_must_be_chosen_between(sample_copy):
    engine = get_engine(sample_copy)
    with Session(engine) as session:
        session.add(PlacementCycle(cycle_id="spring", starts_on=dt.date(2026, 10, 1)))
        session.commit()
        with pytest.raises(UserError, match=r"2 placement cycles contain today \(2026-11-23\): "
                                            r"2026-27, spring; choose one with --cycle"):
            current_cycle(session, dt.date(2026, 11, 23))
