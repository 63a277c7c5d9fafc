"""The bid report as documents a bid writer attaches: Word, print-ready HTML, SVG charts,
one file for several areas or one per area; and the same figures in every format."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from html import unescape
from pathlib import Path

import html5lib
import pytest
from docx import Document
from sqlalchemy import create_engine, text

from commands.cli import cli
from commands.documents.charts import Chart, Series
from commands.documents.draw import to_png, to_svg
from commands.render import text as cell
from workforce.disclosure.metrics import SUPPRESSED, SUPPRESSION_NOTE

AREAS = {"A1": "Wrenmoor", "A2": "Castle Fenwick", "A3": "Harrowdale"}
NAMES = ("Zebedee", "Xanthippe")
IDS = re.compile(r"\b[SR]\d{2,3}\b")


@pytest.fixture
def db(sample_copy) -> str:
    return sample_copy


def bid(runner, db, *args) -> str:
    result = runner.invoke(cli, ["--db", db, "report", "bid", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def private(runner, db) -> str:
    """The sample region with names anyone would spot, and a saved plan placing trainees."""
    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE staff SET name = 'Zebedee Quintessential-' || staff_id"))
        conn.execute(text("UPDATE trainee SET name = 'Xanthippe Marvelwood-' || trainee_id"))
    engine.dispose()
    result = runner.invoke(cli, ["--db", db, "placements", "plan", "--save", "private"])
    assert result.exit_code == 0, result.output
    return db


def test_word_document_has_styled_tables_charts_sources_and_no_name_or_id(runner, private,
                                                                         tmp_path):
    path = tmp_path / "bid.docx"
    bid(runner, private, "--all", "--plan", "private", "--export", str(path))
    word = Document(str(path))
    styles = [p.style.name for p in word.paragraphs]
    texts = [p.text for p in word.paragraphs]
    assert styles[0] == "Title" and texts[0].startswith("Funding-bid evidence: Wrenmoor")
    assert "Figures as of " in texts[1] and "Castle Fenwick (A2)" in texts[1]
    assert "Assumptions" in texts and any("28% employer on-costs" in t for t in texts)
    # A one-screen summary of each place first, then the national context, a summary table
    # across the areas and their total, then each area under its own heading.
    assert [c.text for c in word.tables[0].rows[0].cells] == ["figure", "value", "data of"]
    assert [c.text for c in word.tables[4].rows[0].cells] == [
        "figure", "unit", *(f"{name} ({area})" for area, name in AREAS.items()),
        "All 3 areas (total)"]
    areas = [t for t, s in zip(texts, styles, strict=True) if s == "Heading 1"]
    assert areas == [*(f"Summary: {n} ({a})" for a, n in AREAS.items()),
                     "Assumptions", "National context", "Summary",
                     *(f"{n} ({a})" for a, n in AREAS.items()), "All 3 areas (total)",
                     "Notes", "Sources"]
    assert "Need" in [t for t, s in zip(texts, styles, strict=True) if s == "Heading 2"]
    assert {t.style.name for t in word.tables} == {"Table Grid"}
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert {"Babies who would benefit from a parent-infant team", "2,350", SUPPRESSED} <= cells
    assert any(c.startswith("£") for c in cells)
    # Numbered sources, cited in the tables and listed at the end.
    listed = texts[texts.index("Sources") + 1:]
    assert listed[0].startswith("[1] PIF 2025") and len(listed) >= 5
    assert "[1]" in cells
    assert any(t.endswith(SUPPRESSION_NOTE) for t in texts)
    # Two charts an area and one for the total (no band chart); no level-3 projection
    # nor which-assumption-matters tornado, which a protected report withholds.
    assert len(word.inline_shapes) == 2 * len(AREAS) + 1
    with zipfile.ZipFile(path) as archive:
        assert any(n.startswith("word/media/") and n.endswith(".png")
                   for n in archive.namelist())
        for name in archive.namelist():
            body = archive.read(name).decode("latin-1")
            assert not any(n in body for n in NAMES), name
            if not name.startswith("word/media/"):
                assert not IDS.search(body), name


def test_html_is_one_page_for_print_with_inline_svg_charts_and_passes_a_strict_parser(
        runner, private, tmp_path):
    path = tmp_path / "bid.html"
    bid(runner, private, "--all", "--plan", "private", "--export", str(path))
    page = path.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    for area in AREAS:
        assert f'<svg role="img" aria-label="{AREAS[area]}: need' in page
        assert f'id="{area}-fte-by-band-figure_1"' in page
    assert page.count('<section class="area">') == len(AREAS) + 1  # and their total
    assert "break-before: page" in page and "@page" in page
    # Self-contained: nothing fetched from elsewhere, and no id shared by two charts.
    assert "<script" not in page and not re.search(r'(src|href)="(?!#)', page)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert not any(n in page for n in NAMES) and not IDS.search(page)


def test_charts_are_light_greyscale_svgs_with_title_axis_and_figures(runner, db, tmp_path):
    out = bid(runner, db, "--area", "A2", "--charts", str(tmp_path / "charts"))
    files = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert files == ["A2-fte-by-band.svg", "A2-need-coverage.svg"]
    assert f"Wrote the chart {tmp_path / 'charts' / 'A2-need-coverage.svg'}" in out.replace(
        "\n", "")
    need = (tmp_path / "charts" / "A2-need-coverage.svg").read_text(encoding="utf-8")
    # A chart names its data's date, not the day it was drawn.
    assert re.search(r"Castle Fenwick: need against coverage, a year, coverage 20.6% "
                     r"\(data: population [^)]*, pay 2025/26\)", need)
    assert "babies or families a year" in need and ">1,550<" in need and ">320<" in need
    bands = (tmp_path / "charts" / "A2-fte-by-band.svg").read_text(encoding="utf-8")
    # band 7 at GM density: 4 FTE a team, one team per 6,192 of the 31,000 babies under two
    assert "FTE (full-time equivalent)" in bands and ">20.02<" in bands and ">44.29<" in bands
    assert "<pattern" in bands and ">in post<" in bands and ">band 8c<" in bands
    for svg in (need, bands):
        _assert_light_and_grey(svg)


def test_the_level_3_projection_is_a_line_with_its_range_against_need(runner, db, tmp_path):
    bid(runner, db, "--area", "A1", "--charts", str(tmp_path / "protected"))
    assert not (tmp_path / "protected" / "A1-level-3-projection.svg").exists()  # withheld
    bid(runner, db, "--area", "A1", "--no-suppress", "--charts", str(tmp_path / "charts"))
    svg = (tmp_path / "charts" / "A1-level-3-projection.svg").read_text(encoding="utf-8")
    assert "Wrenmoor: level 3 FTE projected, shaded 10th-90th percentile, against need" in svg
    assert ">projected<" in svg and ">needed<" in svg and ">projected: range<" in svg
    assert "FTE at AiMH level 3, band 8b or above" in svg and ">2036<" in svg
    _assert_light_and_grey(svg)


def _assert_light_and_grey(svg: str) -> None:
    background = re.search(r'id="patch_1">\s*<path d="[^"]*"\s*style="fill: (#\w+)', svg)
    assert background[1] == "#ffffff"
    for colour in re.findall(r"(?:fill|stroke): #(\w{6})", svg):
        assert colour[0:2] == colour[2:4] == colour[4:6], f"#{colour} is not a grey"


def test_a_chart_over_years_draws_its_range_and_ends_with_its_last_figure():
    """The shape the level-3 projection joins the documents in."""
    years = tuple(str(y) for y in range(2026, 2031))
    chart = Chart("A1-level-3", "Wrenmoor: level-3 FTE against needed (data of 2026-11-23)",
                  "FTE at AiMH level 3", "FTE", years,
                  (Series("projected", (5.0, 6.0, 7.5, 8.25, 9.0), low=(5, 5.5, 6, 6.5, 7),
                          high=(5, 6.5, 9, 10, 11.5)),
                   Series("needed", (11.4,) * 5)), kind="lines")
    svg = to_svg(chart)
    _assert_light_and_grey(svg)
    assert ">9<" in svg and ">11.4<" in svg and ">2030<" in svg
    assert ">projected: range<" in svg and "<pattern" in svg
    assert to_png(chart).startswith(b"\x89PNG")


def _background(svg: str) -> int:
    """The brightness (0-255) of a rich SVG's terminal background."""
    colour = re.search(r'<rect fill="#(\w{6})"', svg)[1]
    return int(colour[0:2], 16)


def test_svg_export_is_light_unless_the_terminal_look_is_asked_for(runner, db, tmp_path):
    light, dark = tmp_path / "light.svg", tmp_path / "dark.svg"
    bid(runner, db, "--area", "A1", "--export", str(light))
    bid(runner, db, "--area", "A1", "--export", str(dark), "--svg-theme", "terminal")
    assert _background(light.read_text(encoding="utf-8")) > 200
    assert _background(dark.read_text(encoding="utf-8")) < 80


def test_split_writes_one_document_per_area_without_the_summary(runner, db, tmp_path):
    out = bid(runner, db, "--all", "--export", str(tmp_path / "bid.md"), "--split")
    for area, name in AREAS.items():
        path = tmp_path / f"bid-{area}.md"
        assert f"Wrote the bid report to {path}" in out.replace("\n", "")
        body = path.read_text(encoding="utf-8")
        assert body.startswith(f"# Funding-bid evidence: {name}\n")
        assert set(re.findall(r"^## (.*?): ", body, re.M)) == {f"{name} ({area})", "Summary"}
        assert "Summary of the areas" not in body
    assert not (tmp_path / "bid.md").exists()


@pytest.mark.parametrize("args, message", [
    (["--split"], "--split needs --export FILE: it names the files per area"),
    (["--export", "nowhere/bid.docx"], "--export nowhere/bid.docx: no folder nowhere"),
    (["--export", "bid.pdf"], "use a .docx, .html, .svg, .md, .csv or .json file"),
])
def test_a_document_that_cannot_be_written_is_a_one_line_error(runner, db, args, message):
    result = runner.invoke(cli, ["--db", db, "report", "bid", "--all", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


# --- The same figures everywhere ---------------------------------------------------------

BAND_COLUMNS = {"fte_needed": 1, "fte_needed_high": 2, "fte_in_post": 3, "fte_gap": 4,
                "fte_gap_high": 5, "cost": 6, "cost_high": 7}


def _split_cells(line: str) -> list[str]:
    return [c for c in re.split(r"\s{2,}", line.strip()) if c]


def _terminal_rows(output: str) -> list[list[str]]:
    return [_split_cells(line) for line in output.splitlines()]


def _svg_rows(svg: str) -> list[list[str]]:
    lines: dict[str, list[str]] = {}
    for y, body in re.findall(r'<text [^>]*y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(y, []).append(unescape(body).replace("\xa0", " ").strip())
    return [[c for c in cells if c] for cells in lines.values()]


def _markdown_rows(md: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split(" | ")]
            for line in md.splitlines() if line.startswith("| ")]


def _html_rows(page: str) -> list[list[str]]:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    return [["".join(td.itertext()) for td in tr.findall("td")] for tr in tree.iter("tr")]


def _docx_rows(path: Path) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in Document(str(path)).tables for row in t.rows]


def _shown(metric: dict) -> str:
    value = metric["value"]
    if isinstance(value, str):
        return value
    if value is None:
        return "n/a"  # and its assumption says why
    if metric["unit"] == "year" and isinstance(value, int):
        return str(value)
    return f"£{cell(value)}" if metric["unit"].startswith("GBP") and value is not None \
        else cell(value)


def _holds(rows: list[list[str]], metric: dict, terminal: bool) -> bool:
    """Whether the figure's own row in these tables shows its value as the row gives it.
    In the terminal's text a long label wraps: its row's first line holds the start of
    the label and the value; and a blank value leaves the unit beside the label."""
    shown = _shown(metric)
    band = re.match(r"(\w+?)_band_(\w+)$", metric["metric"])
    if band and band[1] in BAND_COLUMNS:
        key, column = f"band {band[2]}", BAND_COLUMNS[band[1]]
        return any(r[:1] == [key] and len(r) > column and r[column] == shown for r in rows)
    year = re.fullmatch(r"level_3_fte_projected(_low|_high)?_(\d{4})", metric["metric"])
    if year:  # one row a year: central, 10th and 90th percentile
        column = {None: 1, "_low": 2, "_high": 3}[year[1]]
        return any(r[:1] == [year[2]] and len(r) > column and r[column] == shown for r in rows)
    label = metric["label"]
    if not terminal:
        return any(r[:2] == [label, shown] for r in rows)
    return any(len(r) > 1 and r[1] == (shown or metric["unit"]) and label.startswith(r[0])
               and len(r[0]) >= min(len(label), 20) for r in rows)


def test_every_format_shows_every_figure_identically_suppressed_ones_too(runner, private,
                                                                          tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    args = ("--area", "A2", "--plan", "private")
    metrics = json.loads(bid(runner, private, *args, "--format", "json"))["metrics"]
    assert any(m["value"] == SUPPRESSED for m in metrics)
    exports = {s: tmp_path / f"bid.{s}" for s in ("svg", "html", "docx", "md", "json", "csv")}
    for path in exports.values():
        bid(runner, private, *args, "--export", str(path))
    tables = {
        "table": (_terminal_rows(bid(runner, private, *args)), True),
        "markdown": (_markdown_rows(bid(runner, private, *args, "--format", "markdown")),
                     False),
        "md export": (_markdown_rows(exports["md"].read_text(encoding="utf-8")), False),
        "svg": (_svg_rows(exports["svg"].read_text(encoding="utf-8")), True),
        "html": (_html_rows(exports["html"].read_text(encoding="utf-8")), False),
        "docx": (_docx_rows(exports["docx"]), False),
    }
    for name, (rows, terminal) in tables.items():
        missing = [m["metric"] for m in metrics if not _holds(rows, m, terminal)]
        assert not missing, f"{name} does not show {missing}"
    stdout_csv = bid(runner, private, *args, "--format", "csv")
    for body in (stdout_csv, exports["csv"].read_text(encoding="utf-8")):
        rows = {r["metric"]: r["value"] for r in csv.DictReader(body.splitlines())}
        assert rows == {m["metric"]: "" if m["value"] is None else str(m["value"])
                        for m in metrics}
    exported = json.loads(exports["json"].read_text(encoding="utf-8"))["metrics"]
    assert exported == metrics
