"""Pay as it will be paid in a place: the high cost area supplement zone of a council (or
of most of an ICB's babies), a flag where only part of a council is in a zone, and a note
where a nation's own Agenda for Change scale could not be used."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from workforce.national.figures import Place, UkFigures
from workforce.reference import ReferenceData


@dataclass(frozen=True)
class PlacePay:
    zone: str | None
    notes: tuple[str, ...]


def place_pay(ref: ReferenceData, uk: UkFigures, place: Place) -> PlacePay:
    """The supplement zone `place` is costed in, and what a reader must know about it."""
    bands = ref.bands
    parts = place.parts if place.level == "icb" else ((place.code, 1.0),)
    babies: dict[str | None, float] = defaultdict(float)
    for code, share in parts:
        babies[bands.zone_councils.get(code)] += uk.councils[code].under_2 * share
    zone = max(babies, key=lambda z: babies[z])
    notes = []
    if zone is not None:
        label = bands.pay_zones[zone].label
        notes.append(f"{place.name} is costed with the {label} high cost area supplement "
                     f"({bands.zone_councils_source}).")
    if len(babies) > 1:
        total = sum(babies.values())
        split = ", ".join(f"{bands.pay_zones[z].label if z else 'no supplement'} "
                          f"{100 * b / total:.0f}%" for z, b in sorted(
                              babies.items(), key=lambda item: -item[1]))
        notes.append(f"{place.name}'s babies under two are split across supplement zones "
                     f"({split}): it is costed at the zone of most of them.")
    partial = [f"{uk.councils[c].name}: {bands.partial_councils[c]}" for c, _ in parts
               if c in bands.partial_councils]
    if partial:
        notes.append("Only part of a council is in a supplement zone, costed without it: "
                     + "; ".join(partial) + ".")
    if place.nation in bands.nation_scales:
        notes.append(f"{place.name} is in {place.nation}: {bands.nation_scales[place.nation]} "
                     f"({bands.pay_year}).")
    return PlacePay(zone, tuple(notes))
