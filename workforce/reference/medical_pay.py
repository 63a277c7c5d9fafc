"""Pay systems beside Agenda for Change (data/medical_pay.yaml): NHS medical pay scales for
consultants and specialty doctors, and voluntary-sector or council pay, which has no
national scale and so is costed only from a staff row's own annual cost."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path

MEDICAL, NON_NHS = "medical", "non_nhs"


@dataclass(frozen=True)
class PayScale:
    """One scale outside Agenda for Change; `ranks_with` is the band it counts as when
    seniority is compared (None: not comparable, as for voluntary-sector pay)."""

    name: str
    label: str
    system: str  # medical | non_nhs
    min_pay: int | None
    max_pay: int | None
    ranks_with: str | None
    basis: str = ""


@dataclass(frozen=True)
class OtherPay:
    pay_year: str
    source: str
    as_of: str
    on_cost_rate: float
    scales: tuple[PayScale, ...]
    path: Path


def load_medical_pay(path: PathLike = None) -> OtherPay:
    source = reference_path("medical_pay.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    scales = []
    for name, item in check.get(raw, "scales", dict, "top level").items():
        where = f"scales.{name}"
        low, high = check.pay_range(item, where)
        scales.append(PayScale(str(name), check.get(item, "label", str, where), MEDICAL, low,
                               high, str(check.get(item, "ranks_with", (str, int), where)),
                               check.get(item, "basis", str, where)))
    other = check.get(raw, "non_nhs", dict, "top level")
    scales.append(PayScale(check.get(other, "band", str, "non_nhs"),
                           check.get(other, "label", str, "non_nhs"), NON_NHS, None, None, None))
    if len({s.name for s in scales}) != len(scales):
        raise check.fail("scales", "a pay scale is listed twice")
    return OtherPay(str(check.get(raw, "pay_year", str, "top level")),
                    check.get(raw, "source", str, "top level"), date_text(raw.get("as_of")),
                    check.fraction(raw, "employer_on_cost_rate", "top level"), tuple(scales),
                    source)
