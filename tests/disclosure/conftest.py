"""A small region made as a user makes one (the CLI's imports), with a fixed cell key
secret so that every run of the attacks sees the same noise."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from commands.cli import cli

SECRET = "5e" * 32
TEAM = ("{team},{name} Parent-Infant Service,{area},{name} NHS Trust,52.6,-1.9,2,90,0-2,yes,"
        "yes,no,yes,100")
TEAMS_HEAD = ("team_id,name,area_id,organisation,lat,lon,max_trainees,families_per_year,"
              "ages_served,antenatal_referrals,dyadic_work,diagnosis_required,indirect_work,"
              "professionals_reached_per_year")
STAFF_HEAD = ("staff_id,name,team_id,profession,role,band,fte,aimh_level,"
              "working_towards_level,supervisor,max_supervisees,qualified_on,team_shares")
#: Two areas of one team each. Lowfield's lead is the issue's case: one 0.6 FTE band-8c
#: clinical psychologist at AiMH level 3, recovered from one document before protection.
STAFF = [
    "P01,Ada Lowe,T1,clinical_psychologist,lead,8c,0.6,3,,yes,,2010-01-01,",
    "P02,Bea Lowe,T1,mental_health_nurse,practitioner,7,1,2,3,no,,2015-01-01,",
    "P03,Cal Lowe,T1,family_support_worker,support,4,0.8,1,2,no,,2020-01-01,",
    "P04,Dee Hill,T2,child_psychotherapist,lead,8b,1,3,,yes,,2008-01-01,",
    "P05,Eve Hill,T2,health_visitor,practitioner,7,0.5,2,,no,,2019-01-01,",
]
#: One person more, imported later: the over-time attack.
JOINER = "P06,Fay Lowe,T1,clinical_psychologist,clinician,8c,0.6,3,,no,,2012-01-01,"


def write(path, head: str, rows: list[str]) -> str:
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(runner, db: str, *args: str):
    result = runner.invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result


def make_region(runner, folder, staff: list[str]) -> str:
    """The two areas with these staff, in a database of their own under `folder`."""
    folder.mkdir(exist_ok=True)
    db = f"sqlite:///{folder / 'region.sqlite'}"
    run(runner, db, "init")
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE cell_key_secret SET secret = :s"), {"s": SECRET})
    engine.dispose()
    areas = write(folder / "areas.csv", "area_id,name,population,population_0_2,"
                  "births_per_year", ["Z1,Lowfield,2800000,,", "Z2,Hillside,2800000,,"])
    teams = write(folder / "teams.csv", TEAMS_HEAD,
                  [TEAM.format(team="T1", name="Lowfield", area="Z1"),
                   TEAM.format(team="T2", name="Hillside", area="Z2")])
    staff_file = write(folder / "staff.csv", STAFF_HEAD, staff)
    for table, path in (("areas", areas), ("teams", teams), ("staff", staff_file)):
        run(runner, db, "import", table, path)
    return db


@pytest.fixture
def region(runner, tmp_path) -> str:
    return make_region(runner, tmp_path, STAFF)


def figures(runner, db: str, *args: str) -> dict[tuple[str, str], dict]:
    """The bid report's JSON rows by (area, metric), as a script reads them."""
    rows = json.loads(run(runner, db, "report", "bid", *args, "--format", "json").output)
    return {(r["area_id"], r["metric"]): r for r in rows["metrics"]}
