"""Look a person up by id, for commands that act on one person (pin, erase)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import NotFound
from workforce.models import Staff, Trainee

KINDS = {"staff": Staff, "trainee": Trainee}


def require_person(engine: Engine, kind: str, person_id: str) -> None:
    """Refuse an id that names no one: 'no trainee R99'."""
    with Session(engine) as session:
        if session.get(KINDS[kind], person_id) is None:
            raise NotFound(f"no {kind} {person_id}")
