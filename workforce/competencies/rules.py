"""What a PAIR team is: each element of the team definition one named function over a team.

The definition is the Parent-Infant Foundation's (*Who is holding the baby?*, 2025, the box
"The definition of a specialised parent-infant relationship team" and §3.2; *Infant Mental
Health - Briefing for Commissioners*). Each rule's plain-English name, source and severity
live in `team_definition` of data/service_model.yaml and its thresholds in `team_rules`,
so a region with a different definition edits that file.

A rule is met, unmet, or unknown (a service element the teams file leaves blank): an
unknown element is never a pass, and only a known failure fails a team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from workforce.competencies.graph import Person
from workforce.reference import ReferenceData
from workforce.store.models import Team, age_range

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"


class TeamView(NamedTuple):
    """What the rules look at: the team's record and its members (with their shares)."""

    record: Team
    members: list[Person]


@dataclass(frozen=True)
class RuleResult:
    rule: str  # a stable id, for scripts
    name: str  # the plain-English name, for people
    status: str  # met | unmet | unknown
    detail: str
    staff: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.status == MET


Rule = Callable[[TeamView, ReferenceData], RuleResult]
RULES: dict[str, Rule] = {}


def rule(func: Rule) -> Rule:
    RULES[func.__name__] = func
    return func


def _result(ref: ReferenceData, rule_id: str, met: bool | None, detail: str,
            staff: list[str] | None = None) -> RuleResult:
    status = UNKNOWN if met is None else MET if met else UNMET
    return RuleResult(rule_id, ref.service.definition.name(rule_id), status, detail, staff or [])


def floor_covers(person: Person, ref: ReferenceData) -> bool:
    """Whether the competency floor applies to this person (`team_rules.floor_roles`)."""
    rules = ref.service.rules
    return person.role in rules.floor_roles and (person.clinical or not rules.floor_clinical_only)


def below_floor(members: list[Person], ref: ReferenceData) -> list[Person]:
    floor = ref.service.rules.clinical_min_level
    return [p for p in members if floor_covers(p, ref) and p.attained_level < floor]


def not_working_towards(members: list[Person], ref: ReferenceData) -> list[Person]:
    target = ref.service.rules.clinical_working_towards_level
    return [p for p in members if floor_covers(p, ref) and p.attained_level < target
            and (p.working_towards_level or 0) < target]


def qualifying_leads(members: list[Person], ref: ReferenceData) -> list[Person]:
    """Clinical leads at the lead band or above holding the lead level, most senior first."""
    rules = ref.service.rules
    leads = [p for p in members if p.clinical and p.role in rules.lead_roles
             and ref.bands.at_least(p.band, rules.lead_min_band)
             and p.attained_level >= rules.lead_level]
    return sorted(leads, key=lambda p: (-ref.bands.order[p.band], p.staff_id))


@rule
def level_3_lead(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Led by a senior or consultant-level clinician (band 8b or above) holding level 3."""
    rules = ref.service.rules
    leads = qualifying_leads(team.members, ref)
    return _result(ref, "level_3_lead", bool(leads),
                   f"lead {leads[0].staff_id}, band {leads[0].band}, level "
                   f"{leads[0].attained_level}" if leads else
                   f"no clinical {'/'.join(rules.lead_roles)} at band {rules.lead_min_band} or "
                   f"above holding level {rules.lead_level}",
                   [p.staff_id for p in leads])


@rule
def multidisciplinary(team: TeamView, ref: ReferenceData) -> RuleResult:
    """At least two clinical professions, one of them a psychologist or psychotherapist."""
    definition = ref.service.definition
    professions = sorted({p.profession for p in team.members if p.clinical})
    core = [p for p in professions if p in definition.core_professions]
    labels = ", ".join(ref.service.professions[p].label.lower() for p in professions) or "none"
    missing = []
    if len(professions) < definition.min_clinical_professions:
        missing.append(f"{len(professions)} clinical profession"
                       f"{'' if len(professions) == 1 else 's'} ({labels}), "
                       f"not {definition.min_clinical_professions}")
    if not core:
        missing.append("no " + " or ".join(ref.service.professions[p].label.lower()
                                           for p in definition.core_professions))
    return _result(ref, "multidisciplinary", not missing,
                   "; ".join(missing) if missing else f"clinical professions: {labels}")


@rule
def clinical_staff_at_level_2(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Every member the floor covers has attained the level floor (level 2)."""
    short = below_floor(team.members, ref)
    floor = ref.service.rules.clinical_min_level
    return _result(ref, "clinical_staff_at_level_2", not short,
                   f"{len(short)} clinical staff below level {floor}" if short else
                   f"every clinical member at level {floor} or above",
                   [p.staff_id for p in short])


@rule
def clinical_staff_working_towards_level_3(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Every member the floor covers holds, or is working towards, level 3."""
    idle = not_working_towards(team.members, ref)
    target = ref.service.rules.clinical_working_towards_level
    return _result(ref, "clinical_staff_working_towards_level_3", not idle,
                   f"{len(idle)} clinical staff not working towards level {target}" if idle
                   else f"every clinical member holds or is working towards level {target}",
                   [p.staff_id for p in idle])


@rule
def ages_0_to_2(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Accepts referrals for children aged two and under (older children too is allowed)."""
    served = age_range(team.record.ages_served)
    if served is None:
        return _result(ref, "ages_0_to_2", None, "ages served not recorded")
    return _result(ref, "ages_0_to_2", served[0] == 0 and served[1] >= 2,
                   f"serves ages {served[0]}-{served[1]}")


def _recorded(ref: ReferenceData, rule_id: str, value: bool | None, yes: str,
              no: str) -> RuleResult:
    return _result(ref, rule_id, value, "not recorded" if value is None else yes if value else no)


@rule
def dyadic_work(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Works with the dyad or triad, not the child or parent alone."""
    return _recorded(ref, "dyadic_work", team.record.dyadic_work,
                     "works with parent and baby together", "works with child or parent alone")


@rule
def no_diagnosis_needed(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Families are referred without a clinical diagnosis."""
    required = team.record.diagnosis_required
    return _recorded(ref, "no_diagnosis_needed", None if required is None else not required,
                     "no diagnosis needed for referral", "referral needs a clinical diagnosis")


@rule
def indirect_work(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Offers training, consultation or supervision to other professionals."""
    reached = team.record.professionals_reached_per_year
    return _recorded(ref, "indirect_work", team.record.indirect_work,
                     "offers indirect work" + (f", {reached:,} professionals reached a year"
                                               if reached is not None else ""),
                     "offers no training, consultation or supervision to others")


def check_team(team: TeamView, ref: ReferenceData) -> list[RuleResult]:
    """Every rule of the registry, in registry order."""
    return [check(team, ref) for check in RULES.values()]


@dataclass(frozen=True)
class Verdict:
    """A team against the definition: `meets_standard` means it meets it on what is known."""

    meets_standard: bool
    unmet: list[str]
    unknown: list[str]
    severity: int  # the most severe unmet rule's; below every rule's when none is unmet


def verdict(results: list[RuleResult], ref: ReferenceData) -> Verdict:
    rules = ref.service.definition.rules
    unmet = [r.rule for r in results if r.status == UNMET]
    severities = [rules[r].severity for r in unmet]
    return Verdict(not unmet, unmet, [r.rule for r in results if r.status == UNKNOWN],
                   min(severities) if severities else max(r.severity for r in rules.values()) + 1)


def verdict_text(meets: bool, severity: int, unknown: list[str], ref: ReferenceData) -> str:
    """A team's verdict in plain words."""
    if not meets:
        return ref.service.definition.severities[severity]
    return "meets the definition on what is known" if unknown else "meets the definition"


def findings(team: TeamView, ref: ReferenceData) -> list[dict]:
    """What the definition reports but never fails a team on: the lead's consultant level
    and profession, antenatal referrals, professionals reached by indirect work."""
    definition, rules = ref.service.definition, ref.service.rules
    leads = qualifying_leads(team.members, ref)
    lead = leads[0] if leads else None
    record = team.record
    values = {
        "consultant_lead": None if lead is None else lead.band in rules.consultant_bands,
        "lead_profession": None if lead is None else ref.service.professions[lead.profession].label,
        "antenatal_referrals": record.antenatal_referrals,
        "professionals_reached_per_year": record.professionals_reached_per_year,
    }
    return [{"finding": key, "name": definition.findings[key], "value": value}
            for key, value in values.items() if key in definition.findings]
