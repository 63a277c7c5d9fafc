"""A published bid report's protection, applied to what the report is worked out from: the
figures about people (the gap report's FTE and counts, the plan's trainees and the
supervision places left) get cell key noise before any gap, cost or total is worked out,
so every figure the report prints follows from protected ones and none from true ones.

The level-3 projection starts from each person's band and level: it and what it yields
(the year the gap closes, the cumulative shortfall) are withheld from a protected report.
So are the counts of teams that turn on a lead's level (in an area of one team, that
lead's level), and the audit's verdicts name only the definition's rules about the service.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlalchemy.engine import Engine

from workforce.competencies.gaps import AreaGap, TeamGap
from workforce.competencies.rules import verdict_text
from workforce.disclosure.cellkey import CellKeys
from workforce.disclosure.metrics import Metric
from workforce.reference import ReferenceData
from workforce.reports.pipeline import Pipeline
from workforce.store.release import cell_key_secret


def cell_keys(engine: Engine, ref: ReferenceData) -> CellKeys:
    """The database's record keys and the noise rules of data/disclosure.yaml."""
    return CellKeys(cell_key_secret(engine), ref.disclosure)


def protect_gap(gap: AreaGap, keys: CellKeys) -> AreaGap:
    """The area's figures about people with their noise. The area's FTE is a figure of
    its own (about all its staff), not the sum of its bands' protected FTE, whose noises
    could cancel out. Pay a staff row gives itself (no national scale) is one person's
    pay: withheld, so those staff are left uncosted."""
    ids = gap.records

    def fte(value: float, cell: str) -> float:
        return keys.fte(value, "staff", ids.get(cell, ()))

    def count(value: int, cell: str) -> int:
        return keys.count(value, "staff", ids.get(cell, ()))

    by_band = {band: fte(v, f"band_{band}") for band, v in gap.fte_by_band.items()}
    return replace(gap, fte_by_band=by_band, fte=fte(gap.fte, "staff"),
                   level_3_fte=fte(gap.level_3_fte, "level_3"),
                   level_3_senior_fte=fte(gap.level_3_senior_fte, "level_3_senior"),
                   below_level_2=count(gap.below_level_2, "below_level_2"),
                   below_level_2_fte=fte(gap.below_level_2_fte, "below_level_2"),
                   not_working_towards_level_3=count(gap.not_working_towards_level_3,
                                                     "not_working_towards_level_3"),
                   own_pay_by_band=None)


def protect_pipeline(pipeline: Pipeline, keys: CellKeys) -> Pipeline:
    """Trainees placed by area and programme, and in all, and supervision places left by
    area, with their noise (each a figure of its own: an area's trainees in all are not
    the sum of the protected counts by programme, whose noises could cancel out)."""
    placed = Counter({cell: keys.count(n, "trainee", pipeline.trainees[cell])
                      for cell, n in pipeline.placed.items()})
    everyone: dict[str, list[str]] = {}
    for (area, _), ids in pipeline.trainees.items():
        everyone.setdefault(area, []).extend(ids)
    in_all = Counter({area: keys.count(len(ids), "trainee", ids)
                      for area, ids in everyone.items()})
    left = Counter({area: keys.count(n, "staff", pipeline.supervisors.get(area, ()))
                    for area, n in pipeline.supervision_left.items()})
    return replace(pipeline, placed=placed, placed_in_all=in_all, supervision_left=left)


#: Counts of teams that turn on people's AiMH levels, and why each is withheld. Cell key
#: noise shows 0 as 0, so in an area of one team a noisy count would still be its lead's
#: yes or no.
BY_LEVEL = {
    "teams_without_level_3_lead": "withheld: it is each team's lead's AiMH level, one "
                                  "person's level where an area has one team",
    "teams_meeting_definition": "withheld: it turns on each team's lead's and clinicians' "
                                "AiMH levels; the verdicts name only the rules about the "
                                "service, those on staff's levels withheld",
}


def as_published(metrics: list[Metric]) -> list[Metric]:
    """The figures about people marked as carrying noise, for the reader, and the counts of
    teams by their staff's levels withheld (a count of no audited team stays n/a)."""
    return [replace(m, value=None, suppressed=True,
                    assumption=f"{BY_LEVEL[m.metric]}: {m.assumption}")
            if m.metric in BY_LEVEL and m.value is not None else
            replace(m, perturbed=True) if m.people is not None else m for m in metrics]


def service_verdict(team: TeamGap, ref: ReferenceData) -> tuple[bool, str]:
    """Whether the team meets the team definition's rules about the service, and in words
    naming the ones it fails: the rules on staff's AiMH levels are left out."""
    personal = set(ref.disclosure.personal_rules)
    unmet = [r for r in team.unmet if r not in personal]
    unknown = [r for r in team.unknown if r not in personal]
    rules = ref.service.definition.rules
    if unmet:
        return False, verdict_text(False, min(rules[r].severity for r in unmet), unknown,
                                   ref, unmet)
    return True, "meets the rules about the service" + (" on what is known" if unknown else "")
