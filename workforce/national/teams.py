"""The teams known from the Parent-Infant Foundation's 2023 survey and the other sources
that name a team with its place (data/known_teams.csv), each mapped to the councils it
serves, with the families it sees a year where a source gives them.

The survey names the area each team serves in its own words ("Essex – 3 ICBs", "NHS
Highland (North)"). Where that is not simply a list of councils, the row is marked
`ambiguous` and its notes say which councils are counted and which are not, so the
report can list every such reading instead of guessing silently.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workforce.errors import ReferenceDataError
from workforce.national.figures import UkFigures
from workforce.reference.files import data_dir
from workforce.reference.national_context import NationalContext

COLUMNS = ("team", "areas_served", "nation", "ons_codes", "mapping", "notes", "source")
MAPPINGS = ("exact", "ambiguous")
#: How the survey's own teams are cited: the other rows come from other sources.
SURVEY = "Annex 2"


@dataclass(frozen=True)
class KnownTeam:
    name: str
    areas_served: str  # as the survey gives it
    nation: str
    councils: tuple[str, ...]
    ambiguous: bool
    notes: str
    source: str
    families_per_year: int | None = None  # where a source gives it, or the user's teams do
    families_source: str = ""

    @property
    def surveyed(self) -> bool:
        return SURVEY in self.source


def known_teams_path() -> Path:
    return data_dir() / "known_teams.csv"


def load_known_teams(uk: UkFigures, path: Path | None = None) -> list[KnownTeam]:
    """The surveyed teams, each checked against the councils of `uk`."""
    path = path or known_teams_path()
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ReferenceDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
            teams = [_team(path.name, number, row, uk)
                     for number, row in enumerate(reader, start=2)]
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot read: {exc}") from None
    names = [(t.name, t.areas_served) for t in teams]
    if len(set(names)) != len(names):
        raise ReferenceDataError(f"{path.name}: a team and area appear twice")
    return teams


def _team(file: str, number: int, row: dict[str, str], uk: UkFigures) -> KnownTeam:
    def problem(field: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{file} row {number}, field '{field}': {message}")

    codes = tuple(c.strip() for c in row["ons_codes"].split(";") if c.strip())
    if not codes:
        raise problem("ons_codes", "is empty: list the council codes the team serves")
    for code in codes:
        if code not in uk.councils:
            raise problem("ons_codes", f"{code!r} is not a council of the bundled UK figures")
        if uk.councils[code].nation != row["nation"]:
            raise problem("ons_codes", f"{code} is in {uk.councils[code].nation}, "
                                       f"not {row['nation']}")
    if len(set(codes)) != len(codes):
        raise problem("ons_codes", "lists a council twice")
    mapping = row["mapping"].strip()
    if mapping not in MAPPINGS:
        raise problem("mapping", f"{mapping!r} is not exact or ambiguous")
    if mapping == "ambiguous" and not row["notes"].strip():
        raise problem("notes", "is empty: an ambiguous mapping must say how it was read")
    families = (row.get("families_per_year") or "").strip()
    if families and not families.isdigit():
        raise problem("families_per_year", f"{families!r} is not a whole number")
    if families and not (row.get("families_source") or "").strip():
        raise problem("families_source", "is empty: say which source gives the families")
    return KnownTeam(row["team"].strip(), row["areas_served"].strip(), row["nation"], codes,
                     mapping == "ambiguous", row["notes"].strip(), row["source"].strip(),
                     int(families) if families else None,
                     (row.get("families_source") or "").strip())


def survey_label(teams: list[KnownTeam], context: NationalContext) -> str:
    """How the report names the list: the surveyed teams, never every team. The network's
    size then and now comes from the national context (data/national_context.yaml)."""
    network = {f.metric: f.value for f in context.figures}
    surveyed = sum(1 for t in teams if t.surveyed)
    others = len(teams) - surveyed
    return (f"teams known from the 2023 survey ({surveyed} of the {network['teams_2023']} "
            f"then in the network; {network['teams_2025']} by 2025)"
            + (f" and {others} more named by other sources" if others else ""))


def teams_in(teams: list[KnownTeam], councils: set[str]) -> list[KnownTeam]:
    """The teams working in any of `councils`."""
    return [t for t in teams if councils & set(t.councils)]


def database_teams(engine, uk: UkFigures) -> list[KnownTeam]:
    """The user's own teams whose area has an ONS code, each serving that council or the
    councils of that ICB."""
    from sqlalchemy import select
    from sqlmodel import Session

    from workforce.store.models import Area, Team

    with Session(engine) as session:
        rows = session.execute(
            select(Team.name, Team.team_id, Team.families_per_year, Area.name, Area.ons_code)
            .join(Area, Team.area_id == Area.area_id).where(Area.ons_code.is_not(None))
            .order_by(Team.team_id)).all()
    teams = []
    for name, team_id, families, area, code in rows:
        place = uk.icbs.get(code) or uk.councils.get(code)
        if place is None:
            raise ReferenceDataError(f"area {area!r} has ons_code {code}, which the bundled UK "
                                     f"figures no longer hold: correct it and import the area "
                                     f"again")
        councils = tuple(c for c, _ in place.parts) if place.level == "icb" else (code,)
        teams.append(KnownTeam(f"{name} ({team_id})", f"{area} ({code})", place.nation,
                               councils, False, "", "your database", families))
    return teams


def combine(survey: list[KnownTeam], database: list[KnownTeam], which: str,
            context: NationalContext) -> tuple[list[KnownTeam], str]:
    """The teams the report counts, and how it names them: the survey's, the database's, or
    the survey's with the database's added."""
    label = {"survey": survey_label(survey, context),
             "database": f"your own {len(database)} teams (areas with an ONS code in the "
                         f"database), in place of the 2023 survey's",
             "both": f"{survey_label(survey, context)}, with your own {len(database)} teams (areas "
                     f"with an ONS code in the database) added"}[which]
    chosen = {"survey": survey, "database": database, "both": [*survey, *database]}[which]
    return chosen, label


def shared_by_babies(uk: UkFigures, teams: list[KnownTeam],
                     amount: Callable[[KnownTeam], float]) -> dict[str, float]:
    """Each team's `amount` (1 for the team itself, or its families a year) shared among
    the councils it serves by their babies under two, so the shares add up to the total."""
    shares: dict[str, float] = {}
    for team in teams:
        babies = sum(uk.councils[c].under_2 for c in team.councils)
        for code in team.councils:
            shares[code] = (shares.get(code, 0.0)
                            + amount(team) * uk.councils[code].under_2 / babies)
    return shares
