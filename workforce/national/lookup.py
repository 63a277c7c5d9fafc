"""Find a council or ICB by its code or name, as a user types it.

A code matches exactly (an ICB also by its NHS ODS code, e.g. QOP). A name matches when
it is the area's name once the words many names share ("NHS", "Integrated Care Board",
"City of") are set aside; failing that, every area whose name holds it as whole words.
More than one match is an error that lists them; none is an error naming the closest.
"""

from __future__ import annotations

import difflib
import re

from workforce.errors import NotFound, UserError
from workforce.national.figures import Place, UkFigures

WHAT = {"la": "council", "icb": "ICB"}
NOISE = re.compile(r"\b(nhs|integrated care board|icb|city of|county of|council|the)\b")


class Ambiguous(UserError):
    """A name that matches several areas; the message lists them."""


def normalise(name: str) -> str:
    lowered = re.sub(r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and "))
    return " ".join(NOISE.sub(" ", lowered).split())


def find(uk: UkFigures, query: str, level: str) -> Place:
    """The one council (`level` "la") or ICB ("icb") that `query` names."""
    places = uk.level(level)
    wanted = query.strip()
    for place in places.values():
        if wanted.upper() in (place.code, place.ods_code):
            return place
    key = normalise(wanted)
    exact = [p for p in places.values() if normalise(p.name) == key]
    words = re.compile(rf"\b{re.escape(key)}\b")
    matches = exact or ([p for p in places.values() if words.search(normalise(p.name))]
                        if key else [])
    if len(matches) == 1:
        return matches[0]
    what = WHAT[level]
    if matches:
        raise Ambiguous(f"{query!r} matches {len(matches)} {what}s: "
                        f"{'; '.join(p.label for p in sorted(matches, key=lambda p: p.name))}. "
                        f"Give the code or the full name")
    names = {normalise(p.name): p for p in places.values()}
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.5)
    hint = (f"closest: {'; '.join(names[n].label for n in close)}" if close
            else "give an ONS code (e.g. E08000003) or a name")
    raise NotFound(f"no {what} {query!r} in the bundled UK figures ({hint})")
