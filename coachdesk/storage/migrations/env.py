"""Alembic environment: runs on the connection CoachDesk hands it, never from alembic.ini."""

from __future__ import annotations

from alembic import context

from coachdesk.storage.rows import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - CoachDesk always passes its connection
    raise RuntimeError("CoachDesk migrations run through coachdesk.storage.migrate only.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
