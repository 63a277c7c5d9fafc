"""Published figures and what is withheld: a Metric (a figure with its unit, source and the
people it is about), and the suppression that keeps small numbers and what they give away
out of every report."""
