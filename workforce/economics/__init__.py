"""The economics of a place: need for a PAIR service (babies who would benefit, teams
needed), the staffing those teams ask for against staff in post, and what it costs at
Agenda for Change rates. The bid report and the pipeline both stand on it."""
