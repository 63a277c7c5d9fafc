"""Reference data with a team setting changed, as an organisation would in its own file."""

from __future__ import annotations

import dataclasses


def lapsing(ref):
    """The reference data with `overdue_reviews: lapse`."""
    rules = dataclasses.replace(ref.service.rules, overdue_reviews="lapse")
    return dataclasses.replace(ref, service=dataclasses.replace(ref.service, rules=rules))
