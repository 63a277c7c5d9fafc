"""The PAIR team definition and the interventions teams offer, from the `team_definition`
and `interventions` sections of data/service_model.yaml: named, sourced rules the audit checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from workforce.reference.checks import Checker


@dataclass(frozen=True)
class DefinitionRule:
    rule: str
    name: str
    severity: int
    source: str
    short: str = ""  # the rule's name in a narrow table


@dataclass(frozen=True)
class TeamDefinition:
    """What a PAIR team is: named, sourced rules, the multidisciplinary core, and the
    findings that are reported but never fail a team."""

    source: str
    rules: dict[str, DefinitionRule] = field(hash=False)
    min_clinical_professions: int
    core_professions: dict[str, str] = field(hash=False)  # profession -> why it counts
    findings: dict[str, str] = field(hash=False)
    severities: dict[int, str] = field(hash=False)

    def name(self, rule: str) -> str:
        return self.rules[rule].name if rule in self.rules else self.findings.get(rule, rule)


@dataclass(frozen=True)
class Intervention:
    name: str
    label: str
    teams: int  # teams offering it in the source's survey


def interventions(check: Checker, raw: dict) -> dict[str, Intervention]:
    return {name: Intervention(name, check.get(item, "label", str, f"interventions.{name}"),
                               check.get(item, "teams", int, f"interventions.{name}"))
            for name, item in check.get(raw, "interventions", dict, "top level").items()}


OVERDUE_REVIEWS = ("flag", "lapse")


def overdue_reviews(check: Checker, rules: dict) -> str:
    value = check.get(rules, "overdue_reviews", str, "team_rules")
    if value not in OVERDUE_REVIEWS:
        raise check.fail("team_rules.overdue_reviews", f"{value!r} is not flag or lapse")
    return value


def team_definition(check: Checker, raw: dict, professions: dict) -> TeamDefinition:
    d = check.get(raw, "team_definition", dict, "top level")
    rules = {}
    for rule_id, item in check.get(d, "rules", dict, "team_definition").items():
        where = f"team_definition.rules.{rule_id}"
        rules[rule_id] = DefinitionRule(rule_id, check.get(item, "name", str, where),
                                        check.positive(item, "severity", int, where),
                                        check.get(item, "source", str, where),
                                        str(item.get("short", rule_id)))
    severities = {int(k): str(v) for k, v in
                  check.get(d, "severities", dict, "team_definition").items()}
    missing = sorted({r.severity for r in rules.values()} - severities.keys())
    if missing:
        raise check.fail("team_definition.severities",
                         f"no name for severity {', '.join(map(str, missing))}")
    core = {str(k): str(v) for k, v in
            check.get(d, "core_professions", dict, "team_definition").items()}
    unknown = [p for p in core if p not in professions]
    if unknown:
        raise check.fail("team_definition.core_professions",
                         f"unknown professions {', '.join(unknown)}")
    return TeamDefinition(
        source=check.get(d, "source", str, "team_definition"), rules=rules,
        min_clinical_professions=check.positive(d, "min_clinical_professions", int,
                                                "team_definition"),
        core_professions=core,
        findings={k: str(v) for k, v in check.get(d, "findings", dict,
                                                  "team_definition").items()},
        severities=severities)

