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
from workforce.reference.bands import AGENDA_FOR_CHANGE
from workforce.reference.medical_pay import NON_NHS
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


def who(people: list[Person], say=lambda p: f"level {p.attained_level}") -> str:
    """The people a rule fails on, by id and (where read) name, each with what matters."""
    return ", ".join(f"{p.staff_id}{' ' + p.name if p.name else ''} ({say(p)})" for p in people)


def floor_role(person: Person, ref: ReferenceData) -> bool:
    """Whether the person's role and profession put them under the competency floor
    (`team_rules.floor_roles`), induction aside."""
    rules = ref.service.rules
    return person.role in rules.floor_roles and (person.clinical or not rules.floor_clinical_only)


def floor_covers(person: Person, ref: ReferenceData) -> bool:
    """Whether the competency floor applies to this person now: not while they are in their
    induction period (new recruits are given time to reach the levels)."""
    return floor_role(person, ref) and person.induction_until is None


def below_floor(members: list[Person], ref: ReferenceData) -> list[Person]:
    floor = ref.service.rules.clinical_min_level
    return [p for p in members if floor_covers(p, ref) and p.attained_level < floor]


def not_working_towards(members: list[Person], ref: ReferenceData) -> list[Person]:
    target = ref.service.rules.clinical_working_towards_level
    return [p for p in members if floor_covers(p, ref) and p.attained_level < target
            and (p.working_towards_level or 0) < target]


def inducted(members: list[Person], ref: ReferenceData, below: int) -> list[Person]:
    """Members the floor waits for: in their induction period and below level `below`."""
    return [p for p in members if floor_role(p, ref) and p.induction_until is not None
            and p.attained_level < below]


def lead_post(members: list[Person], ref: ReferenceData) -> list[Person]:
    """Everyone in a lead role, highest level first, then most senior pay."""
    rank = ref.bands.rank
    return sorted((p for p in members if p.role in ref.service.rules.lead_roles),
                  key=lambda p: (-p.attained_level, -rank.get(p.band, -1), p.staff_id))


def qualifying_leads(members: list[Person], ref: ReferenceData) -> list[Person]:
    """Clinical leads holding the lead level, whatever their pay: the band is a finding."""
    level = ref.service.rules.lead_level
    return [p for p in lead_post(members, ref) if p.clinical and p.attained_level >= level]


def _label(ref: ReferenceData, profession: str) -> str:
    return ref.service.professions[profession].label.lower()


@rule
def level_3_lead(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Led by a senior or consultant-level clinician (in a lead role) holding level 3."""
    rules = ref.service.rules
    leads = qualifying_leads(team.members, ref)
    post = lead_post(team.members, ref)
    if leads:
        return _result(ref, "level_3_lead", True,
                       f"lead {who(leads[:1], lambda p: _label(ref, p.profession))}, "
                       f"level {leads[0].attained_level}", [p.staff_id for p in leads])
    if not post:
        return _result(ref, "level_3_lead", False,
                       f"the lead post is vacant: no one in the role "
                       f"{' or '.join(rules.lead_roles)}")
    return _result(ref, "level_3_lead", False, "lead " + who(post, lambda p: (
        f"level {p.attained_level}, not {rules.lead_level}" if p.clinical else
        f"{_label(ref, p.profession)}, not a clinician")), [p.staff_id for p in post])


@rule
def multidisciplinary(team: TeamView, ref: ReferenceData) -> RuleResult:
    """At least two clinical professions, one of them a psychologist or psychotherapist
    (`core_professions`: the sources' examples and the Briefing's reading)."""
    definition = ref.service.definition
    clinical = [p for p in team.members if p.clinical]
    professions = sorted({p.profession for p in clinical})
    core = [p for p in professions if p in definition.core_professions]
    staff = "; ".join(f"{_label(ref, prof)}: "
                      + ", ".join(p.staff_id for p in clinical if p.profession == prof)
                      for prof in professions) or "no clinical staff"
    missing = []
    if len(professions) < definition.min_clinical_professions:
        missing.append(f"{len(professions)} clinical profession"
                       f"{'' if len(professions) == 1 else 's'}, not "
                       f"{definition.min_clinical_professions}")
    if not core:
        missing.append("no psychologist or psychotherapist")
    return _result(ref, "multidisciplinary", not missing,
                   ("; ".join(missing) + f" ({staff})") if missing else staff,
                   [] if not missing else [p.staff_id for p in clinical])


def _waiting(members: list[Person], ref: ReferenceData, below: int) -> str:
    waiting = inducted(members, ref, below)
    return ("; in induction, so not yet held to it: "
            + who(waiting, lambda p: f"level {p.attained_level}, until {p.induction_until}")
            if waiting else "")


@rule
def clinical_staff_at_level_2(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Every member the floor covers has attained the level floor (level 2)."""
    short = below_floor(team.members, ref)
    floor = ref.service.rules.clinical_min_level
    return _result(ref, "clinical_staff_at_level_2", not short,
                   (f"below level {floor}: {who(short)}" if short else
                    f"every clinical member the floor covers at level {floor} or above")
                   + _waiting(team.members, ref, floor),
                   [p.staff_id for p in short])


@rule
def clinical_staff_working_towards_level_3(team: TeamView, ref: ReferenceData) -> RuleResult:
    """Every member the floor covers holds, or is working towards, level 3."""
    idle = not_working_towards(team.members, ref)
    target = ref.service.rules.clinical_working_towards_level
    return _result(ref, "clinical_staff_working_towards_level_3", not idle,
                   (f"not working towards level {target}: "
                    + who(idle, lambda p: f"level {p.attained_level}, towards "
                                          f"{p.working_towards_level or 'none'}")
                    if idle else f"every clinical member the floor covers holds or is working "
                                 f"towards level {target}")
                   + _waiting(team.members, ref, target),
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


def lead_band(lead: Person, ref: ReferenceData) -> str:
    """The lead's pay, set against the band most leads are paid at: a finding."""
    band = ref.bands.by_name[lead.band]
    minimum = ref.service.rules.lead_min_band
    if band.system == NON_NHS:
        return f"{lead.staff_id}: no NHS band ({band.label.lower()})"
    if band.system != AGENDA_FOR_CHANGE:
        return f"{lead.staff_id}: {band.label.lower()}"
    below = "" if ref.bands.at_least(lead.band, minimum) else f", below {minimum}"
    return f"{lead.staff_id}: band {lead.band}{below}"


def support_level(members: list[Person], ref: ReferenceData) -> str:
    rules = ref.service.rules
    support = [p for p in members if p.role in rules.support_roles]
    short = [p for p in support if p.attained_level < rules.support_min_level]
    if not support:
        return "no support staff"
    if short:
        return f"below level {rules.support_min_level}: {who(short)}"
    return f"all {len(support)} at level {rules.support_min_level} or above"


def verdict_text(meets: bool, severity: int, unknown: list[str], ref: ReferenceData,
                 unmet: list[str] = ()) -> str:
    """A team's verdict in plain words, naming the most severe rules it fails when given."""
    if not meets:
        rules = ref.service.definition.rules
        worst = [rules[r].name for r in unmet if rules[r].severity == severity]
        return ref.service.definition.severities[severity] + (
            f" ({'; '.join(worst)})" if worst else "")
    return "meets the definition on what is known" if unknown else "meets the definition"


def findings(team: TeamView, ref: ReferenceData) -> list[dict]:
    """What the definition reports but never fails a team on: the lead's pay, consultant
    level and profession, support staff's level 1, antenatal referrals, professionals
    reached by indirect work. A lead post with no one in it says so."""
    definition, rules = ref.service.definition, ref.service.rules
    leads = qualifying_leads(team.members, ref) or lead_post(team.members, ref)
    lead = leads[0] if leads else None
    vacant = "lead post vacant"
    record = team.record
    values = {
        "lead_band": vacant if lead is None else lead_band(lead, ref),
        "consultant_lead": vacant if lead is None else lead.band in rules.consultant_bands,
        "lead_profession": vacant if lead is None else
        f"{lead.staff_id}: {ref.service.professions[lead.profession].label}",
        "support_staff_at_level_1": support_level(team.members, ref),
        "antenatal_referrals": record.antenatal_referrals,
        "professionals_reached_per_year": record.professionals_reached_per_year,
    }
    return [{"finding": key, "name": definition.findings[key], "value": value}
            for key, value in values.items() if key in definition.findings]
