"""One figure of a funding bid, with its unit, assumption and source, whether it is about
people (and so published with cell key noise), and whether it is withheld."""

from __future__ import annotations

from dataclasses import dataclass

#: The mark of a withheld figure in every format: the ONS and GSS "confidential" mark.
SUPPRESSED = "[c]"
SUPPRESSION_NOTE = (f"{SUPPRESSED} = withheld to protect confidentiality: the figure is worked "
                    f"out from staff's AiMH levels today, person by person (the level-3 "
                    f"projection, or whether a team's lead holds level 3), and would give "
                    f"them away.")


def perturbation_note(count_noise: float, fte_noise: float, least_fte: float) -> str:
    """What a reader must know about figures about people in a protected report."""
    return (f"Figures about staff and trainees (FTE in post, people at each AiMH level, "
            f"trainees placed, supervision places) carry noise by the ONS cell key method: "
            f"up to {count_noise:g} people or {fte_noise:g} FTE either way, and at least "
            f"{least_fte:g} FTE on every nonzero FTE (ASSUMPTION: data/disclosure.yaml). FTE "
            f"gaps and their cost are worked out from these figures. Each has noise of its "
            f"own, so they need not add up (in post in all bands against the bands); the "
            f"same people always get the same noise; a zero is shown as 0.")


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
    #: the FTE of a group. None for everything else (organisational figures).
    people: int | None = None
    #: The pay band of a per-band figure; the terminal shows these as one table by band.
    band: str | None = None
    #: Withheld: it would give away figures about people.
    suppressed: bool = False
    #: About people, and published with cell key noise.
    perturbed: bool = False

    def shown(self) -> float | int | str | None:
        """The value as published."""
        return SUPPRESSED if self.suppressed else self.value

    def row(self) -> dict:
        """The JSON and CSV row, without the area."""
        return {"section": self.section, "metric": self.metric, "label": self.label,
                "value": self.shown(), "unit": self.unit, "assumption": self.assumption,
                "source": self.source, "band": self.band, "suppressed": self.suppressed,
                "perturbed": self.perturbed}


def count(section: str, metric: str, label: str, value: int, unit: str = "people",
          assumption: str = "", source: str = "") -> Metric:
    """A count of people."""
    return Metric(section, metric, label, value, unit, assumption, source, people=value)
