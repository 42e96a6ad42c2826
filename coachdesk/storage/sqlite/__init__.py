"""Everything specific to SQLite lives here: pragmas, the full-text index, the backup API.

A school that points CoachDesk at PostgreSQL replaces this package, not the repositories.
"""
