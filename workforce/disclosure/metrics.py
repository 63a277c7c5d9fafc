"""One figure of a funding bid, with its unit, assumption and source, and whether it is
withheld to protect the few people it is about (small-number suppression)."""

from __future__ import annotations

from dataclasses import dataclass

#: The mark of a withheld figure in every format: the ONS and GSS "confidential" mark.
SUPPRESSED = "[c]"
#: Figures about 1 to this many less one people are withheld.
SMALL_NUMBER = 5
SUPPRESSION_NOTE = (f"{SUPPRESSED} = withheld to protect confidentiality: the figure is about "
                    f"1 to {SMALL_NUMBER - 1} people, or could be worked out from other "
                    f"figures that are. A zero is shown as 0.")


@dataclass(frozen=True)
class Metric:
    section: str
    metric: str
    label: str
    value: float | int | None
    unit: str
    assumption: str = ""
    source: str = ""
    #: How many people the figure is about, when it is about people: a count of people, or
    #: the FTE of a group (which would give the count away). None for everything else.
    people: int | None = None
    #: The pay band of a per-band figure; the terminal shows these as one table by band.
    band: str | None = None
    #: Withheld by small-number suppression, directly or because others give it away.
    suppressed: bool = False

    @property
    def small(self) -> bool:
        """About 1 to 4 people: withheld in its own right (zero discloses no one)."""
        return self.people is not None and 0 < self.people < SMALL_NUMBER

    def shown(self) -> float | int | str | None:
        """The value as published."""
        return SUPPRESSED if self.suppressed else self.value

    def row(self) -> dict:
        """The JSON and CSV row, without the area."""
        return {"section": self.section, "metric": self.metric, "label": self.label,
                "value": self.shown(), "unit": self.unit, "assumption": self.assumption,
                "source": self.source, "suppressed": self.suppressed}


def count(section: str, metric: str, label: str, value: int, unit: str = "people",
          assumption: str = "", source: str = "") -> Metric:
    """A count of people, withheld when 1 to 4."""
    return Metric(section, metric, label, value, unit, assumption, source, people=value)
