"""The teams known from the Parent-Infant Foundation's 2023 survey (data/known_teams.csv),
each mapped to the councils it serves.

The survey names the area each team serves in its own words ("Essex – 3 ICBs", "NHS
Highland (North)"). Where that is not simply a list of councils, the row is marked
`ambiguous` and its notes say which councils are counted and which are not, so the
report can list every such reading instead of guessing silently.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from workforce.datafiles import data_dir
from workforce.errors import ReferenceDataError
from workforce.national.figures import UkFigures

COLUMNS = ("team", "areas_served", "nation", "ons_codes", "mapping", "notes", "source")
MAPPINGS = ("exact", "ambiguous")
#: Who is holding the baby? (Parent-Infant Foundation, June 2025): 43 of the 46 teams in
#: the network answered the 2023 survey, and there were 49 teams by publication (§2
#: "Methodology").
NETWORK_2023, NETWORK_2025 = 46, 49


@dataclass(frozen=True)
class KnownTeam:
    name: str
    areas_served: str  # as the survey gives it
    nation: str
    councils: tuple[str, ...]
    ambiguous: bool
    notes: str
    source: str


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
    return KnownTeam(row["team"].strip(), row["areas_served"].strip(), row["nation"], codes,
                     mapping == "ambiguous", row["notes"].strip(), row["source"].strip())


def survey_label(teams: list[KnownTeam]) -> str:
    """How the report names the list: the surveyed teams, never every team."""
    return (f"teams known from the 2023 survey ({len(teams)} of the {NETWORK_2023} then in "
            f"the network; {NETWORK_2025} by 2025)")


def team_shares(uk: UkFigures, teams: list[KnownTeam]) -> dict[str, float]:
    """Each council's share of the known teams: a team serving several councils is shared
    among them by their babies under two, so the shares add up to the number of teams."""
    shares: dict[str, float] = {}
    for team in teams:
        babies = sum(uk.councils[c].under_2 for c in team.councils)
        for code in team.councils:
            shares[code] = shares.get(code, 0.0) + uk.councils[code].under_2 / babies
    return shares
