"""The database tables (SQLModel).

Each table has a `...Base` with the fields users import and export, and the table
class itself. The schema is created and upgraded by the Alembic migrations in
`workforce/migrations`, never by `create_all`.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AreaBase(SQLModel):
    area_id: str = Field(primary_key=True, max_length=64)
    name: str
    population: int | None = None
    population_0_2: int | None = None
    births_per_year: int | None = None
    #: High cost area supplement zone (inner_london, outer_london, fringe), None for none.
    pay_zone: str | None = Field(default=None, max_length=32)
    #: The ONS/GSS code of the council or ICB the area is (e.g. E08000003), which links it
    #: to the bundled UK figures.
    ons_code: str | None = Field(default=None, max_length=16, index=True)
    #: Where population figures filled in from the bundled UK figures come from.
    population_source: str | None = None


class Area(AreaBase, table=True):
    __tablename__ = "area"


class TeamBase(SQLModel):
    team_id: str = Field(primary_key=True, max_length=64)
    name: str
    area_id: str = Field(foreign_key="area.area_id", index=True)
    organisation: str = ""
    lat: float | None = None  # the location, needed only for placement travel distances
    lon: float | None = None
    max_trainees: int = 0
    families_per_year: int | None = None
    # Service elements of the team definition; None means not recorded (unknown).
    ages_served: str | None = Field(default=None, max_length=16)  # "0-2": years, from-to
    antenatal_referrals: bool | None = None
    dyadic_work: bool | None = None
    diagnosis_required: bool | None = None
    indirect_work: bool | None = None
    professionals_reached_per_year: int | None = None
    #: The population the team serves, when it is one of several in its area; None: an
    #: equal share of the area's.
    population_served: int | None = None
    # The team of data/known_teams.csv this team is, so a bid counts it once.
    known_team: str | None = Field(default=None, max_length=200)


class Team(TeamBase, table=True):
    __tablename__ = "team"


AGES = re.compile(r"^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$")


def age_range(text: str | None) -> tuple[int, int] | None:
    """A team's `ages_served`, 'from-to' in years ('0-2'), as a pair; None when not
    recorded or not in that form."""
    found = AGES.match(text or "")
    return (int(found[1]), int(found[2])) if found else None


class StaffBase(SQLModel):
    staff_id: str = Field(primary_key=True, max_length=64)
    name: str
    team_id: str = Field(foreign_key="team.team_id", index=True)
    profession: str
    role: str
    band: str = Field(max_length=32)  # an Agenda for Change band, a medical scale, non_nhs
    fte: float
    aimh_level: int = 0
    working_towards_level: int | None = None
    supervisor: bool = False
    max_supervisees: int | None = None
    qualified_on: dt.date | None = None
    # A post shared between teams: "T01:0.5;T02:0.3", the FTE in each team, adding up to
    # `fte`; None when the person works only in `team_id`.
    team_shares: str | None = None
    supervisor_trained_on: dt.date | None = None  # last attended supervisor training
    supervision_hours: float | None = None  # weekly hours for supervision (blank: from FTE)
    started_on: dt.date | None = None  # first day in the team, for the induction period
    annual_cost: float | None = None  # for pay with no national scale (non_nhs)


class Staff(StaffBase, table=True):
    __tablename__ = "staff"


def team_shares(text: str | None, team_id: str, fte: float) -> dict[str, float]:
    """A person's FTE in each team they work in: their `team_shares`, or all of their FTE
    in their own team."""
    if not text:
        return {team_id: fte}
    return {team: float(share) for team, share in
            (part.split(":") for part in text.split(";") if part)}


class AttainmentBase(SQLModel):
    staff_id: str = Field(foreign_key="staff.staff_id", index=True)
    competency_id: str = Field(max_length=16)
    level: int
    status: str = Field(max_length=16)  # achieved | working_towards
    evidenced_on: dt.date | None = None
    review_due: dt.date | None = None
    assessed_by: str | None = None


class Attainment(AttainmentBase, table=True):
    __tablename__ = "attainment"
    __table_args__ = (UniqueConstraint("staff_id", "competency_id", "level",
                                       name="uq_attainment_staff_competency_level"),)
    id: int | None = Field(default=None, primary_key=True)


class AttainmentSummary(SQLModel, table=True):
    """Per person and level: competencies achieved and the earliest review date among them.

    A row exists for every level a person has any attainment at (achieved or working
    towards), so a person with only working-towards rows still counts as itemised. Kept
    up to date by every import and recorded attainment, so that attained levels for a
    national workforce come from one small table instead of millions of attainment rows.
    """

    __tablename__ = "attainment_summary"
    staff_id: str = Field(foreign_key="staff.staff_id", primary_key=True)
    level: int = Field(primary_key=True)
    achieved: int
    earliest_review_due: dt.date | None = None


class InterventionTrainingBase(SQLModel):
    """A person trained to deliver an intervention (one of `interventions` in
    data/service_model.yaml)."""

    staff_id: str = Field(foreign_key="staff.staff_id", primary_key=True)
    intervention: str = Field(primary_key=True, max_length=64)
    trained_on: dt.date | None = None


class InterventionTraining(InterventionTrainingBase, table=True):
    __tablename__ = "intervention_training"


class EstablishmentBase(SQLModel):
    """A team's funded establishment at one band: posts and FTE."""

    team_id: str = Field(foreign_key="team.team_id", primary_key=True)
    band: str = Field(primary_key=True, max_length=4)
    posts: int
    fte: float


class Establishment(EstablishmentBase, table=True):
    __tablename__ = "establishment"


class PlacementCycle(SQLModel, table=True):
    __tablename__ = "placement_cycle"
    cycle_id: str = Field(primary_key=True, max_length=32)
    starts_on: dt.date


class TraineeBase(SQLModel):
    trainee_id: str = Field(primary_key=True, max_length=64)
    name: str
    programme: str
    year: int = 1
    cycle_id: str = Field(foreign_key="placement_cycle.cycle_id", index=True)
    lat: float
    lon: float
    max_travel_km: float
    course_requires_placement: bool | None = None  # yes breaks ties in the team-side priority
    employing_team: str | None = None  # employed by this team and trained in it
    starts_on: dt.date | None = None  # placement's first day (blank: the programme default)
    ends_on: dt.date | None = None  # placement's last day (blank: the programme default)


class Trainee(TraineeBase, table=True):
    __tablename__ = "trainee"


class TraineePreference(SQLModel, table=True):
    """A team the trainee ranked; rank 1 is their first choice."""

    __tablename__ = "trainee_preference"
    trainee_id: str = Field(foreign_key="trainee.trainee_id", primary_key=True)
    team_id: str = Field(foreign_key="team.team_id", primary_key=True)
    rank: int


class TraineeExclusion(SQLModel, table=True):
    """A team the trainee must not be placed in."""

    __tablename__ = "trainee_exclusion"
    trainee_id: str = Field(foreign_key="trainee.trainee_id", primary_key=True)
    team_id: str = Field(foreign_key="team.team_id", primary_key=True)


class Plan(SQLModel, table=True):
    """A saved placement plan, with the solver settings that reproduce it."""

    __tablename__ = "plan"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=128)
    cycle_id: str = Field(foreign_key="placement_cycle.cycle_id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    status: str = Field(max_length=16)  # optimal | feasible | infeasible
    solver: str = ""
    solver_version: str = ""
    seed: int = 0
    workers: int = 1
    time_limit: float | None = None
    seconds: float = 0.0
    strict_preferences: bool = False
    placed: int = 0
    upper_bound: int = 0
    preference_cost: int = 0
    settings: str = "{}"  # JSON: every other option the plan was made with
    lottery_seed: int = 0  # seeds the team-side priority's last tie-break


class PlanAssignment(SQLModel, table=True):
    __tablename__ = "plan_assignment"
    plan_id: int = Field(foreign_key="plan.id", primary_key=True)
    trainee_id: str = Field(foreign_key="trainee.trainee_id", primary_key=True)
    team_id: str = Field(foreign_key="team.team_id")
    supervisor_id: str | None = Field(default=None, foreign_key="staff.staff_id")  # None: erased
    preference_rank: int | None = None
    pinned: bool = False


class ChangeLog(SQLModel, table=True):
    """Append-only record of every change: imports, recorded attainments, saved plans."""

    __tablename__ = "change_log"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str
    subject: str
    #: The table the entry is about: on PostgreSQL a role reads only entries about tables it
    #: may read (row-level security), as it reads only their rows in `change_row`.
    about: str = Field(default="", max_length=32)
    detail: str = "{}"  # JSON
    os_user: str = ""  # the operating-system account that ran the command
    db_user: str = ""  # the database role (PostgreSQL); empty for SQLite, which has none


class ChangeRow(SQLModel, table=True):
    """One row an entry of the change log changed: its fields' values before and after.

    Carries the person and team the row belongs to, so `workforce log --staff/--team`
    finds it, and so that erasing a person removes their rows' old values too.
    """

    __tablename__ = "change_row"
    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="change_log.id", index=True)
    table_name: str = Field(max_length=32)
    row_key: str
    staff_id: str | None = Field(default=None, index=True)
    trainee_id: str | None = Field(default=None, index=True)
    team_id: str | None = Field(default=None, index=True)
    changes: str = "{}"  # JSON: {field: [before, after]}


class CopyRecord(SQLModel, table=True):
    """A file the tool wrote that holds personal data (a backup, an export), so that an
    erasure can say which copies made before it still hold the person."""

    __tablename__ = "copy_record"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=16)  # backup | export
    what: str = Field(max_length=32)  # the table exported, or "database"
    path: str
    os_user: str = ""


class CellKeySecret(SQLModel, table=True):
    """The database's secret for the record keys of published reports' cell key noise.
    Made once, with the table; readable by the owner only, never published or exported."""

    __tablename__ = "cell_key_secret"
    id: int | None = Field(default=None, primary_key=True)
    secret: str = Field(max_length=64)  # hex


class PublishedReport(SQLModel, table=True):
    """A protected report as published: the one thing a reporter's role may read. Its
    payload is the report's JSON (one row per figure, never one per person)."""

    __tablename__ = "published_report"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=128)
    kind: str = Field(max_length=32)  # bid
    published_at: dt.datetime = Field(default_factory=utcnow)
    published_by: str = ""
    payload: str = "{}"  # JSON
