"""The funding-bid report: England's published figures, need and population overrides,
cost, pipeline, every export format, privacy, and bad input."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from commands.cli import cli
from commands.render import text as cell
from workforce.reports.bid import SECTIONS, bid_report
from workforce.reports.need import Population, need_metrics, teams_by_caseload


@pytest.fixture
def db(sample_copy) -> str:
    return sample_copy


def run(runner, db, *args):
    return runner.invoke(cli, ["--db", db, *args])


def bid_json(runner, db, *args) -> dict[str, dict]:
    result = run(runner, db, "report", "bid", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return {m["metric"]: m for m in json.loads(result.output)["metrics"]}


def test_england_needs_56000_babies_and_about_400_teams(ref):
    england = Population(total=57_700_000, under_2=1_120_000, births=None, given=True)
    need = {m.metric: m.value for m in need_metrics(ref, england)}
    assert need["babies_benefiting"] == 56_000
    assert teams_by_caseload(ref, 1_120_000) == pytest.approx(400)


def test_england_through_the_command(runner, db, ref):
    metrics = bid_json(runner, db, "--area", "A1", "--population-0-2", "1120000")
    assert metrics["babies_benefiting"]["value"] == 56_000
    assert metrics["teams_needed_caseload"]["value"] == 400
    assert metrics["babies_benefiting"]["source"].startswith("Parent-Infant Foundation")
    # The total population follows the 0-2 population given, not the area's own.
    share = ref.service.need.population_0_2_share
    assert metrics["population"]["value"] == round(1_120_000 / share)
    assert metrics["population"]["source"] == ref.service.need.population_0_2_share_source
    assert metrics["births_per_year"]["value"] is None


def test_a_population_given_replaces_the_areas_and_derives_its_babies(runner, db, ref):
    metrics = bid_json(runner, db, "--area", "A1", "--population", "1000000")
    share = ref.service.need.population_0_2_share
    assert metrics["population"]["value"] == 1_000_000
    assert metrics["population"]["assumption"] == "given on the command line"
    assert metrics["population_0_2"]["value"] == round(1_000_000 * share)
    assert metrics["teams_needed_population"]["value"] == round(1_000_000 / 280_000, 1)


def test_area_figures_come_from_the_area_data(runner, db):
    metrics = bid_json(runner, db, "--area", "A1")
    assert metrics["population_0_2"]["value"] == 47_000
    assert metrics["births_per_year"]["value"] == 23_500
    assert metrics["babies_benefiting"]["value"] == 2_350
    assert metrics["disorganised_attachment_low"]["value"] == 4_700
    assert metrics["disorganised_attachment_high"]["value"] == 7_050
    assert metrics["families_seen_per_year"]["value"] == 150 + 110 + 80 + 60 + 40
    assert metrics["coverage_pct"]["value"] == round(100 * 440 / 2_350, 1)
    assert metrics["teams_now"]["value"] == 5
    assert metrics["teams_needed_caseload"]["value"] == round(2_350 / 140, 1)
    assert metrics["teams_needed_population"]["value"] == round(2_400_000 / 280_000, 1)


@pytest.mark.parametrize("point", ["min", "mid", "max"])
def test_each_band_gap_is_costed_at_the_chosen_pay_point_with_on_costs(runner, db, ref,
                                                                      point):
    metrics = bid_json(runner, db, "--area", "A2", "--pay-point", point)
    bands = {m["metric"].removeprefix("fte_gap_band_"): m["value"] for m in metrics.values()
             if m["metric"].startswith("fte_gap_band_")}
    total = 0
    for band, gap in bands.items():
        band_pay = ref.bands.by_name[band]
        pay = {"min": band_pay.min_pay, "max": band_pay.max_pay,
               "mid": (band_pay.min_pay + band_pay.max_pay) / 2}[point]
        expected = round(gap * pay * (1 + ref.bands.on_cost_rate))
        if gap:
            assert metrics[f"cost_band_{band}"]["value"] == expected
            assert ref.bands.pay_year in metrics[f"cost_band_{band}"]["assumption"]
        total += expected
    # band 8c: the standard asks for 0.33 FTE per 280,000 and Castle Fenwick has none.
    assert bands["8c"] == round(0.33 * 1_600_000 / 280_000, 2)
    assert metrics["cost_total"]["value"] == pytest.approx(total, abs=len(bands))
    gap = sum(bands.values())
    assert metrics["fte_gap"]["value"] == pytest.approx(gap)


def test_staff_in_a_band_without_pay_do_not_stop_the_costing(runner, db):
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE staff SET band = '1' WHERE staff_id = 'S001'"))
    engine.dispose()
    metrics = bid_json(runner, db, "--area", "A1")
    assert metrics["fte_in_post_band_1"]["value"] == 0.6
    assert "cost_band_1" not in metrics


def _plan_with(db: str, rows: list[tuple[str, str, str]]) -> None:
    """Save a placement plan 'manual' holding (trainee, team, supervisor) rows."""
    from workforce.models import Plan, PlanAssignment

    engine = create_engine(db)
    with Session(engine) as session:
        plan = Plan(name="manual", cycle_id="2026-27", status="feasible")
        session.add(plan)
        session.flush()
        session.add_all(PlanAssignment(plan_id=plan.id, trainee_id=trainee, team_id=team,
                                       supervisor_id=supervisor)
                        for trainee, team, supervisor in rows)
        session.commit()
    engine.dispose()


def test_pipeline_reads_the_saved_plan(db, ref):
    from workforce.models import Staff, Team

    # S012 (music therapy, one place) is given two trainees; its area loses one place.
    _plan_with(db, [("R01", "T01", "S012"), ("R02", "T01", "S012"), ("R03", "T01", "S002"),
                    ("R05", "T10", "S085")])
    engine = create_engine(db)
    with Session(engine) as session:
        teams = session.exec(select(Team).where(Team.area_id == "A1")).all()
        supervisors = session.exec(select(Staff).where(
            Staff.supervisor, Staff.team_id.in_([t.team_id for t in teams]))).all()
    capacity = sum(s.max_supervisees if s.max_supervisees is not None
                   else ref.placement.supervisees_for_fte(s.fte) for s in supervisors)
    report = bid_report(engine, ref, ["A1"], plan="manual", population=10_000_000)
    metrics = {m.metric: m for m in report.areas[0].metrics}
    assert metrics["trainees_placed"].value == 3
    assert metrics["trainees_placed"].shown(suppress=True) == "<5"
    assert metrics["supervision_places_left"].value == capacity - 1 - 1
    assert metrics["team_places_left"].value == sum(t.max_trainees for t in teams) - 3
    # The standard's posts at band 8b+ (1.33 FTE per 280,000) need level 3.
    needed = 1.33 * 10_000_000 / 280_000
    assert metrics["level_3_fte_needed"].value == round(needed, 2)
    level_3 = metrics["level_3_senior_fte"].value
    assert 0 < level_3 < metrics["level_3_fte"].value
    assert metrics["years_to_close_level_3_gap"].value == round((needed - level_3) / (3 * 0.5),
                                                                1)
    assert report.cycle == "2026-27"
    engine.dispose()


def test_without_a_plan_the_pipeline_says_so(runner, db):
    metrics = bid_json(runner, db, "--area", "A1", "--population", "10000000")
    assert metrics["trainees_placed"]["value"] is None
    assert "--plan PLAN" in metrics["trainees_placed"]["assumption"]
    assert metrics["years_to_close_level_3_gap"]["value"] is None
    assert metrics["level_3_fte_gap"]["value"] > 0


def _markdown_band_rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| band "):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].removeprefix("band ")] = cells[1:]
    return rows


def test_every_export_format_opens_and_agrees(runner, db, tmp_path):
    assert run(runner, db, "placements", "plan", "--save", "bidplan").exit_code == 0
    outputs = {}
    for suffix in ("svg", "html", "md", "csv", "json"):
        path = tmp_path / f"report.{suffix}"
        result = run(runner, db, "report", "bid", "--area", "A2", "--plan", "bidplan",
                     "--export", str(path))
        assert result.exit_code == 0, result.output
        assert f"Wrotethebidreportto{path}" in "".join(result.output.split())
        outputs[suffix] = path.read_text(encoding="utf-8")
    data = json.loads(outputs["json"])
    metrics = data["metrics"]
    assert {m["section"] for m in metrics} == set(SECTIONS)
    assert data["report"]["pay_year"] == "2025/26"
    assert data["report"]["cycle"] == "2026-27"
    assert next(m for m in metrics if m["metric"] == "trainees_placed")["value"] not in (None,
                                                                                         0)
    # SVG: well-formed XML, with the figures in it.
    svg = ET.fromstring(outputs["svg"])
    assert svg.tag.endswith("svg")
    # CSV and JSON: the same rows, column for column.
    rows = list(csv.DictReader(outputs["csv"].splitlines()))
    assert len(rows) == len(metrics)
    for row, metric in zip(rows, metrics, strict=True):
        assert row == {k: "" if v is None else str(v) for k, v in metric.items()}
    # Markdown and HTML: every figure, by label or in its band's row.
    bands = _markdown_band_rows(outputs["md"])
    for metric in metrics:
        band = re.match(r"(fte_needed|fte_in_post|fte_gap|cost)_band_(\w+)", metric["metric"])
        if band:
            column = ["fte_needed", "fte_in_post", "fte_gap", "cost"].index(band[1])
            shown = cell(metric["value"])
            assert bands[band[2]][column] == (f"£{shown}" if band[1] == "cost" else shown)
        else:
            assert f"| {metric['label']} | " in outputs["md"]
            assert f"<td>{metric['label']}</td>" in outputs["html"]
    titles = re.findall(r"^## (.*): (.*)$", outputs["md"], re.M)
    assert len(titles) == 8
    assert outputs["html"].count("<table>") == len(titles)
    assert all(f"<h3>{t}</h3>" in outputs["html"] for _, t in titles)


def test_the_terminal_shows_sources_beside_figures_and_charts_without_colour(runner, db,
                                                                            monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    result = run(runner, db, "report", "bid", "--area", "A1")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert "Babies who would benefit from a PAIR team" in result.output
    assert "[1] Parent-Infant Foundation planning assumption" in result.output
    assert re.search(r"babies who would benefit\s+█{40}\s+2,350", result.output)
    assert re.search(r"families seen by current teams\s+█{7}\s+440", result.output)
    assert re.search(r"band 7 needed\s+█+\s+25\.71 FTE", result.output)


def test_no_name_or_id_reaches_any_format(runner, db, tmp_path):
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE staff SET name = 'Zebedee Quintessential-' || staff_id"))
        conn.execute(text("UPDATE trainee SET name = 'Xanthippe Marvelwood-' || trainee_id"))
    engine.dispose()
    assert run(runner, db, "placements", "plan", "--save", "private").exit_code == 0
    texts = [run(runner, db, "report", "bid", "--all", "--plan", "private", "--format",
                 fmt).output for fmt in ("table", "json", "csv", "markdown")]
    for suffix in ("svg", "html", "md", "csv", "json"):
        path = tmp_path / f"private.{suffix}"
        run(runner, db, "report", "bid", "--all", "--plan", "private", "--export", str(path))
        texts.append(path.read_text(encoding="utf-8"))
    for body in texts:
        assert "Babies" in body or "population_0_2" in body
        assert "Zebedee" not in body and "Xanthippe" not in body
        assert not re.search(r"\b[SR]\d{2,3}\b", body)


def test_figures_about_fewer_than_five_people_are_suppressed_in_every_format(runner, db,
                                                                              tmp_path):
    """Harrowdale has two clinicians below level 2 (1.6 FTE) and one not working to 3."""
    suppressed = bid_json(runner, db, "--area", "A3")
    for name in ("clinical_staff_below_level_2", "clinical_fte_below_level_2",
                 "clinical_staff_not_working_towards_level_3"):
        assert suppressed[name]["value"] == "<5"
    for fmt in ("table", "csv", "markdown"):
        assert "<5" in run(runner, db, "report", "bid", "--area", "A3", "--format", fmt).output
    for suffix in ("svg", "html", "md"):
        path = tmp_path / f"small.{suffix}"
        run(runner, db, "report", "bid", "--area", "A3", "--export", str(path))
        body = path.read_text(encoding="utf-8")
        assert ("&lt;5" if suffix != "md" else "<5") in body
    shown = bid_json(runner, db, "--area", "A3", "--no-suppress")
    assert shown["clinical_staff_below_level_2"]["value"] == 2
    assert shown["clinical_fte_below_level_2"]["value"] == 1.6


def test_the_demo_ends_with_a_bid_report_and_its_svg_beside_the_database(runner, tmp_path):
    result = runner.invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    svg = tmp_path / "xdg" / "workforce" / "bid-A1.svg"
    assert "Funding-bid evidence: Wrenmoor" in result.output
    assert "".join(result.output.split()).endswith(f"Wrotethebidreportto{svg}")
    assert ET.parse(svg).getroot().tag.endswith("svg")


@pytest.mark.parametrize("args, message", [
    (["--area", "NOWHERE"], "no area 'NOWHERE'"),
    (["--area", "A1", "--population", "0"], "--population must be a positive number"),
    (["--area", "A1", "--population-0-2", "-5"], "--population-0-2 must be a positive number"),
    (["--all", "--population", "100000"], "apply to one area: give a single --area"),
    (["--area", "A1", "--plan", "nosuch"], "no saved plan 'nosuch'"),
    ([], "choose --area AREA (repeatable) or --all"),
    (["--area", "A1", "--export", "report.pdf"], "use a .docx, .html, .svg, .md, .csv or .json"),
])
def test_bad_input_exits_2(runner, db, args, message):
    result = run(runner, db, "report", "bid", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_population_says_how_to_add_it(runner, db, tmp_path):
    (tmp_path / "areas.csv").write_text("area_id,name\nA9,Unmeasured\n")
    assert run(runner, db, "import", "areas", str(tmp_path / "areas.csv")).exit_code == 0
    result = run(runner, db, "report", "bid", "--area", "A9")
    assert result.exit_code == 2
    assert "area A9 has no population: add population_0_2" in result.output
    assert "workforce import areas FILE" in result.output
