"""People's names and ids: look a person up by id (pin, erase), and keep a name plain text.

A name is shown in terminals, spreadsheets and documents: a control character in it (a
terminal escape, an OSC 8 hyperlink or OSC 52 clipboard write, NUL, a newline) or a
bidirectional override would act there instead of showing, so it is refused on the way in.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.engine import Engine
from sqlmodel import Session

from workforce.errors import NotFound
from workforce.store.models import Staff, Trainee

KINDS = {"staff": Staff, "trainee": Trainee}


def person_name(engine: Engine, kind: str, person_id: str) -> str:
    """The person's name; refuse an id that names no one ('no trainee R99')."""
    with Session(engine) as session:
        person = session.get(KINDS[kind], person_id)
        if person is None:
            raise NotFound(f"no {kind} {person_id}")
        return person.name


#: Format characters that reorder text on screen (Trojan Source); other format characters,
#: such as the zero-width joiner in some names, are harmless.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_character(text: str) -> str | None:
    """The first control or bidirectional-override character in `text`, as U+XXXX; None if
    there is none."""
    for char in text:
        if unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
            return f"U+{ord(char):04X}"
    return None


#: What no XML document (Word, XLSX, SVG, HTML) may hold, nor a reader should see: C0
#: controls but tab and newline, DEL and the C1 controls, lone surrogates, U+FFFE/U+FFFF.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` without the characters no document can hold. Imports refuse them in names, but
    an older database or plain SQL may still hold one: documents drop it, never break."""
    return UNPRINTABLE.sub("", text)
