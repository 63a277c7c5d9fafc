"""Small-number suppression holds against someone who works back from the published
figures. The attacker here is written independently of the report's own suppression: it
takes the published rows, writes down every identity a reader could (bands add up to
totals, a band's gap is what is needed less what is in post, its cost is the gap at that
band's pay, areas add up to their total), and solves exactly, in fractions, for every
withheld figure."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from commands.cli import cli
from workforce.disclosure.metrics import Metric
from workforce.disclosure.suppress import sum_identity, suppress


def published(runner, db, *args) -> list[dict]:
    result = runner.invoke(cli, ["--db", db, "report", "bid", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["metrics"]


def identities(rows: list[dict], ref) -> list[dict[tuple[str, str], Fraction]]:
    """Every linear identity among the figures a reader can write down, as coefficient maps
    whose weighted sum is a number the reader knows. Coefficients only: the constants do
    not matter for what can be solved."""
    by_area: dict[str, dict[str, dict]] = {}
    for row in rows:
        if row["area_id"] != "national":
            by_area.setdefault(row["area_id"], {})[row["metric"]] = row
    out = []
    sums = {"fte_in_post": r"fte_in_post_band_\w+", "fte_gap_short_bands": r"fte_gap_band_\w+",
            "fte_gap_short_bands_high": r"fte_gap_high_band_\w+",
            "cost_short_bands": r"cost_band_\w+", "cost_short_bands_high": r"cost_high_band_\w+",
            "trainees_placed": r"trainees_placed_\w+"}
    for area, figures in by_area.items():
        def cell(name, area=area):
            return (area, name)

        for total, pattern in sums.items():
            parts = [n for n in figures if re.fullmatch(pattern, n)]
            if total in figures and parts:
                out.append({cell(total): Fraction(-1), **{cell(p): Fraction(1) for p in parts}})
        # The gap is need less in post, and its cost the teams' cost less the staff's.
        for net, in_post in (("fte_gap_net", "fte_in_post"), ("fte_gap_net_high", "fte_in_post"),
                             ("fte_gap", "fte_in_post"), ("fte_gap_high", "fte_in_post"),
                             ("cost_total", "cost_in_post"), ("cost_total_high", "cost_in_post"),
                             ("cost_headline_high", "cost_in_post_headline_high")):
            if net in figures:
                out.append({cell(net): Fraction(1), cell(in_post): Fraction(1)})
        costed = [n for n in figures if re.fullmatch(r"fte_in_post_band_\w+", n)
                  and ref.bands.by_name[n.removeprefix("fte_in_post_band_")].min_pay]
        if "cost_in_post" in figures and costed:  # the staff in post at their bands' pay
            out.append({cell("cost_in_post"): Fraction(-1), **{cell(n): Fraction(
                ref.bands.by_name[n.removeprefix("fte_in_post_band_")].pay("mid")
                * (1 + ref.bands.on_cost_rate)).limit_denominator(10**6) for n in costed}})
        for name in figures:
            band = re.fullmatch(r"fte_needed(_high)?_band_(\w+)", name)
            if not band or not figures[name]["value"]:
                continue
            high, b = band[1] or "", band[2]
            gap, cost = cell(f"fte_gap{high}_band_{b}"), cell(f"cost{high}_band_{b}")
            out.append({gap: Fraction(1), cell(f"fte_in_post_band_{b}"): Fraction(1)})
            pay = ref.bands.by_name[b].pay("mid") * (1 + ref.bands.on_cost_rate)
            out.append({cost: Fraction(1), gap: -Fraction(pay).limit_denominator(10**6)})
        for suffix in ("", "_high"):
            if figures.get(f"level_3_fte_needed{suffix}", {}).get("value"):
                out.append({cell(f"level_3_fte_gap{suffix}"): Fraction(1),
                            cell("level_3_senior_fte"): Fraction(1)})
    if "total" in by_area:
        for name in by_area["total"]:
            parts = [a for a in by_area if a != "total" and name in by_area[a]]
            if by_area["total"][name]["unit"] != "%":
                out.append({("total", name): Fraction(-1),
                            **{(a, name): Fraction(1) for a in parts}})
    return out


def solvable(withheld: set, equations: list[dict]) -> set:
    """The withheld figures the equations pin down: Gauss-Jordan elimination over the
    withheld figures, published ones being known numbers."""
    unknown = sorted(withheld)
    rows = [[eq.get(k, Fraction(0)) for k in unknown] for eq in equations]
    rows = [r for r in rows if any(r)]
    pivots, r = [], 0
    for c in range(len(unknown)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c]), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c]:
                rows[i] = [a - rows[i][c] * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    return {unknown[c] for i, c in enumerate(pivots)
            if sum(1 for v in rows[i] if v) == 1}


SCENARIOS = [
    ("--area", "A1"),
    ("--area", "A3"),
    ("--area", "A1", "--area", "A2"),
    ("--all", "--plan", "demo"),
    ("--area", "A1", "--population", "560000", "--population-0-2", "13000", "--births", "6400"),
]


@pytest.fixture
def db(sample_copy, runner):
    assert runner.invoke(cli, ["--db", sample_copy, "placements", "plan", "--save",
                               "demo"]).exit_code == 0
    return sample_copy


@pytest.mark.parametrize("args", SCENARIOS, ids=lambda a: " ".join(a))
def test_no_withheld_figure_can_be_worked_out_from_the_published_ones(runner, db, ref, args):
    rows = published(runner, db, *args)
    withheld = {(r["area_id"], r["metric"]) for r in rows if r["suppressed"]}
    assert withheld, "the sample has bands of 1 to 4 people in every area"
    assert all(r["value"] == "[c]" for r in rows if r["suppressed"])
    recovered = solvable(withheld, identities(rows, ref))
    assert not recovered, f"worked out from the published figures: {sorted(recovered)}"


@pytest.mark.parametrize("args", SCENARIOS[:4], ids=lambda a: " ".join(a))
def test_the_attackers_identities_hold_on_the_true_figures(runner, db, ref, args):
    """The attacker is only as good as its identities: each must hold on the unwithheld
    report (up to rounding), or the test above would prove nothing."""
    rows = published(runner, db, *args, "--no-suppress")
    value = {(r["area_id"], r["metric"]): r["value"] for r in rows}
    checked = 0
    for equation in identities(rows, ref):
        terms = [(value[k], c) for k, c in equation.items()]
        if any(v is None for v, _ in terms) or any(
                k[1].startswith(("fte_gap", "cost_total", "cost_headline")) and value[k] == 0
                for k in equation):
            continue  # no gap: needed less in post is then a bound, not an identity
        weighted = [float(c) * v for v, c in terms]
        if len(equation) == 2 and all(c > 0 for c in equation.values()):
            continue  # a sum with a constant the attacker knows; checked by value below
        assert abs(sum(weighted)) <= 0.011 * len(terms) + (
            2 if any(k[1].startswith("cost") for k in equation) else 0), equation
        checked += 1
    assert checked > 10


def test_every_band_of_one_to_four_people_is_withheld_and_an_empty_band_shows_zero(
        runner, db):
    rows = {r["metric"]: r for r in published(runner, db, "--area", "A2")}
    engine = create_engine(db)
    with engine.connect() as conn:
        heads = dict(conn.execute(text(
            "SELECT band, count(*) FROM staff JOIN team USING (team_id) "
            "WHERE area_id = 'A2' GROUP BY band")).all())
    engine.dispose()
    for name, row in rows.items():
        band = re.fullmatch(r"fte_in_post_band_(\w+)", name)
        if band:
            people = heads.get(band[1], 0)
            if 0 < people < 5:
                assert row["suppressed"] and row["value"] == "[c]", name
            if people == 0:
                assert row["value"] == 0 and not row["suppressed"], name


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.integers(2, 5), st.data())
def test_any_table_with_its_totals_keeps_its_small_cells_hidden(rows, columns, data):
    """A table of FTE by area and band with row, column and grand totals, people drawn
    at random: every cell about 1-4 people is withheld and none can be solved for."""
    heads = {(f"A{r}", f"b{c}"): data.draw(st.integers(0, 9)) for r in range(rows)
             for c in range(columns)}
    for r in range(rows):
        heads[f"A{r}", "all"] = sum(heads[f"A{r}", f"b{c}"] for c in range(columns))
    for c in [*(f"b{c}" for c in range(columns)), "all"]:
        heads["total", c] = sum(heads[f"A{r}", c] for r in range(rows))
    cells = {key: Metric("staffing", key[1], key[1], round(n * 0.8, 2), "FTE", people=n)
             for key, n in heads.items()}
    ids = [sum_identity((a, "all"), [(a, f"b{c}") for c in range(columns)])
           for a in [*(f"A{r}" for r in range(rows)), "total"]]
    ids += [sum_identity(("total", c), [(f"A{r}", c) for r in range(rows)])
            for c in [*(f"b{c}" for c in range(columns)), "all"]]
    withheld = suppress(cells, ids, {})
    assert {k for k, n in heads.items() if 0 < n < 5} <= withheld
    equations = [{k: Fraction(int(c)) for k, c in i.terms} for i in ids]
    assert not solvable(withheld, equations)
