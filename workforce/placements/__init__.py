"""The placement planner: who may supervise whom, the solver, validation and explanations."""
