"""Every view reaches every format whole and safe: a tidy CSV of them all, natural width in a
pipe, wrapping between words in a terminal, and no formula, HTML or markup let through."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.formats import csv_of, file_name, md_cell, to_markdown
from commands.render import View, console, emit, say, show

TEAMS = View("Teams", ["team", "FTE"], [["T01", 2.5], ["T02", None]], na="no staff recorded")
BANDS = [View(f"{t}: bands", ["band", "FTE"], [["7", 1.0], ["8a", 0.5]], scope={"team": t},
              name="bands") for t in ("T01", "T02")]


def rows_of(body: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body)))


def test_a_csv_of_several_views_holds_every_row_and_names_its_table_and_scope():
    rows = rows_of(csv_of([TEAMS, *BANDS]))
    assert len(rows) == 2 + 2 + 2
    assert [(r["table"], r["team"], r["band"]) for r in rows[2:]] == [
        ("bands", "T01", "7"), ("bands", "T01", "8a"), ("bands", "T02", "7"),
        ("bands", "T02", "8a")]
    assert rows[1] == {"table": "Teams", "team": "T02", "FTE": "", "band": ""}


def test_a_single_unscoped_view_keeps_its_own_columns():
    assert csv_of([TEAMS]).splitlines()[0] == "team,FTE"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_numbers_are_not():
    attacks = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    view = View("People", ["name", "n"], [[a, -3] for a in attacks])
    rows = rows_of(csv_of([view]))
    assert [r["name"] for r in rows] == ["'" + a for a in attacks]
    assert len(rows) == len(attacks)
    assert {r["n"] for r in rows} == {"-3"}


def test_a_csv_header_and_table_name_are_neutralised_too():
    body = csv_of([View("=cmd|' /C calc'!A0", ["=x"], [["ok"]], scope={"team": "T1"})])
    assert body.splitlines()[0] == "table,team,'=x"
    assert body.splitlines()[1].startswith("'=cmd")


def test_markdown_escapes_html_and_pipes_and_keeps_one_row_a_line():
    view = View("<b>x</b>", ["name", "note"],
                [["<script>alert(1)</script>", "a | b\nc\r\nd"], ["ok", "fine"]])
    body = to_markdown([view], heading="<img src=x onerror=alert(1)>")
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    table = [line for line in body.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 2  # header, rule, one line for each row
    assert table[2].endswith("| a \\| b<br>c<br>d |")
    assert md_cell("x|y") == "x\\|y"


def test_markdown_of_an_empty_view_says_why():
    body = to_markdown([View("Teams", ["team"], [], empty="no teams yet")])
    assert "None: no teams yet" in body and "| team |" not in body


def test_n_a_is_shown_and_explained_where_a_figure_cannot_be_given():
    out = io.StringIO()
    show(console(file=out), [TEAMS])
    assert re.search(r"T02\s+n/a", out.getvalue())
    assert "n/a: no staff recorded." in " ".join(out.getvalue().split())


@pytest.mark.parametrize("name", ["[/]", "[link=https://evil.example]click[/link]", "[bold]x",
                                  "[/bold]", ":smile:"])
def test_names_are_never_read_as_markup(name, capsys, tmp_path):
    view = View(f"Team of {name}", ["name"], [[name]], caption=name)
    emit({}, [view], heading=name)
    say(name)
    out = capsys.readouterr().out
    assert out.count(name) == 5
    svg, html = tmp_path / "x.svg", tmp_path / "x.html"
    emit({}, [view], "json", tmp_path / "x.json", export=svg, heading=name)
    emit({}, [view], "json", tmp_path / "x.json", export=html, heading=name)
    assert "evil.example" not in re.sub(r"&#160;|\s", "", "".join(
        re.findall(r'href="([^"]*)"', svg.read_text() + html.read_text())))


WIDE = View("Costs", ["area", "name", "cost", "note"],
            [["E08000025", "Birmingham City Council", 1475632.0,
              "the example team scaled to the population " * 3],
             ["E06000001", "Hartlepool Borough Council", 98765432.0, "short"]])


def test_output_to_a_pipe_keeps_every_row_on_one_line_at_its_natural_width():
    out = io.StringIO()
    show(console(file=out), [WIDE], heading="heading")
    lines = out.getvalue().splitlines()
    assert any("E08000025" in line and "£" not in line and "1,475,632" in line for line in lines)
    assert any("Hartlepool Borough Council" in line and "98,765,432" in line for line in lines)


words = st.one_of(st.from_regex(r"[A-Z][0-9]{8}", fullmatch=True),
                  st.integers(0, 10**9).map(lambda n: f"£{n:,}"),
                  st.from_regex(r"[A-Za-z]{2,14}", fullmatch=True))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.lists(words, min_size=1, max_size=4).map(" ".join),
                         min_size=3, max_size=3), min_size=1, max_size=5),
       st.integers(20, 100))
def test_a_terminal_wraps_between_words_and_never_inside_a_number_code_or_name(rows, width):
    from rich.console import Console

    out = io.StringIO()
    screen = Console(file=out, width=width, force_terminal=True, color_system=None,
                     markup=False, highlight=False)
    show(screen, [View("t", ["a", "b", "c"], rows)])
    printed = set(re.split(r"[\s│┃━]+", out.getvalue()))
    assert {w for row in rows for cell in row for w in cell.split()} <= printed


def test_a_csv_folder_gets_one_file_a_table(tmp_path, capsys):
    emit({}, [TEAMS, *BANDS], "csv", tmp_path)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["01-teams.csv", "02-bands-t01.csv", "03-bands-t02.csv"]
    assert rows_of((tmp_path / "03-bands-t02.csv").read_text())[1] == {
        "team": "T02", "band": "8a", "FTE": "0.5"}
    assert file_name(4, View("!!!", [], [])) == "04-table.csv"


def test_a_folder_is_only_for_csv(tmp_path):
    import click

    with pytest.raises(click.UsageError, match="is a folder"):
        emit({}, [TEAMS], "markdown", tmp_path)
