"""What FTE costs a year: Agenda for Change (or medical) pay at a chosen point of each band,
with any high cost area supplement, a pay uplift for a future year, employer on-costs and a
non-pay overhead, all from data/nhs_bands.yaml or the user's own stated assumptions."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.errors import ReferenceDataError, UserError
from workforce.reference import ReferenceData
from workforce.reference.bands import AGENDA_FOR_CHANGE, PayZone

PAY_POINTS = ("min", "mid", "max")


@dataclass(frozen=True)
class Costing:
    """How a bid costs a post. Uplift and overhead are the user's assumptions, off by default."""

    pay_point: str = "mid"
    uplift: float = 0.0  # on basic pay, for a pay year later than the bands file's
    overhead: float = 0.0  # non-pay costs (accommodation, travel, IT...) on pay and on-costs
    zone: PayZone | None = None  # high cost area supplement of the area, if any

    def __post_init__(self) -> None:
        if self.pay_point not in PAY_POINTS:
            raise UserError(f"pay point {self.pay_point!r}: choose min, mid or max")
        for value, option in ((self.uplift, "--pay-uplift"), (self.overhead, "--overhead")):
            if not 0 <= value <= 100:
                raise UserError(f"{option} is a percentage from 0 to 100, not {value:g}")

    def in_zone(self, zone: PayZone | None) -> Costing:
        return Costing(self.pay_point, self.uplift, self.overhead, zone)


def pay_zone(ref: ReferenceData, zone: str | None) -> PayZone | None:
    """The area's high cost area supplement zone, or None outside them."""
    if not zone:
        return None
    if zone not in ref.bands.pay_zones:
        raise ReferenceDataError(f"pay zone {zone!r} is not in {ref.bands.path.name} "
                                 f"({', '.join(ref.bands.pay_zones) or 'none listed'})")
    return ref.bands.pay_zones[zone]


def annual_cost(ref: ReferenceData, band: str, fte: float, costing: Costing) -> float:
    """A year's cost of `fte` full-time equivalents in `band`, on the band's own pay system:
    Agenda for Change, medical pay (no high cost area supplement: those are Agenda for Change
    terms) or voluntary-sector pay, which has no scale to cost."""
    if not fte:
        return 0.0
    scale = ref.bands.by_name[band]
    if not scale.costed:
        raise ReferenceDataError(
            f"band {band} ({scale.label or 'no pay range'}) has no pay scale in "
            f"{ref.bands.path.name} or medical_pay.yaml, so {fte:g} FTE in it cannot be costed")
    basic = scale.pay(costing.pay_point) * (1 + costing.uplift / 100)
    afc = scale.system == AGENDA_FOR_CHANGE
    supplement = costing.zone.supplement(basic) if costing.zone and afc else 0.0
    return (fte * (basic + supplement) * (1 + ref.bands.on_cost(band))
            * (1 + costing.overhead / 100))


def pay_basis(ref: ReferenceData, costing: Costing,
              overhead_basis: str = "your assumption") -> str:
    """The costing assumption, as printed beside every cost; `overhead_basis` says whose
    the non-pay share is."""
    point = {"min": "minimum", "mid": "midpoint", "max": "maximum"}[costing.pay_point]
    parts = [f"Agenda for Change {ref.bands.pay_year} band {point}"]
    if costing.uplift:
        parts.append(f"uplifted {costing.uplift:g}% for a later pay year (your assumption)")
    if costing.zone:
        z = costing.zone
        parts.append(f"{z.label} high cost area supplement ({z.rate:.0%} of basic pay, "
                     f"£{z.min_amount:,}-£{z.max_amount:,} a year)")
    parts.append(f"{ref.bands.on_cost_rate:.0%} employer on-costs")
    if costing.overhead:
        parts.append(f"{costing.overhead:g}% non-pay overhead ({overhead_basis})")
    return " + ".join(parts)
