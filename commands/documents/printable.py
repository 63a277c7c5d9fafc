"""Text a document can hold: XML (Word, SVG, HTML) allows no NUL or other C0 control
character, and none should reach a reader anyway. Names are refused with them on import, but
an older database or plain SQL may still hold one; documents drop them, never break."""

from __future__ import annotations

import re

#: C0 controls other than tab and newline, DEL and the C1 controls, lone surrogates, and
#: the two non-characters XML forbids.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    return UNPRINTABLE.sub("", text)
