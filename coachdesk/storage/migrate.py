"""Running the Alembic migrations shipped inside the package."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection) -> object:
    from alembic.config import Config  # imported late: only needed when the schema moves

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema on ``connection`` up to ``revision``."""
    from alembic import command

    command.upgrade(_config(connection), revision)  # type: ignore[arg-type]


def script_revisions() -> list[str]:
    """Return the revisions of the shipped scripts, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS))
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
