"""workforce: plan the workforce of specialised parent-infant relationship (PAIR) teams.

The domain library: reference data, the database, importers and exporters, the
competency audit, the placement planner and the funding-bid report. It never
prints and never imports click or rich; the `commands` package renders.
"""

__version__ = "0.1.0"
