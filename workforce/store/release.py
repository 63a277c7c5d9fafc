"""Published reports: a protected report written once by the database's owner into the one
table a reporter's role may read, and read back from it; and the secret behind the
record keys that protect them (workforce.disclosure.cellkey).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import NotFound, UserError
from workforce.store.changelog import actor, log_change
from workforce.store.models import CellKeySecret, PublishedReport


@dataclass(frozen=True)
class Release:
    name: str
    kind: str
    published_at: str
    published_by: str
    payload: dict


def cell_key_secret(engine: Engine) -> bytes:
    """The database's secret, made on first use if a restore or a hand-made table lost it."""
    with Session(engine) as session:
        row = session.scalar(select(CellKeySecret).order_by(CellKeySecret.id))
        if row is None:
            row = CellKeySecret(secret=secrets.token_hex(32))
            session.add(row)
            session.commit()
        return bytes.fromhex(row.secret)


def publish(engine: Engine, name: str, kind: str, payload: dict) -> Release:
    """Store a protected report under `name`, once: a published name is never reused, so
    a reader always knows what they are reading."""
    with Session(engine) as session:
        if session.scalar(select(PublishedReport.id).where(PublishedReport.name == name)):
            raise UserError(f"a report named {name!r} is already published: choose another "
                            f"name (published reports are never replaced)")
        row = PublishedReport(name=name, kind=kind, published_by=actor(),
                              payload=json.dumps(payload, ensure_ascii=False))
        session.add(row)
        log_change(session, "publish", name, "published_report", {"kind": kind,
                                              "areas": payload.get("report", {}).get("areas")})
        session.commit()
        return _release(row)


def read_release(engine: Engine, name: str) -> Release:
    with Session(engine) as session:
        row = session.scalar(select(PublishedReport).where(PublishedReport.name == name))
        if row is None:
            names = session.scalars(select(PublishedReport.name)
                                    .order_by(PublishedReport.published_at)).all()
            raise NotFound(f"no published report {name!r} (published: "
                           f"{', '.join(names) or 'none yet: see `workforce report publish`'})")
        return _release(row)


def releases(engine: Engine) -> list[Release]:
    with Session(engine) as session:
        return [_release(r) for r in session.scalars(
            select(PublishedReport).order_by(PublishedReport.published_at))]


def _release(row: PublishedReport) -> Release:
    return Release(row.name, row.kind, row.published_at.isoformat(timespec="seconds"),
                   row.published_by, json.loads(row.payload))
