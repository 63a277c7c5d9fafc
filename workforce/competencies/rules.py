"""The PAIR team standard's rules, each one named function over a team's members.

Thresholds come from `team_rules` in data/service_model.yaml, so a region with a
different standard edits that file. Each rule returns what it found, so reports can
name the rule and the people behind an unmet one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workforce.competencies.graph import Person
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class RuleResult:
    rule: str
    met: bool
    detail: str
    staff: list[str] = field(default_factory=list)


Rule = Callable[[list[Person], ReferenceData], RuleResult]
RULES: dict[str, Rule] = {}


def rule(func: Rule) -> Rule:
    RULES[func.__name__] = func
    return func


def below_floor(members: list[Person], ref: ReferenceData) -> list[Person]:
    floor = ref.service.rules.clinical_min_level
    return [p for p in members if p.clinical and p.attained_level < floor]


def not_working_towards(members: list[Person], ref: ReferenceData) -> list[Person]:
    target = ref.service.rules.clinical_working_towards_level
    return [p for p in members if p.clinical and p.attained_level < target
            and (p.working_towards_level or 0) < target]


def qualifying_leads(members: list[Person], ref: ReferenceData) -> list[Person]:
    rules = ref.service.rules
    return [p for p in members if p.role in rules.lead_roles
            and ref.bands.at_least(p.band, rules.lead_min_band)
            and p.attained_level >= rules.lead_level]


@rule
def clinical_staff_at_level_2(members: list[Person], ref: ReferenceData) -> RuleResult:
    """Every clinical member has attained the level floor (level 2)."""
    short = below_floor(members, ref)
    floor = ref.service.rules.clinical_min_level
    return RuleResult("clinical_staff_at_level_2", not short,
                      f"{len(short)} clinical staff below level {floor}" if short else
                      f"every clinical member at level {floor} or above",
                      [p.staff_id for p in short])


@rule
def clinical_staff_working_towards_level_3(members: list[Person],
                                           ref: ReferenceData) -> RuleResult:
    """Every clinical member below level 3 is working towards it."""
    idle = not_working_towards(members, ref)
    target = ref.service.rules.clinical_working_towards_level
    return RuleResult("clinical_staff_working_towards_level_3", not idle,
                      f"{len(idle)} clinical staff not working towards level {target}" if idle
                      else f"every clinical member holds or is working towards level {target}",
                      [p.staff_id for p in idle])


@rule
def level_3_lead(members: list[Person], ref: ReferenceData) -> RuleResult:
    """The team has a lead at band 8b or above who holds level 3."""
    rules = ref.service.rules
    leads = qualifying_leads(members, ref)
    return RuleResult("level_3_lead", bool(leads),
                      f"lead {leads[0].staff_id} at band {leads[0].band}, level "
                      f"{leads[0].attained_level}" if leads else
                      f"no {'/'.join(rules.lead_roles)} at band {rules.lead_min_band} or above "
                      f"with level {rules.lead_level}",
                      [p.staff_id for p in leads])


def check_team(members: list[Person], ref: ReferenceData) -> list[RuleResult]:
    """Every rule of the registry, in registry order."""
    return [check(members, ref) for check in RULES.values()]
