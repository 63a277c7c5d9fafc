"""The funding-bid report: need, coverage, staffing and cost gap, pipeline."""
