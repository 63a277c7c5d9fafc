"""The national picture from bundled official figures: every UK council's and English ICB's
babies, births and need, the teams known from the Parent-Infant Foundation's survey, and
the hex layouts that map them. Loaded only by the commands that need it."""
