"""Areas from the bundled figures: an imported area with an ONS code gets any population
figure left blank from the council or ICB the code names, and says where it came from."""

from __future__ import annotations

from workforce.errors import NotFound, UserError
from workforce.national.figures import Place, load_uk
from workforce.national.lookup import find
from workforce.store.models import Area

#: Area fields filled from the bundled figures, and the Place attribute each comes from.
FILLED = {"population": "population", "population_0_2": "under_2",
          "births_per_year": "births"}


def place_of(code: str) -> Place:
    """The council or ICB with ONS code `code`; NotFound names the closest."""
    uk = load_uk()
    wanted = code.strip().upper()
    if wanted in uk.icbs:
        return uk.icbs[wanted]
    if wanted in uk.councils:
        return uk.councils[wanted]
    try:  # a name, or an ICB's NHS code: say which code to use
        level = "icb" if wanted.startswith("E54") or len(wanted) == 3 else "la"
        found = find(uk, code, level)
    except UserError:  # unknown, or a name of several areas
        raise NotFound("is not the ONS code of a UK council or English ICB in the bundled "
                       "figures (e.g. E08000003)") from None
    raise NotFound(f"is not an ONS code: did you mean {found.code} ({found.name})?")


def filled(record: dict) -> dict:
    """The blank population figures of an area `record` with an ONS code, from the bundled
    figures, and the area's population_source saying where they came from."""
    code = record.get("ons_code")
    if not code:
        return {}
    place = place_of(code)
    blanks = [f for f in FILLED if record.get(f) is None]
    values = {f: getattr(place, FILLED[f]) for f in blanks}
    if not blanks:
        return values
    parts = []
    people = [f for f in blanks if f != "births_per_year"]
    if people:
        parts.append(f"{', '.join(people)}: {place.label} mid-{place.year}, {place.source}")
    if "births_per_year" in blanks:
        parts.append(f"births_per_year: {place.label}, births {place.births_period}")
    return {**values, "population_source": "; ".join(parts)}


def bid_areas(engine, places: list[Place]) -> tuple[list[str], list[Area]]:
    """The area ids to report on for `places`, and the areas to add that the database does
    not hold. An area already imported with the place's ONS code is used as it is (with
    its teams and staff); any other place becomes an area of its bundled figures alone."""
    from sqlalchemy import select
    from sqlmodel import Session

    codes = [p.code for p in places]
    with Session(engine) as session:
        held = {a.ons_code: a.area_id for a in session.scalars(
            select(Area).where(Area.ons_code.in_(codes)).order_by(Area.area_id))}
    ids, extra = [], []
    for place in places:
        if place.code in held:
            ids.append(held[place.code])
            continue
        values = filled({"ons_code": place.code})
        extra.append(Area(area_id=place.code, name=place.name, ons_code=place.code, **values))
        ids.append(place.code)
    return ids, extra
