"""What is already there: the teams working in a place, from the database and from the
sources that name them, each counted once, with what is known of their staffing and the
families they see, and the audit's verdict on the teams the database holds.

A known team whose staff are not in the database leaves its FTE in post unknown, so the
staffing gap is an upper bound; the families it sees are estimated from what the sources
say teams see, and labelled as an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.disclosure.metrics import Metric
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class KnownHere:
    """A team a source names as working in the place, not held in the database."""

    name: str
    serves: str  # the area it serves, as the source gives it
    source: str
    note: str = ""  # how its area was read, where that needed reading
    families_per_year: int | None = None  # where a source gives it
    families_source: str = ""
    #: The share of the team's babies under two that live in the place: a team serving
    #: a wider area sees only part of its families here.
    share: float = 1.0


@dataclass(frozen=True)
class Verdict:
    """A database team against the PAIR team definition (the competency audit)."""

    team: str
    meets: bool
    words: str


@dataclass(frozen=True)
class TeamsNow:
    in_database: int
    known: tuple[KnownHere, ...]  # named by the sources and not in the database
    verdicts: tuple[Verdict, ...] = ()

    @property
    def total(self) -> int:
        return self.in_database + len(self.known)

    @property
    def staffing_unknown(self) -> bool:
        return bool(self.known)

    def families_estimate(self, ref: ReferenceData) -> tuple[float, float] | None:
        """Families a year the known teams see, low and high: a source's own figure for a
        team where it gives one, else a surveyed team's share of what UK teams see."""
        if not self.known:
            return None
        c = ref.service.coverage
        given = sum(t.families_per_year * t.share for t in self.known
                    if t.families_per_year is not None)
        others = sum(t.share for t in self.known if t.families_per_year is None)
        return (given + others * c.families_seen_low / c.teams_reporting,
                given + others * c.families_seen_high / c.teams_reporting)


def names(teams: tuple[KnownHere, ...]) -> str:
    return "; ".join(t.name for t in teams)


def teams_now_metrics(now: TeamsNow) -> list[Metric]:
    """Teams now, split by where they are known from, every known team by name, and the
    audit's verdicts on the database's teams."""
    meeting = sum(1 for v in now.verdicts if v.meets)
    out = [
        Metric("teams", "teams_now", "Parent-infant teams now", now.total, "teams",
               "teams in the database plus the teams the sources name here, each once"
               + (f": {names(now.known)}" if now.known else "")),
        Metric("teams", "teams_in_database", "Teams in the database", now.in_database, "teams",
               "teams of the area in the database"),
        Metric("teams", "teams_known", "Teams named by the sources, not in the database",
               len(now.known), "teams",
               "staffing not in the database: FTE in post unknown" if now.known else
               "no source names a team here that the database does not hold"),
        Metric("teams", "teams_meeting_definition",
               "Teams meeting the PAIR team definition (database teams, audited)",
               meeting if now.in_database else None, "teams",
               "; ".join(f"{v.team}: {v.words}" for v in now.verdicts) if now.verdicts else
               "n/a: no team here is in the database, so none could be audited"),
    ]
    out += [Metric("teams", f"known_team_{i}", f"Known team: {t.name}", 1, "team",
                   f"serves {t.serves}" + (f" ({t.note})" if t.note else "")
                   + "; its staffing is not in the database", t.source)
            for i, t in enumerate(now.known, 1)]
    return out


def coverage_estimate_metrics(ref: ReferenceData, now: TeamsNow, seen: int | None,
                              benefiting: float) -> list[Metric]:
    """Coverage with the known teams' families estimated, as a labelled range."""
    estimate = now.families_estimate(ref)
    if estimate is None or not benefiting:
        return []
    c = ref.service.coverage
    basis = (f"ESTIMATE: the known teams' families a year, where no source gives a team's own "
             f"figure {c.families_seen_low:,}-{c.families_seen_high:,} families over the "
             f"{c.teams_reporting} teams that reported, each team's shared by the babies under "
             f"two of the area it serves"
             + (f", plus the {seen:,} your teams record" if seen else ""))
    return [Metric("coverage", f"coverage_estimate_{end}_pct",
                   f"Coverage of need with the known teams (estimate, {end})",
                   round(100 * ((seen or 0) + value) / benefiting, 1), "%",
                   basis + " / babies who would benefit", c.teams_reporting_source)
            for end, value in zip(("low", "high"), estimate, strict=True)]
