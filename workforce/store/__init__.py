"""The store: one database (SQLite or PostgreSQL) and its governance.

- db, models, migrations: the engine, the tables, and the Alembic chain that builds them
- changelog: who changed what, when
- people, erasure: looking a person up, and erasing them on request
- grants, backup: least-privilege roles on PostgreSQL, and copies of the database
- overview: what the database holds, in a few lines
"""
