"""A trainee's placement dates: optional columns, checked against each other on import."""

from __future__ import annotations

import json

import pytest

from tests.io.test_importer import TRAINEE_HEADER, _fingerprint, _write

HEADER = TRAINEE_HEADER.replace("\n", ",starts_on,ends_on\n")
ROW = "R1,Robin,clinical_psychology,1,2026-27,52,-1,40,T1,,{},{}\n"


def test_placement_dates_import_and_export(loaded, tmp_path):
    rows = ROW.format("2027-03-01", "2027-08-31") + ROW.replace("R1", "R2").format("", "")
    result = loaded("import", "trainees", str(_write(tmp_path, "t.csv", HEADER + rows)))
    assert result.exit_code == 0, result.output
    exported = {t["trainee_id"]: (t["starts_on"], t["ends_on"]) for t in
                json.loads(loaded("export", "trainees", "--format", "json").output)}
    assert exported == {"R1": ("2027-03-01", "2027-08-31"), "R2": (None, None)}


@pytest.mark.parametrize("starts, ends, message", [
    ("2027-03-01", "2027-03-01", "row 2, field 'ends_on': '2027-03-01' must be after "
                                 "starts_on (2027-03-01)"),
    ("2027-03-01", "2026-12-31", "row 2, field 'ends_on': '2026-12-31' must be after "
                                 "starts_on (2027-03-01)"),
    ("2027-02-30", "", "row 2, field 'starts_on': '2027-02-30' is not a date"),
], ids=["same-day", "before", "not-a-date"])
def test_bad_placement_dates_exit_2_and_change_nothing(loaded, tmp_path, starts, ends, message):
    before = _fingerprint(loaded)
    result = loaded("import", "trainees",
                    str(_write(tmp_path, "t.csv", HEADER + ROW.format(starts, ends))))
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert _fingerprint(loaded) == before
