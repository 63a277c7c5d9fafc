"""Agenda for Change pay bands and the high cost area supplements (data/nhs_bands.yaml), with
the medical and voluntary-sector pay of data/medical_pay.yaml listed after them, so that every
`band` a member of staff can have is costed and compared through one object."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from workforce.reference.checks import Checker, date_text
from workforce.reference.files import PathLike, load_yaml, reference_path
from workforce.reference.medical_pay import OtherPay, load_medical_pay

AGENDA_FOR_CHANGE = "agenda_for_change"


@dataclass(frozen=True)
class Band:
    band: str
    min_pay: int | None
    max_pay: int | None
    closed: bool
    system: str = AGENDA_FOR_CHANGE  # agenda_for_change | medical | non_nhs
    ranks_with: str | None = None  # the band it counts as in comparisons (other pay systems)
    label: str = ""

    @property
    def costed(self) -> bool:
        return self.min_pay is not None and self.max_pay is not None

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
    other: OtherPay | None = None  # medical and voluntary-sector pay, listed after the bands
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
        """Position in the list: Agenda for Change bands, then the other pay scales."""
        return {b.band: i for i, b in enumerate(self.bands)}

    @cached_property
    def rank(self) -> dict[str, int]:
        """Seniority for comparisons: a scale of another pay system ranks with the band it
        names; voluntary-sector pay has no rank."""
        return {b.band: self.order[b.ranks_with or b.band] for b in self.bands
                if b.system == AGENDA_FOR_CHANGE or b.ranks_with}

    @cached_property
    def by_name(self) -> dict[str, Band]:
        return {b.band: b for b in self.bands}

    def names(self) -> list[str]:
        return [b.band for b in self.bands]

    def normalise(self, text: str) -> str | None:
        """The band as listed ('8A ' -> '8a', 'Specialty doctor' -> 'specialty_doctor'), or
        None if it is not a band of any pay system."""
        cleaned = str(text).strip().lower()
        if cleaned.removeprefix("band").strip() in self.order:
            return cleaned.removeprefix("band").strip()
        named = "_".join(cleaned.replace("-", " ").split())
        return named if named in self.order else None

    def system(self, band: str) -> str:
        return self.by_name[band].system

    def at_least(self, band: str, minimum: str) -> bool:
        """Is `band` as senior as `minimum`? False for pay with no rank (voluntary sector)."""
        return band in self.rank and self.rank[band] >= self.rank[minimum]

    def on_cost(self, band: str) -> float:
        """Employer on-costs as a share of basic pay, for the band's pay system."""
        other = self.by_name[band].system != AGENDA_FOR_CHANGE and self.other
        return other.on_cost_rate if other else self.on_cost_rate

    def describe(self) -> str:
        """The bands as a user would list them: '1, 2, ..., 8a, ..., 9'."""
        return ", ".join(self.names())


def load_bands(path: PathLike = None, medical_pay: PathLike = None) -> Bands:
    """The Agenda for Change bands, then the scales of data/medical_pay.yaml."""
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
            low, high = check.pay_range(item, f"band {name}")
        bands.append(Band(name, low, high, closed))
    other = load_medical_pay(medical_pay)
    afc = {b.band for b in bands}
    for scale in other.scales:
        if scale.ranks_with is not None and scale.ranks_with not in afc:
            raise Checker(other.path).fail(f"scales.{scale.name}.ranks_with",
                                           f"{scale.ranks_with!r} is not a band in {source.name}")
        bands.append(Band(scale.name, scale.min_pay, scale.max_pay, False, scale.system,
                          scale.ranks_with, scale.label))
    names = [b.band for b in bands]
    if len(set(names)) != len(names):
        raise check.fail("bands", "a band is listed twice (or shares a name with "
                         f"{other.path.name})")
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
        other=other,
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
