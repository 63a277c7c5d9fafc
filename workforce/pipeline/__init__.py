"""Workforce projection and investment planning for PAIR teams: stocks of staff and
trainees, the yearly flows between them, a Monte Carlo projection, and an optimiser that
chooses what to fund."""
