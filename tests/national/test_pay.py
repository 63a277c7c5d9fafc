"""Pay by place: a council's high cost area supplement zone from its code, a flag where only
part of a council is in a zone, an ICB costed at the zone of most of its babies, and a
note where a nation's own scale could not be used; and the zone lists hold together."""

from __future__ import annotations

import json

import pytest

from commands.cli import cli
from workforce.national.figures import load_uk
from workforce.national.pay import place_pay


@pytest.fixture(scope="module")
def uk():
    return load_uk()


def test_every_zoned_council_is_a_real_council_in_england(ref, uk):
    for code, zone in ref.bands.zone_councils.items():
        assert uk.councils[code].nation == "England", code
        if zone != "fringe":
            assert uk.councils[code].level == "la" and code.startswith("E09"), code
    london = {c for c in uk.councils if c.startswith("E09")}
    assert london == {c for c, z in ref.bands.zone_councils.items() if z != "fringe"}
    assert set(ref.bands.partial_councils) <= set(uk.councils)


@pytest.mark.parametrize(("code", "zone"), [("E09000019", "inner_london"),
                                            ("E09000008", "outer_london"),
                                            ("E06000034", "fringe"), ("E08000003", None)])
def test_a_council_is_costed_in_its_zone(ref, uk, code, zone):
    assert place_pay(ref, uk, uk.councils[code]).zone == zone


def test_a_council_only_partly_in_the_fringe_is_flagged_and_costed_without_it(ref, uk):
    pay = place_pay(ref, uk, uk.councils["E07000099"])
    assert pay.zone is None
    assert any("Royston" in note for note in pay.notes)


def test_a_london_icb_takes_the_zone_of_most_of_its_babies_and_says_it_is_split(ref, uk):
    icb = next(i for i in uk.icbs.values() if "North Central London" in i.name)
    pay = place_pay(ref, uk, icb)
    assert pay.zone in ("inner_london", "outer_london")
    assert any("split across supplement zones" in note for note in pay.notes)


@pytest.mark.parametrize("nation", ["Scotland", "Northern Ireland"])
def test_a_nation_with_its_own_scale_says_englands_was_used(ref, uk, nation):
    council = next(c for c in uk.councils.values() if c.nation == nation)
    notes = " ".join(place_pay(ref, uk, council).notes)
    assert "England's scale is used" in notes and "differ" in notes


def test_a_london_bid_is_dearer_than_the_same_babies_elsewhere(runner, tmp_path):
    db = f"sqlite:///{tmp_path / 'none.sqlite'}"

    def cost_of_one_team(council: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["--db", db, "report", "bid", "--la", council,
                                     "--format", "json"])
        assert result.exit_code == 0, result.output
        payload = json.loads(result.stdout)
        one = next(m for m in payload["metrics"] if m["metric"] == "cost_one_team")
        return one["value"], " ".join(payload["report"]["notes"])

    islington, notes = cost_of_one_team("Islington")
    manchester, _ = cost_of_one_team("Manchester")
    assert islington > manchester
    assert "Inner London high cost area supplement" in notes
