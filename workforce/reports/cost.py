"""What a gap in FTE costs a year: Agenda for Change pay at a chosen point of each band,
plus employer on-costs, both from data/nhs_bands.yaml."""

from __future__ import annotations

from workforce.errors import ReferenceDataError, UserError
from workforce.reference import ReferenceData

PAY_POINTS = ("min", "mid", "max")


def check_pay_point(pay_point: str) -> None:
    if pay_point not in PAY_POINTS:
        raise UserError(f"pay point {pay_point!r}: choose min, mid or max")


def annual_cost(ref: ReferenceData, band: str, fte: float, pay_point: str) -> float:
    """Pay and employer on-costs of `fte` full-time equivalents in `band`, for a year."""
    if not fte:
        return 0.0
    try:
        pay = ref.bands.by_name[band].pay(pay_point)
    except ValueError:
        raise ReferenceDataError(f"{ref.bands.path.name}: band {band} has no pay range, so a "
                                 f"gap of {fte:g} FTE in it cannot be costed") from None
    return fte * pay * (1 + ref.bands.on_cost_rate)


def pay_basis(ref: ReferenceData, pay_point: str) -> str:
    """The costing assumption, as printed beside every cost."""
    point = {"min": "minimum", "mid": "midpoint", "max": "maximum"}[pay_point]
    return (f"Agenda for Change {ref.bands.pay_year} band {point} + "
            f"{ref.bands.on_cost_rate:.0%} employer on-costs")
