"""The bid report as documents a bid writer attaches: Word, print-ready HTML and SVG
charts, one file for all areas or one per area."""
