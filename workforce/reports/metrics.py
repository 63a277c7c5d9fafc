"""One figure of a funding bid, with its unit, assumption and source, and the small-number
suppression every published NHS statistic applies to counts of people."""

from __future__ import annotations

from dataclasses import dataclass

SUPPRESSED = "<5"
#: Figures about fewer people than this are shown as "<5" (small-number suppression).
SMALL_NUMBER = 5


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

    def shown(self, suppress: bool) -> float | int | str | None:
        """The value as published: "<5" when it is about fewer than five people."""
        if suppress and self.people is not None and self.people < SMALL_NUMBER:
            return SUPPRESSED
        return self.value

    def row(self, suppress: bool) -> dict:
        """The JSON and CSV row, without the area."""
        return {"section": self.section, "metric": self.metric, "label": self.label,
                "value": self.shown(suppress), "unit": self.unit,
                "assumption": self.assumption, "source": self.source}


def count(section: str, metric: str, label: str, value: int, unit: str = "people",
          assumption: str = "", source: str = "") -> Metric:
    """A count of people, suppressed below five."""
    return Metric(section, metric, label, value, unit, assumption, source, people=value)
