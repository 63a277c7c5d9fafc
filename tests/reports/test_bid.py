"""The funding-bid report: England's published figures, every export format, privacy, and
bad input."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET

import pytest

from commands.cli import cli
from workforce.reports.figures import england_check


@pytest.fixture
def db(sample_copy) -> str:
    return sample_copy


def run(runner, db, *args):
    return runner.invoke(cli, ["--db", db, *args])


def test_england_needs_56000_babies_and_about_400_teams(ref):
    figures = england_check(ref)
    assert figures["babies_benefiting"] == 56_000
    assert figures["teams_needed_caseload"] == pytest.approx(400)


def test_england_through_the_command(runner, db):
    result = run(runner, db, "report", "bid", "--area", "A1", "--population-0-2", "1120000",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    metrics = {m["metric"]: m for m in json.loads(result.output)["metrics"]}
    assert metrics["babies_benefiting"]["value"] == 56_000
    assert metrics["teams_needed_caseload"]["value"] == 400
    assert metrics["babies_benefiting"]["source"].startswith("Parent-Infant Foundation")


def test_every_export_format_opens_and_agrees(runner, db, tmp_path):
    assert run(runner, db, "placements", "plan", "--save", "bidplan").exit_code == 0
    outputs = {}
    for suffix in ("svg", "html", "md", "csv", "json"):
        path = tmp_path / f"report.{suffix}"
        result = run(runner, db, "report", "bid", "--area", "A2", "--plan", "bidplan",
                     "--export", str(path))
        assert result.exit_code == 0, result.output
        outputs[suffix] = path.read_text(encoding="utf-8")
    ET.fromstring(outputs["svg"])
    assert outputs["html"].count("<table>") == 7
    assert "<td>Babies who would benefit from a PAIR team</td>" in outputs["html"]
    data = json.loads(outputs["json"])
    rows = list(csv.DictReader(outputs["csv"].splitlines()))
    assert [r["metric"] for r in rows] == [m["metric"] for m in data["metrics"]]
    for row, metric in zip(rows, data["metrics"], strict=True):
        assert row["value"] == ("" if metric["value"] is None else str(metric["value"]))
    for metric in data["metrics"]:
        if not metric["metric"].startswith("fte_gap_band_"):
            assert metric["label"] in outputs["md"]
    sections = {m["section"] for m in data["metrics"]}
    assert sections == {"need", "coverage", "teams", "staffing", "cost", "competencies",
                        "pipeline"}
    assert data["report"]["pay_year"] == "2025/26"
    placed = next(m for m in data["metrics"] if m["metric"] == "trainees_placed")
    assert placed["value"] not in (None, 0)


def test_no_name_or_id_reaches_any_format(runner, db, tmp_path):
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE staff SET name = 'Zebedee Quintessential-' || staff_id"))
        conn.execute(text("UPDATE trainee SET name = 'Xanthippe Marvelwood-' || trainee_id"))
    engine.dispose()
    run(runner, db, "placements", "plan", "--save", "private")
    texts = [run(runner, db, "report", "bid", "--all", "--plan", "private", "--format",
                 fmt).output for fmt in ("table", "json", "csv", "markdown")]
    for suffix in ("svg", "html", "md", "csv", "json"):
        path = tmp_path / f"private.{suffix}"
        run(runner, db, "report", "bid", "--all", "--plan", "private", "--export", str(path))
        texts.append(path.read_text(encoding="utf-8"))
    for body in texts:
        assert "Zebedee" not in body and "Xanthippe" not in body
        assert not re.search(r"\b[SR]\d{2,3}\b", body)


def test_small_counts_of_people_are_suppressed_unless_asked(runner, db):
    suppressed = json.loads(run(runner, db, "report", "bid", "--area", "A3", "--format",
                                "json").output)
    below = next(m for m in suppressed["metrics"]
                 if m["metric"] == "clinical_staff_below_level_2")
    assert below["value"] == "<5"
    assert "<5" in run(runner, db, "report", "bid", "--area", "A3", "--format", "csv").output
    assert "<5" in run(runner, db, "report", "bid", "--area", "A3").output
    shown = json.loads(run(runner, db, "report", "bid", "--area", "A3", "--no-suppress",
                           "--format", "json").output)
    assert next(m for m in shown["metrics"]
                if m["metric"] == "clinical_staff_below_level_2")["value"] == 2


@pytest.mark.parametrize("args, message", [
    (["--area", "NOWHERE"], "no area 'NOWHERE'"),
    (["--area", "A1", "--population", "0"], "--population must be a positive number"),
    (["--area", "A1", "--population-0-2", "-5"], "--population-0-2 must be a positive number"),
    ([], "choose --area AREA (repeatable) or --all"),
    (["--area", "A1", "--export", "report.pdf"], "use a .svg, .html, .md, .csv or .json file"),
])
def test_bad_input_exits_2(runner, db, args, message):
    result = run(runner, db, "report", "bid", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_missing_population_says_how_to_add_it(runner, db, tmp_path):
    (tmp_path / "areas.csv").write_text("area_id,name\nA9,Unmeasured\n")
    assert run(runner, db, "import", "areas", str(tmp_path / "areas.csv")).exit_code == 0
    result = run(runner, db, "report", "bid", "--area", "A9")
    assert result.exit_code == 2
    assert "area A9 has no population: add population_0_2" in result.output
    assert "workforce import areas FILE" in result.output
