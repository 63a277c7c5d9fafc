"""The AiMH UK Infant Mental Health Competency Framework, loaded from YAML and validated.

The framework is the single source of truth for levels, domains and competencies.
Every competency is graded at every level; a competency at level n needs the same
competency at level n-1 (built in), and may declare other competencies it needs at
the same level (`requires`). Validation rejects anything the rest of the tool would
trip over later: unknown levels or domains, duplicate ids, dangling or cyclic
prerequisites.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from workforce.reference.checks import Checker, date_text
from workforce.reference.files import load_yaml, reference_path

COMPETENCY_ID = re.compile(r"^(\d+)\.(\d{2})$")


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str
    typical_roles: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    id: int
    name: str


@dataclass(frozen=True)
class Competency:
    id: str
    domain: int
    topic: str
    requires: tuple[str, ...]


@dataclass(frozen=True)
class Framework:
    """The competency framework: immutable once loaded."""

    name: str
    publisher: str
    source: str
    as_of: str
    note: str
    path: Path
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    competencies: tuple[Competency, ...]

    @cached_property
    def by_id(self) -> dict[str, Competency]:
        return {c.id: c for c in self.competencies}

    @cached_property
    def level_numbers(self) -> tuple[int, ...]:
        return tuple(lv.level for lv in self.levels)

    @property
    def top_level(self) -> int:
        return max(self.level_numbers)

    def domain_name(self, domain_id: int) -> str:
        return next(d.name for d in self.domains if d.id == domain_id)

    def competency_ids(self) -> list[str]:
        return [c.id for c in self.competencies]


def load_framework(path: str | os.PathLike[str] | None = None) -> Framework:
    """Load and validate the framework from `path`, WORKFORCE_FRAMEWORK or the bundled file."""
    source = reference_path("aimh_framework.yaml", path)
    return parse_framework(load_yaml(source), source)


def parse_framework(raw: dict, path: Path) -> Framework:
    check = Checker(path)
    meta = check.get(raw, "framework", dict, "top level")
    levels = tuple(_parse_level(check, item, i) for i, item in
                   enumerate(check.get(raw, "levels", list, "top level")))
    level_numbers = [lv.level for lv in levels]
    if level_numbers != list(range(1, len(levels) + 1)):
        raise check.fail("levels", f"must be numbered 1, 2, 3... in order, got {level_numbers}")
    domains = tuple(Domain(check.get(d, "id", int, f"domains[{i}]"),
                           check.get(d, "name", str, f"domains[{i}]"))
                    for i, d in enumerate(check.get(raw, "domains", list, "top level")))
    _reject_duplicates(check, "domains", [str(d.id) for d in domains])
    domain_ids = {d.id for d in domains}
    competencies = []
    for i, item in enumerate(check.get(raw, "competencies", list, "top level")):
        where = f"competencies[{i}]"
        cid = str(check.get(item, "id", (str, float), where))
        domain = check.get(item, "domain", int, where)
        match = COMPETENCY_ID.match(cid)
        if not match:
            raise check.fail(where, f"competency id {cid!r} is not of the form D.NN (e.g. 1.01)")
        if domain not in domain_ids:
            raise check.fail(f"competency {cid}", f"unknown domain {domain} (known: "
                             f"{', '.join(str(d) for d in sorted(domain_ids))})")
        if int(match.group(1)) != domain:
            raise check.fail(f"competency {cid}", f"id is numbered in domain {match.group(1)} "
                             f"but listed in domain {domain}")
        requires = item.get("requires") or []
        if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
            raise check.fail(f"competency {cid}.requires", "expected a list of competency ids")
        competencies.append(Competency(cid, domain, check.get(item, "topic", str, where),
                                       tuple(requires)))
    if not competencies:
        raise check.fail("competencies", "the framework lists no competencies")
    _reject_duplicates(check, "competencies", [c.id for c in competencies])
    _check_prerequisites(check, competencies)
    return Framework(
        name=check.get(meta, "name", str, "framework"),
        publisher=check.get(meta, "publisher", str, "framework"),
        source=str(meta.get("source", "")),
        as_of=date_text(meta.get("as_of")),
        note=str(meta.get("note", "")),
        path=path,
        levels=levels,
        domains=domains,
        competencies=tuple(competencies),
    )


def _parse_level(check: Checker, item: dict, i: int) -> Level:
    where = f"levels[{i}]"
    roles = item.get("typical_roles") or []
    return Level(check.get(item, "level", int, where), check.get(item, "name", str, where),
                 str(item.get("description", "")), tuple(str(r) for r in roles))


def _reject_duplicates(check: Checker, where: str, ids: list[str]) -> None:
    seen: set[str] = set()
    dupes = sorted({i for i in ids if i in seen or seen.add(i)})
    if dupes:
        raise check.fail(where, f"duplicate ids: {', '.join(dupes)}")


def _check_prerequisites(check: Checker, competencies: list[Competency]) -> None:
    known = {c.id for c in competencies}
    for c in competencies:
        dangling = [r for r in c.requires if r not in known]
        if dangling:
            raise check.fail(f"competency {c.id}.requires",
                             f"unknown prerequisite {', '.join(dangling)}")
        if c.id in c.requires:
            raise check.fail(f"competency {c.id}.requires", "a competency cannot require itself")
    try:  # the standard library's sorter, so loading the framework needs no networkx
        TopologicalSorter({c.id: c.requires for c in competencies}).prepare()
    except CycleError as exc:
        ids = exc.args[1]
        raise check.fail("competencies", f"prerequisite cycle: {' -> '.join(ids)}") from None

