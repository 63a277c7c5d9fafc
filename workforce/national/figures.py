"""Read and check the bundled UK figures (data/uk): babies under two and births by council,
the council → ICB lookup and the hex layouts.

Councils are the 361 local authority districts of 2023 (unitary, metropolitan, London and
district councils in England; Welsh unitary authorities; Scottish council areas; Northern
Irish districts). Every larger area is the sum of its councils, and load checks that
these sums equal the published rows, so a changed file cannot silently disagree with
itself. An ICB is the sum of its councils by the share of each council it covers.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workforce.errors import ReferenceDataError
from workforce.reference.files import data_dir

#: The nations, by the code of their row in la_under2.csv.
NATIONS = {"E92000001": "England", "W92000004": "Wales", "S92000003": "Scotland",
           "N92000002": "Northern Ireland"}
NATION_LETTERS = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
COUNCIL_GEOGRAPHIES = {"Unitary Authority", "Metropolitan District", "London Borough",
                       "Non-metropolitan District", "Council Area",
                       "Local Government District"}
LEVELS = ("la", "icb", "region", "nation")
#: How far a council's ICB shares (given to three decimals) may sum from 1.
SHARE_TOLERANCE = 0.002


@dataclass(frozen=True)
class Place:
    """A council, ICB, region or nation with its babies, births and where they come from."""

    code: str
    name: str
    level: str  # one of LEVELS
    nation: str
    population: int
    under_2: int
    births: int | None
    year: str  # the mid-year of the population estimate ("2024", or "2022-2024" if mixed)
    births_period: str
    source: str
    region: str = ""  # a council's English region code, or its nation's code
    ods_code: str = ""  # an ICB's NHS code, which keys its hex
    parts: tuple[tuple[str, float], ...] = ()  # an ICB's councils and the share of each

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class UkFigures:
    councils: dict[str, Place]
    icbs: dict[str, Place]
    regions: dict[str, Place]
    nations: dict[str, Place]
    #: (column, row) of each council's and each ICB's hex, and the layout ("odd-r").
    council_hexes: dict[str, tuple[int, int]]
    icb_hexes: dict[str, tuple[int, int]]
    layout: str
    directory: Path
    icb_short_names: dict[str, str]  # e.g. "MAN", from the ICB hex layout

    def level(self, by: str) -> dict[str, Place]:
        return {"la": self.councils, "icb": self.icbs, "region": self.regions,
                "nation": self.nations}[by]

    def icbs_of(self, council: str) -> list[tuple[str, float]]:
        """The ICBs covering a council, with the share of the council in each."""
        return [(icb.code, share) for icb in self.icbs.values()
                for code, share in icb.parts if code == council]


def uk_dir() -> Path:
    return data_dir() / "uk"


@lru_cache(maxsize=4)
def load_uk(directory: Path | None = None) -> UkFigures:
    """Read and check the UK figures in `directory` (default the bundled data/uk)."""
    folder = directory or uk_dir()
    people = _rows(folder / "la_under2.csv", "code")
    births = _rows(folder / "births.csv", "code")
    councils_hex, layout = _hexes(folder / "uk-local-authority-districts-2023.hexjson")
    icb_hex, _ = _hexes(folder / "nhs-icb-2022.hexjson")
    councils = {}
    for code, row in people.items():
        if row["geography"] not in COUNCIL_GEOGRAPHIES:
            continue
        if code not in councils_hex:
            raise ReferenceDataError(f"la_under2.csv: council {code} ({row['name']}) has no hex "
                                     f"in the council hex layout")
        born = births.get(code)
        councils[code] = Place(
            code, row["name"], "la", NATION_LETTERS[row["country"]],
            _int(row, "population_all_ages", "la_under2.csv"),
            _int(row, "under_2", "la_under2.csv"),
            _int(born, "live_births", "births.csv") if born else None,
            row["year"], born["period"] if born else "", row["source"],
            region=councils_hex[code][2])
    extra = sorted(set(councils_hex) - set(councils))
    if extra:
        raise ReferenceDataError(f"uk-local-authority-districts-2023.hexjson: {', '.join(extra)} "
                                 f"are not councils of la_under2.csv")
    nations = {code: _aggregate(code, name, "nation",
                                [c for c in councils.values() if c.nation == name], people,
                                births)
               for code, name in NATIONS.items()}
    regions = {}
    for code in sorted({c.region for c in councils.values()}):
        members = [c for c in councils.values() if c.region == code]
        name = NATIONS.get(code) or _title(people[code]["name"])
        regions[code] = _aggregate(code, name, "region", members, people, births)
    icbs = _icbs(folder / "la_to_icb.csv", councils, icb_hex)
    _check_icbs_sum_to_england(icbs, nations["E92000001"])
    return UkFigures(councils, icbs, regions, nations,
                     {c: councils_hex[c][:2] for c in councils},
                     {i.code: icb_hex[i.ods_code][:2] for i in icbs.values()}, layout, folder,
                     {i.code: icb_hex[i.ods_code][3] for i in icbs.values()})


def _title(upper: str) -> str:
    """ "YORKSHIRE AND THE HUMBER" as "Yorkshire and The Humber"."""
    return " ".join(w.lower() if w in ("AND", "OF") else w.capitalize() for w in upper.split())


def _rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    """A CSV keyed by `key`, refusing a repeated key."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            out: dict[str, dict[str, str]] = {}
            for number, row in enumerate(reader, start=2):
                code = (row.get(key) or "").strip()
                if not code:
                    raise ReferenceDataError(f"{path.name} row {number}, field '{key}': "
                                             f"is empty")
                if code in out:
                    raise ReferenceDataError(f"{path.name} row {number}, field '{key}': "
                                             f"{code!r} appears twice")
                out[code] = row
            return out
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot read: {exc}") from None


def _int(row: dict[str, str], field: str, file: str) -> int:
    try:
        return int(row[field])
    except (KeyError, TypeError, ValueError):
        raise ReferenceDataError(f"{file}, code {row.get('code')}, field '{field}': "
                                 f"{row.get(field)!r} is not a whole number") from None


def _hexes(path: Path) -> tuple[dict[str, tuple[int, int, str, str]], str]:
    """Each hex's (column, row, region, short name) by code, and the layout."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        hexes = {code: (int(h["q"]), int(h["r"]), str(h.get("region", "")), str(h["n"]))
                 for code, h in loaded["hexes"].items()}
        return hexes, str(loaded["layout"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReferenceDataError(f"{path.name}: not a hex layout (HexJSON): {exc}") from None


def _aggregate(code: str, name: str, level: str, members: list[Place],
               people: dict[str, dict[str, str]], births: dict[str, dict[str, str]]) -> Place:
    """The sum of `members`, checked against the published row for `code` where there is one."""
    population = sum(m.population for m in members)
    under_2 = sum(m.under_2 for m in members)
    born = _sum_births(members)
    published = people.get(code)
    if published is not None:
        for field, total in (("population_all_ages", population), ("under_2", under_2)):
            if _int(published, field, "la_under2.csv") != total:
                raise ReferenceDataError(
                    f"la_under2.csv, code {code}, field '{field}': {published[field]} is not "
                    f"the sum of its {len(members)} councils ({total})")
    if code in births and born is not None and _int(births[code], "live_births",
                                                    "births.csv") != born:
        raise ReferenceDataError(f"births.csv, code {code}, field 'live_births': "
                                 f"{births[code]['live_births']} is not the sum of its "
                                 f"{len(members)} councils ({born})")
    return Place(code, name, level, members[0].nation, population, under_2, born,
                 _span(m.year for m in members), _span(m.births_period for m in members),
                 _joined(m.source for m in members), code)


def _sum_births(members: Iterable[Place]) -> int | None:
    values = [m.births for m in members]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _span(values: Iterable[str]) -> str:
    """One value, or the first and last of several different ones ("2022-2024")."""
    distinct = sorted(set(values))
    return distinct[0] if len(distinct) == 1 else f"{distinct[0]}-{distinct[-1]}"


def _joined(values: Iterable[str]) -> str:
    return "; ".join(sorted(set(values)))


def _icbs(path: Path, councils: dict[str, Place],
          hexes: dict[str, tuple[int, int, str, str]]) -> dict[str, Place]:
    """The 42 ICBs, each the share-weighted sum of the councils it covers."""
    parts: dict[str, list[tuple[str, float]]] = defaultdict(list)
    names, ods = {}, {}
    shares: dict[str, float] = defaultdict(float)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                council, icb = row["lad_code"], row["icb_code"]
                if council not in councils:
                    raise ReferenceDataError(f"{path.name} row {number}, field 'lad_code': "
                                             f"{council!r} is not a council of la_under2.csv")
                if any(c == council for c, _ in parts[icb]):
                    raise ReferenceDataError(f"{path.name} row {number}: {council} and {icb} "
                                             f"appear twice")
                share = float(row["lsoa_share"])
                parts[icb].append((council, share))
                shares[council] += share
                names[icb], ods[icb] = row["icb_name"], row["icb_ods_code"]
    except (OSError, KeyError, ValueError) as exc:
        raise ReferenceDataError(f"{path.name}: cannot read the council → ICB lookup: "
                                 f"{exc}") from None
    english = {c for c, p in councils.items() if p.nation == "England"}
    if set(shares) != english:
        missing = sorted(english - set(shares))
        raise ReferenceDataError(f"{path.name}: English councils without an ICB: "
                                 f"{', '.join(missing[:5])}")
    for council, total in shares.items():
        if abs(total - 1) > SHARE_TOLERANCE:
            raise ReferenceDataError(f"{path.name}, lad_code {council}: its ICB shares sum "
                                     f"to {total:.3f}, not 1")
    icbs = {}
    for icb, members in sorted(parts.items()):
        if ods[icb] not in hexes:
            raise ReferenceDataError(f"{path.name}: ICB {icb} ({ods[icb]}) has no hex in "
                                     f"nhs-icb-2022.hexjson")
        # each council's shares are scaled to sum to exactly 1, so ICBs add up to England
        scaled = tuple((c, s / shares[c]) for c, s in members)
        places = [(councils[c], s) for c, s in scaled]
        births = [p.births for p, _ in places]
        icbs[icb] = Place(
            icb, names[icb], "icb", "England",
            round(sum(p.population * s for p, s in places)),
            round(sum(p.under_2 * s for p, s in places)),
            None if None in births else round(sum(p.births * s for p, s in places)),
            _span(p.year for p, _ in places), _span(p.births_period for p, _ in places),
            "sum of its councils by share of LSOAs (la_to_icb.csv); " + places[0][0].source,
            region="E92000001", ods_code=ods[icb], parts=scaled)
    return icbs


def _check_icbs_sum_to_england(icbs: dict[str, Place], england: Place) -> None:
    """ICBs made of split councils are rounded, so their sum may differ from England's by
    at most half a person for each ICB holding part of a split council."""
    rounded = sum(1 for i in icbs.values() if any(s < 1 for _, s in i.parts))
    for field in ("population", "under_2", "births"):
        total = sum(getattr(i, field) for i in icbs.values())
        if abs(total - getattr(england, field)) > rounded / 2:
            raise ReferenceDataError(f"la_to_icb.csv: the ICBs' {field} sums to {total:,}, "
                                     f"not England's {getattr(england, field):,}")
