"""The cell key method's promises, for any figure and any records: never shown as it is,
never further off than the rules allow, the same people always the same noise, a zero
always 0; and the rules file checked on load."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workforce.disclosure.cellkey import COUNT, FTE, CellKeys, perturb
from workforce.errors import ReferenceDataError
from workforce.reference.disclosure_rules import load_disclosure_rules

RULES = load_disclosure_rules()
KEYS = st.integers(0, 2 ** 64 - 1)
IDS = st.lists(st.text("ABCDEFGHJK0123456789", min_size=1, max_size=6), min_size=1,
               max_size=12, unique=True)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 500), KEYS)
def test_a_count_is_never_shown_as_it_is_nor_below_one(value, key):
    shown = perturb(value, key, RULES.counts, COUNT)
    assert shown != value and shown >= 1
    assert RULES.counts.least <= abs(shown - value) <= RULES.counts.most


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5000).map(lambda n: n / 100), KEYS)
def test_an_fte_is_always_at_least_the_least_noise_away(value, key):
    shown = round(perturb(value, key, RULES.fte, FTE), 2)
    assert RULES.fte.least - 1e-9 <= abs(shown - value) <= RULES.fte.most + 1e-9
    assert shown >= RULES.fte.floor


@given(KEYS)
def test_a_zero_is_no_one_and_stays_zero(key):
    assert perturb(0, key, RULES.counts, COUNT) == 0
    assert perturb(0.0, key, RULES.fte, FTE) == 0.0


@pytest.mark.parametrize("shown", range(1, 8))
def test_every_count_shown_could_come_from_several_true_ones(shown):
    """The protection range: a reader of any count cannot tell which true count it was."""
    could = {v for v in range(0, 12) for o in RULES.counts.offsets
             if (v + o if v + o >= RULES.counts.floor else v + abs(o)) == shown and v}
    assert len(could) >= 2


@settings(max_examples=100, deadline=None)
@given(IDS, st.randoms())
def test_the_same_people_in_any_order_get_the_same_noise(ids, random):
    keys = CellKeys(b"secret", RULES)
    shuffled = list(ids)
    random.shuffle(shuffled)
    assert keys.cell("staff", ids) == keys.cell("staff", shuffled + ids[:1])
    assert keys.fte(3.2, "staff", ids) == keys.fte(3.2, "staff", shuffled)


def test_another_person_or_another_secret_gives_unrelated_keys():
    keys, other = CellKeys(b"secret", RULES), CellKeys(b"another", RULES)
    team = ["S001", "S002", "S003"]
    assert keys.cell("staff", team) != keys.cell("staff", [*team, "S004"])
    assert keys.cell("staff", team) != other.cell("staff", team)
    assert keys.record("staff", "S001") != keys.record("trainee", "S001")


def test_the_noise_has_no_bias_and_uses_every_offset():
    """Over many cells the noise averages to about nothing, and every offset occurs."""
    keys = CellKeys(b"secret", RULES)
    drawn = [keys.fte(5.0, "staff", [f"S{i}"]) - 5.0 for i in range(20_000)]
    assert abs(sum(drawn) / len(drawn)) < 0.02
    assert len({round(d, 2) for d in drawn}) == len(RULES.fte.offsets)


@pytest.mark.parametrize(("change", "message"), [
    ({}, None),
    ({"least": 1.5}, "fte.most: expected at least `least`"),
    ({"step": 0.03}, "fte.step: 0.03 does not divide"),
    ({"least": -0.5}, "fte.least: expected a positive number"),
])
def test_the_rules_file_is_checked_on_load(tmp_path, change, message):
    raw = yaml.safe_load(RULES.path.read_text(encoding="utf-8"))
    raw["fte"].update(change)
    path = tmp_path / "disclosure.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    if message is None:
        assert load_disclosure_rules(path).fte == RULES.fte
        return
    with pytest.raises(ReferenceDataError, match=re.escape(message)):
        load_disclosure_rules(path)


def test_a_personal_rule_the_team_definition_lacks_is_refused(tmp_path, ref):
    raw = yaml.safe_load(RULES.path.read_text(encoding="utf-8"))
    raw["personal_rules"].append("lead_level_4")
    path = tmp_path / "disclosure.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert "lead_level_4" in load_disclosure_rules(path).personal_rules
    with pytest.raises(ReferenceDataError, match=re.escape(
            "personal_rules[3]: 'lead_level_4' is not a rule of the team definition")):
        load_disclosure_rules(path, rule_ids=ref.service.definition.rules)
