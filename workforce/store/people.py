"""Look a person up by id, for commands that act on one person (pin, erase)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import NotFound
from workforce.store.models import Staff, Trainee

KINDS = {"staff": Staff, "trainee": Trainee}


def person_name(engine: Engine, kind: str, person_id: str) -> str:
    """The person's name; refuse an id that names no one ('no trainee R99')."""
    with Session(engine) as session:
        person = session.get(KINDS[kind], person_id)
        if person is None:
            raise NotFound(f"no {kind} {person_id}")
        return person.name
