"""The bundled UK figures: the published totals, councils summing to their nations, ICBs
summing to England, and a changed file refused with the file, row and field."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from workforce.errors import ReferenceDataError
from workforce.national.figures import load_uk, uk_dir


@pytest.fixture(scope="module")
def uk():
    return load_uk()


def test_manchester_has_13497_babies_under_two_at_mid_2024_and_6771_births(uk):
    manchester = uk.councils["E08000003"]
    assert (manchester.name, manchester.under_2, manchester.births, manchester.year) == (
        "Manchester", 13_497, 6_771, "2024")
    assert manchester.births_period == "1 July 2022 to 30 June 2023"


def test_england_has_1167387_babies_under_two(uk):
    assert uk.nations["E92000001"].under_2 == 1_167_387


def test_every_uk_council_is_there_once_with_a_hex(uk):
    assert len(uk.councils) == 361
    assert set(uk.council_hexes) == set(uk.councils)
    by_nation = {n: sum(1 for c in uk.councils.values() if c.nation == n)
                 for n in ("England", "Wales", "Scotland", "Northern Ireland")}
    assert by_nation == {"England": 296, "Wales": 22, "Scotland": 32, "Northern Ireland": 11}


def test_nations_and_regions_are_their_councils_summed(uk):
    assert sum(n.under_2 for n in uk.nations.values()) == sum(
        c.under_2 for c in uk.councils.values())
    english = [r for r in uk.regions.values() if r.nation == "England"]
    assert len(english) == 9
    assert sum(r.under_2 for r in english) == 1_167_387


def test_nations_figures_come_from_different_years(uk):
    years = {n.name: n.year for n in uk.nations.values()}
    assert years == {"England": "2024", "Wales": "2024", "Scotland": "2022",
                     "Northern Ireland": "2022"}


def test_the_42_icbs_sum_to_england_within_rounding_of_the_split_councils(uk):
    england = uk.nations["E92000001"]
    assert len(uk.icbs) == 42 and set(uk.icb_hexes) == set(uk.icbs)
    split = sum(1 for i in uk.icbs.values() if any(s < 1 for _, s in i.parts))
    for field in ("population", "under_2", "births"):
        total = sum(getattr(i, field) for i in uk.icbs.values())
        assert abs(total - getattr(england, field)) <= split / 2


def test_a_split_council_counts_in_each_of_its_icbs_by_share(uk):
    shares = dict(uk.icbs_of("E06000065"))  # North Yorkshire, in three ICBs
    assert len(shares) == 3 and sum(shares.values()) == pytest.approx(1)
    manchester_icb = uk.icbs["E54000057"]
    assert ("E08000003", 1.0) in manchester_icb.parts


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "uk"
    shutil.copytree(uk_dir(), folder)
    return folder


def _edit(path: Path, code: str, field: str, value: str, key: str = "code") -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row[key] == code:
            row[field] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(("file", "code", "field", "value", "key", "message"), [
    ("la_under2.csv", "E08000003", "under_2", "13498", "code",
     r"la_under2.csv, code E92000001, field 'under_2': 1167387 is not the sum"),
    ("births.csv", "E08000002", "code", "E08000003", "code",
     r"births.csv row \d+, field 'code': 'E08000003' appears twice"),
    ("la_to_icb.csv", "E08000003", "lsoa_share", "0.9", "lad_code",
     r"lad_code E08000003: its ICB shares sum to 0.900, not 1"),
], ids=["council-sum", "repeated-code", "icb-shares"])
def test_a_changed_file_is_refused_naming_file_and_field(tmp_path, file, code, field, value,
                                                         key, message):
    folder = _copy(tmp_path)
    _edit(folder / file, code, field, value, key)
    with pytest.raises(ReferenceDataError, match=message):
        load_uk(folder)
