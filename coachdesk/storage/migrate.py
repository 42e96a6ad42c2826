"""Running the Alembic migrations shipped inside the package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection) -> object:
    from alembic.config import Config  # imported late: only needed when the schema moves

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def all_or_nothing(connection: Connection) -> Iterator[None]:
    """Run the schema changes in the block as one transaction, with foreign keys off.

    pysqlite runs DDL outside any transaction unless one is open, so without an explicit BEGIN a
    crash mid-migration leaves half a schema that no later start can migrate. And with foreign
    keys on, the table rebuild Alembic's batch mode does (DROP TABLE) would cascade-delete every
    child row. Both pragmas are no-ops inside a transaction, hence the order here.
    """
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"The migration broke {len(broken)} references: {broken[:3]}")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema on ``connection`` up to ``revision``."""
    from alembic import command

    command.upgrade(_config(connection), revision)  # type: ignore[arg-type]


def script_revisions() -> list[str]:
    """Return the revisions of the shipped scripts, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS))
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
