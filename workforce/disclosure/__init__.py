"""Published figures and how they protect the people behind them: a Metric (a figure with
its unit, source and the people it is about) and the cell key method, which adds to each
figure about people a noise chosen by those people's secret record keys."""
