"""Headline national figures a bid quotes, each cited (data/national_context.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path


@dataclass(frozen=True)
class NationalFigure:
    metric: str
    label: str
    value: int | float | str
    unit: str
    note: str
    source: str


@dataclass(frozen=True)
class NationalContext:
    """Headline national figures a bid quotes, each cited (data/national_context.yaml)."""

    as_of: str
    figures: tuple[NationalFigure, ...]
    path: Path


def load_national_context(path: PathLike = None) -> NationalContext:
    source = reference_path("national_context.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    figures = []
    for i, item in enumerate(check.get(raw, "figures", list, "top level")):
        where = f"figures[{i}]"
        figures.append(NationalFigure(
            check.get(item, "metric", str, where), check.get(item, "label", str, where),
            check.get(item, "value", (int, float, str), where), check.get(item, "unit", str, where),
            str(item.get("note", "")), check.get(item, "source", str, where)))
    if len({f.metric for f in figures}) != len(figures):
        raise check.fail("figures", "a metric is listed twice")
    return NationalContext(date_text(raw.get("as_of")), tuple(figures), source)


