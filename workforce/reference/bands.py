"""Agenda for Change pay bands and the high cost area supplements (data/nhs_bands.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path


@dataclass(frozen=True)
class Band:
    band: str
    min_pay: int | None
    max_pay: int | None
    closed: bool

    def pay(self, point: str) -> float:
        """Annual full-time pay at `point` (min, mid or max) of the band."""
        if self.min_pay is None or self.max_pay is None:
            raise ValueError(f"band {self.band} has no pay range")
        return {"min": float(self.min_pay), "max": float(self.max_pay),
                "mid": (self.min_pay + self.max_pay) / 2}[point]


@dataclass(frozen=True)
class PayZone:
    """A high cost area supplement: a share of basic pay, within a yearly minimum and maximum."""

    zone: str
    label: str
    rate: float
    min_amount: int
    max_amount: int

    def supplement(self, basic_pay: float) -> float:
        return min(max(basic_pay * self.rate, self.min_amount), self.max_amount)


@dataclass(frozen=True)
class Bands:
    pay_year: str
    source: str
    as_of: str
    on_cost_rate: float
    on_cost_note: str
    bands: tuple[Band, ...]
    path: Path
    pay_zones: dict[str, PayZone] = field(default_factory=dict, hash=False)
    pay_zone_source: str = ""
    #: The zone of each council (ONS code) in one, and where only part of a council is.
    zone_councils: dict[str, str] = field(default_factory=dict, hash=False)
    partial_councils: dict[str, str] = field(default_factory=dict, hash=False)
    zone_councils_source: str = ""
    #: Why a nation other than England is costed on this scale, by nation name.
    nation_scales: dict[str, str] = field(default_factory=dict, hash=False)
    non_pay_share: float = 0.0
    non_pay_note: str = ""

    @cached_property
    def order(self) -> dict[str, int]:
        return {b.band: i for i, b in enumerate(self.bands)}

    @cached_property
    def by_name(self) -> dict[str, Band]:
        return {b.band: b for b in self.bands}

    def names(self) -> list[str]:
        return [b.band for b in self.bands]

    def normalise(self, text: str) -> str | None:
        """The band as listed ('8A ' -> '8a'), or None if it is not a band."""
        cleaned = str(text).strip().lower().removeprefix("band").strip()
        return cleaned if cleaned in self.order else None

    def at_least(self, band: str, minimum: str) -> bool:
        return self.order[band] >= self.order[minimum]

    def describe(self) -> str:
        """The bands as a user would list them: '1, 2, ..., 8a, ..., 9'."""
        return ", ".join(self.names())


def load_bands(path: PathLike = None) -> Bands:
    source = reference_path("nhs_bands.yaml", path)
    raw = load_yaml(source)
    check = Checker(source)
    bands = []
    for i, item in enumerate(check.get(raw, "bands", list, "top level")):
        where = f"bands[{i}]"
        name = str(check.get(item, "band", (str, int), where)).lower()
        closed = bool(item.get("closed", False))
        low, high = item.get("min"), item.get("max")
        if not closed:
            low = check.positive(item, "min", int, f"band {name}")
            high = check.positive(item, "max", int, f"band {name}")
            if high < low:
                raise check.fail(f"band {name}", f"max pay {high} is below min pay {low}")
        bands.append(Band(name, low, high, closed))
    names = [b.band for b in bands]
    if len(set(names)) != len(names):
        raise check.fail("bands", "a band is listed twice")
    hcas = raw.get("high_cost_area_supplements") or {}
    zones = {}
    for zone, item in check.get(hcas, "zones", dict, "high_cost_area_supplements").items() \
            if hcas else ():
        where = f"high_cost_area_supplements.zones.{zone}"
        zones[zone] = PayZone(zone, str(item.get("label", zone)),
                              check.fraction(item, "rate", where),
                              check.positive(item, "min", int, where),
                              check.positive(item, "max", int, where))
        if zones[zone].max_amount < zones[zone].min_amount:
            raise check.fail(where, "max is below min")
    zone_councils: dict[str, str] = {}
    for zone, codes in (hcas.get("councils") or {}).items() if hcas else ():
        if zone not in zones:
            raise check.fail("high_cost_area_supplements.councils", f"{zone!r} is not a zone")
        for code in codes:
            if code in zone_councils:
                raise check.fail("high_cost_area_supplements.councils",
                                 f"{code} is in two zones")
            zone_councils[str(code)] = zone
    return Bands(
        pay_year=str(check.get(raw, "pay_year", str, "top level")),
        source=check.get(raw, "source", str, "top level"),
        as_of=date_text(raw.get("as_of")),
        on_cost_rate=check.fraction(raw, "employer_on_cost_rate", "top level"),
        on_cost_note=str(raw.get("on_cost_note", "")),
        bands=tuple(bands),
        path=source,
        pay_zones=zones,
        pay_zone_source=str(hcas.get("source", "")) if hcas else "",
        zone_councils=zone_councils,
        partial_councils={str(k): str(v) for k, v in (hcas.get("partial") or {}).items()}
        if hcas else {},
        zone_councils_source=str(hcas.get("councils_source", "")) if hcas else "",
        nation_scales={str(k): str(v) for k, v in (raw.get("nation_scales") or {}).items()},
        non_pay_share=check.fraction(raw, "non_pay_share", "top level")
        if "non_pay_share" in raw else 0.0,
        non_pay_note=str(raw.get("non_pay_note", "")),
    )


def band_field(check: Checker, bands: Bands, mapping: dict, key: str, where: str) -> str:
    """The band `mapping[key]` names, normalised; refused if the pay bands do not list it."""
    value = check.get(mapping, key, (str, int), where)
    band = bands.normalise(str(value))
    if band is None:
        raise check.fail(f"{where}.{key}", f"{value!r} is not a band in {bands.path.name}")
    return band


def band_list(check: Checker, bands: Bands, mapping: dict, key: str, where: str) -> list[str]:
    return [band_field(check, bands, {key: v}, key, where)
            for v in check.get(mapping, key, list, where)]
