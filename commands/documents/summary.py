"""The one-screen summary that opens every bid: for each place its need, the teams there
now (named), the teams needed, the FTE gap and the cost, each with the year of its data.
Figures come from the report's published rows, so a withheld one stays withheld."""

from __future__ import annotations

from commands.documents.sources import figure
from commands.render import View, text


def _span(rows: dict, low: str, high: str, unit: str = "") -> str:
    values = [text(figure(rows[m])) if m in rows else "n/a" for m in (low, high)]
    return f"{values[0]} to {values[1]}{unit}"


def _coverage(rows: dict) -> str:
    """The area's own coverage where its teams record families, else the estimate."""
    if rows["coverage_pct"].value is not None:
        return f"{text(figure(rows['coverage_pct']))}%"
    if "coverage_estimate_low_pct" in rows:
        low, high = (text(figure(rows[f"coverage_estimate_{end}_pct"])) for end in ("low", "high"))
        return (f"{low if low == high else f'{low} to {high}'}% (an estimate: the known teams' "
                f"families as their sources give them, else from what UK teams see)")
    return "n/a: no team here records the families it sees"


def summary_view(area) -> View:
    rows = {m.metric: m for m in area.metrics}
    years = area.years
    population = f"population {years.get('population', 'n/a')}"
    births = f"births {years.get('births', 'n/a')}"
    pay = f"pay {years.get('pay', 'n/a')}"
    now = rows["teams_now"]
    held = rows["teams_in_database"].value
    named = [t["team"] for t in area.known_teams]
    teams_now = f"{text(figure(now))}: {held} in the database, {len(named)} named by the sources"
    upper = " (an upper bound: the known teams' staff are unknown)" if named else ""
    out = [
        ["Babies under two", text(figure(rows["population_0_2"])), population],
        ["Babies who would benefit", text(figure(rows["babies_benefiting"])), population],
        ["Babies a year at risk of disorganised attachment",
         _span(rows, "disorganised_attachment_low", "disorganised_attachment_high"), births],
        ["Parent-infant teams now", teams_now, "sources and database"],
        *(["Known team", name, "its staffing is not in the database"] for name in named),
        ["Teams meeting the PAIR team definition",
         text(figure(rows["teams_meeting_definition"]))
         if rows["teams_meeting_definition"].value is not None
         or rows["teams_meeting_definition"].suppressed
         else "n/a: no team here is in the database to audit", "competency audit"],
        ["Coverage of need", _coverage(rows), "families recorded or estimated"],
        ["Teams needed", _span(rows, "teams_needed_population", "teams_needed_caseload"),
         population],
        ["FTE gap", _span(rows, "fte_gap", "fte_gap_high") + upper, population],
        ["Cost of the gap a year",
         f"{text(figure(rows['cost_total']))} (pay cost, low end) to "
         f"{text(figure(rows['cost_headline_high']))} (pay and non-pay, high end)" + upper,
         pay],
        ["Cost of one team a year",
         f"{text(figure(rows['cost_one_team']))} to "
         f"{text(figure(rows['cost_one_team_headline_high']))}", pay],
        ["Costed at", area.pay_basis, pay],
    ]
    return View(f"Summary: {area.name} ({area.area_id})", ["figure", "value", "data of"], out,
                caption="The low ends: the example team's itemised posts at GM density, band "
                        "midpoint. The high ends: the Parent-Infant Foundation's basis, the "
                        "source's stated team size, top of band, with non-pay. Each figure's "
                        "basis and source follow in the tables below.")
